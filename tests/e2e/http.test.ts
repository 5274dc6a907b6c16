import type { AddressInfo } from 'node:net';
import { MemoryStorage, type StoreItems } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/bot/adapter';
import { loadConfig } from '../../src/config';
import { createBotParts } from '../../src/index';
import { createMemoryLogger } from '../../src/logger';
import { createServer } from '../../src/server';
import { BOT_REPLIES } from '../../src/bot/sciaticaBot';
import { renderTurn } from '../../src/bot/textRendering';
import { conversation, startApp, startChannelService, type Reply, type RunningApp } from './httpHarness';

/**
 * End to end through the real HTTP endpoint: restify, CloudAdapter, SciaticaBot, MainDialog, the real
 * knowledge and matcher. Replies come back in the response body (deliveryMode expectReplies).
 */

let running: RunningApp;
let techniqueNames: string[] = [];

beforeAll(async () => {
  running = await startApp({ EMERGENCY_NUMBER: '112', EMERGENCY_SERVICE_NAME: 'the emergency department' });
  techniqueNames = running.app.knowledge.techniques.map((t) => t.name);
});

afterAll(async () => {
  await running?.close();
});

const mentionsTechnique = (text: string) => techniqueNames.some((name) => text.toLowerCase().includes(name.toLowerCase()));

/** Answers whatever the bot asks with its "no"/"none" option (or plain "no") until it recommends. */
async function talkUntilRecommendation(c: ReturnType<typeof conversation>, opening: string): Promise<Reply[]> {
  const turns = [await c.say(opening)];
  for (let i = 0; i < 10; i++) {
    const last = turns[turns.length - 1] as Reply;
    if (/may be involved/i.test(last.text) && mentionsTechnique(last.text)) return turns;
    const options = renderTurn(last.activities).options;
    const no = options.find((o) => /^(no\b|none|neither|nothing)/i.test(o.label));
    turns.push(await (no ? c.send(no.value ? { text: no.text ?? '', value: no.value } : { text: no.text ?? no.label }) : c.say('no')));
  }
  return turns;
}

describe('POST /api/messages (real bot over HTTP)', () => {
  it('welcomes a person who joins, with suggested actions', async () => {
    const reply = await conversation(running.base).join();
    expect(reply.status).toBe(200);
    expect(reply.activities).toHaveLength(1);
    expect(reply.activities[0]?.text).toMatch(/massage/i);
    expect(reply.activities[0]?.suggestedActions?.actions.length).toBeGreaterThan(0);
  });

  it('welcomes the person once when the Teams app is installed for personal chat (only the bot is added)', async () => {
    const c = conversation(running.base, { channelId: 'msteams' });
    const reply = await c.send({
      type: 'conversationUpdate',
      membersAdded: [c.bot],
      conversation: { id: c.id, conversationType: 'personal', tenantId: 't1' },
      channelData: { tenant: { id: 't1' } },
    });
    expect(reply.status).toBe(200);
    expect(reply.activities).toHaveLength(1);
    expect(reply.activities[0]?.text).toMatch(/not a diagnosis/i);
  });

  it('takes a symptom description through to a recommendation', async () => {
    const c = conversation(running.base);
    await c.join();
    const turns = await talkUntilRecommendation(c, 'My buttock hurts when I sit for a long time, and it spreads down the back of my thigh');
    expect(turns.every((t) => t.status === 200)).toBe(true);
    const last = turns[turns.length - 1] as Reply;
    expect(last.text).toMatch(/may be involved/i);
    expect(mentionsTechnique(last.text)).toBe(true);
    expect(last.text).not.toMatch(/\byou have\b/i);
  });

  it.each([
    ["I can't control my bladder since this started"],
    ['I have numbness between my legs and around my bottom'],
  ])('answers a red flag (%s) with urgent advice, the configured number, and no technique', async (text) => {
    const c = conversation(running.base);
    const reply = await c.say(text);
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('112');
    expect(reply.text).toContain('the emergency department');
    expect(mentionsTechnique(reply.text)).toBe(false);
  });

  it('answers a Teams message that @mentions the bot as if the mention were not there', async () => {
    const plain = await conversation(running.base).say('hi');
    const teams = conversation(running.base, { channelId: 'msteams' });
    const reply = await teams.send({
      text: '<at>Sciatica Helper</at> hi',
      entities: [{ type: 'mention', text: '<at>Sciatica Helper</at>', mentioned: teams.bot }],
      channelData: { tenant: { id: 'tenant-1' } },
    });
    expect(reply.status).toBe(200);
    expect(reply.activities.length).toBeGreaterThan(0);
    expect(reply.text).toBe(plain.text);
  });

  it('treats a card submit carrying text as that text', async () => {
    const typed = await conversation(running.base).say('help');
    const submitted = await conversation(running.base).send({ text: '', value: { text: 'help' } });
    expect(submitted.status).toBe(200);
    expect(submitted.text).toBe(typed.text);
  });
});

describe('POST /api/messages with bad input', () => {
  it.each([
    ['empty text', { text: '' }, BOT_REPLIES.notCaught],
    ['whitespace only', { text: '   \n ' }, BOT_REPLIES.notCaught],
    ['100 KB of text', { text: 'my leg hurts '.repeat(8_000) }, BOT_REPLIES.tooLong],
    ['an attachment only', { attachments: [{ contentType: 'image/jpeg', contentUrl: 'https://example.org/leg.jpg' }] }, BOT_REPLIES.attachmentOnly],
    ['a card submit without text', { value: {} }, BOT_REPLIES.notCaught],
  ])('answers %s with a friendly message and options', async (_label, fields, expected) => {
    const reply = await conversation(running.base).send(fields);
    expect(reply.status).toBe(200);
    expect(reply.activities[0]?.text).toBe(expected);
    expect(reply.activities[0]?.suggestedActions?.actions.length).toBeGreaterThan(0);
  });

  it.each([['🙂🙂🙂'], ['<script>alert(1)</script> **bold** [x](javascript:y)'], ['Боль в ягодице'], ['腰痛']])(
    'answers %s without failing',
    async (text) => {
      const reply = await conversation(running.base).say(text);
      expect(reply.status).toBe(200);
      expect(reply.activities.length).toBeGreaterThan(0);
      expect(reply.text).not.toMatch(/went wrong/i);
    },
  );

  it.each([
    ['an unknown activity type', { type: 'somethingNew' }],
    ['a message reaction', { type: 'messageReaction', reactionsAdded: [{ type: 'like' }] }],
    ['typing', { type: 'typing' }],
    ['a conversationUpdate without members', { type: 'conversationUpdate' }],
  ])('accepts %s with 200 and no reply', async (_label, fields) => {
    const reply = await conversation(running.base).send(fields);
    expect(reply.status).toBe(200);
    expect(reply.activities).toEqual([]);
  });

  it('answers a malformed card invoke with 400, and the conversation carries on where it was', async () => {
    const c = conversation(running.base);
    const asked = await c.say('my buttock hurts when I sit');
    expect(asked.text).toMatch(/before I suggest anything/i);
    const invoke = await c.send({ type: 'invoke', name: 'adaptiveCard/action', value: {}, deliveryMode: undefined });
    expect(invoke.status).toBe(400);
    const next = await c.say('none of these');
    expect(next.status).toBe(200);
    expect(next.text).not.toMatch(/went wrong|only help with/i);
  });

  it('answers malformed JSON with 400 and keeps serving', async () => {
    const res = await fetch(`${running.base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"type":"message","text":"oops',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'InvalidContent' });
    expect((await conversation(running.base).say('hi')).status).toBe(200);
  });

  it('answers a missing body with 400', async () => {
    const res = await fetch(`${running.base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'InvalidActivity' });
  });

  it('never logs what people wrote', async () => {
    await conversation(running.base).say('my zebra-striped private pain story');
    expect(JSON.stringify(running.logger.lines)).not.toContain('zebra');
  });
});

describe('two messages of one conversation at once', () => {
  /** Memory state with the latency of a real store (Blob), so turns that overlap would interleave. */
  class SlowStorage extends MemoryStorage {
    override async read(keys: string[]) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return super.read(keys);
    }
    override async write(changes: StoreItems) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return super.write(changes);
    }
  }

  it('answers the second after the first, in the state the first left (10 trials, store latency 5 ms)', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const logger = createMemoryLogger('warn');
    const parts = createBotParts(config, logger, new SlowStorage());
    const server = createServer({ adapter: createAdapter(config, logger, parts.conversationState), bot: parts.bot, config, logger });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (let trial = 0; trial < 10; trial++) {
        const c = conversation(base);
        const opening = 'my buttock hurts when I sit';
        const alone = await conversation(base).say(opening);
        const [first, second] = await Promise.all([c.say(opening), c.say(opening)]);
        for (const reply of [first, second]) {
          expect(reply?.status).toBe(200);
          expect(reply?.activities.length).toBeGreaterThan(0);
          expect(reply?.text).not.toMatch(/went wrong|lost track/i);
        }
        // One of them is the opening of the conversation; the other was answered after it, in the state it
        // left (had both read the empty state, both would be the opening reply, and one write would be lost).
        expect([first?.text, second?.text].filter((text) => text === alone.text)).toHaveLength(1);
      }
      expect(logger.lines.filter((l) => l.msg === 'turn failed')).toEqual([]);
    } finally {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('GET /healthz', () => {
  it('answers 200 with JSON', async () => {
    const res = await fetch(`${running.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
  });
});

describe('POST /api/messages with normal delivery (replies posted to the channel service)', () => {
  it('posts each turn\'s replies to the service URL the activity names, turn after turn and for a second channel', async () => {
    const [channelA, channelB] = await Promise.all([startChannelService(), startChannelService()]);
    try {
      const first = conversation(running.base);
      const normal = (c: typeof first, text: string, serviceUrl: string) => c.send({ text, serviceUrl, deliveryMode: 'normal' });
      for (const text of ['hi', 'what is the piriformis']) {
        const reply = await normal(first, text, channelA.serviceUrl);
        expect(reply.status).toBe(200);
        expect(reply.activities).toEqual([]);
      }
      const second = conversation(running.base);
      await normal(second, 'hi', channelB.serviceUrl);

      const paths = (requests: typeof channelA.requests) => requests.map((r) => `${r.method} ${r.path}`);
      expect(paths(channelA.requests)).toEqual([
        `POST /v3/conversations/${first.id}/activities/${first.id}-1`,
        `POST /v3/conversations/${first.id}/activities/${first.id}-2`,
      ]);
      expect(channelA.requests[0]?.activity.text).toMatch(/where it hurts/i);
      expect(JSON.stringify(channelA.requests[1]?.activity)).toMatch(/piriformis/i);
      expect(paths(channelB.requests)).toEqual([`POST /v3/conversations/${second.id}/activities/${second.id}-1`]);
    } finally {
      await Promise.all([channelA.close(), channelB.close()]);
    }
  });
});

describe('with a Bot Framework identity configured', () => {
  it('answers 401 to an unauthenticated POST', async () => {
    const secured = await startApp({ MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'not-a-real-password' });
    try {
      const reply = await conversation(secured.base).say('hi');
      expect(reply.status).toBe(401);
      expect(reply.activities).toEqual([]);
    } finally {
      await secured.close();
    }
  });
});
