import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import { ConnectorClient } from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { buildIncomingActivity, localRequestSchema } from '../../src/web/localActivity';
import { runLocalTurn } from '../../src/web/localTurn';

class ProbeBot extends ActivityHandler {
  seen: Partial<Activity>[] = [];
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      this.seen.push({ ...context.activity });
      await context.sendTraceActivity('probe');
      await context.sendActivity('first');
      await context.sendActivity('second');
      if (context.activity.text === 'fail') throw new Error('probe failure');
      await next();
    });
  }
}

function incoming(text: string): Activity {
  return buildIncomingActivity(localRequestSchema.parse({ conversationId: 'local-turn-test', activity: { type: 'message', text } }), {
    id: 'bot',
    name: 'Bot',
  });
}

/** As src/bot/adapter.ts builds it with no MicrosoftAppId. */
function anonymousAdapter(): CloudAdapter {
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
}

const adapters: Array<[string, () => CloudAdapter, string]> = [
  ['no app id (anonymous)', () => anonymousAdapter(), ''],
  [
    'an app id configured (channel requests would need a token)',
    () =>
      new CloudAdapter(
        new ConfigurationBotFrameworkAuthentication({
          MicrosoftAppId: '00000000-0000-0000-0000-000000000002',
          MicrosoftAppPassword: 'not-a-real-password',
          MicrosoftAppType: 'MultiTenant',
        }),
      ),
    '00000000-0000-0000-0000-000000000002',
  ],
];

describe('runLocalTurn', () => {
  it.each(adapters)('runs the turn through the adapter with %s and returns the replies in order', async (_label, make, appId) => {
    const bot = new ProbeBot();
    const replies = await runLocalTurn(make(), bot, incoming('hello'), appId);
    expect(replies.map((r) => [r.type, r.text ?? r.name])).toEqual([
      ['trace', 'probe'],
      ['message', 'first'],
      ['message', 'second'],
    ]);
    expect(bot.seen[0]).toMatchObject({ channelId: 'webchat', deliveryMode: 'expectReplies', text: 'hello' });
    expect(replies[1]).toMatchObject({ replyToId: bot.seen[0]?.id, recipient: { id: 'dl_local-turn-test' } });
  });

  it('keeps what onTurnError sent when the bot throws', async () => {
    const adapter = anonymousAdapter();
    adapter.onTurnError = async (context) => {
      await context.sendActivity('sorry');
    };
    const replies = await runLocalTurn(adapter, new ProbeBot(), incoming('fail'), '');
    expect(replies.filter((r) => r.type === 'message').map((r) => r.text)).toEqual(['first', 'second', 'sorry']);
  });

  it('rejects when the bot throws and nothing handles it', async () => {
    await expect(runLocalTurn(anonymousAdapter(), new ProbeBot(), incoming('fail'), '')).rejects.toThrow(/probe failure/);
  });

  it('gives every local turn the same connector client rather than building one per turn', async () => {
    const adapter = anonymousAdapter();
    const clients: unknown[] = [];
    const bot = { run: async (context: TurnContext) => void clients.push(context.turnState.get(adapter.ConnectorClientKey)) };
    await runLocalTurn(adapter, bot, incoming('one'), '');
    await runLocalTurn(adapter, bot, incoming('two'), '');
    expect(clients[0]).toBeInstanceOf(ConnectorClient);
    expect(clients[1]).toBe(clients[0]);
  });

  it('refuses activities that do not ask for expectReplies', async () => {
    const activity = { ...incoming('hello'), deliveryMode: 'normal' } as Activity;
    await expect(runLocalTurn(anonymousAdapter(), new ProbeBot(), activity, '')).rejects.toThrow(/expectReplies/);
  });
});
