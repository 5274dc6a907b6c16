import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postLocal, startServer, testConfig, type RunningServer } from './testBot';

type Activity = Record<string, any>;

const CONVERSATION = 'conv-continuity-0001';
const USER = 'user-continuity-0001';

function post(server: RunningServer, activity: Record<string, unknown>, ids: { conversationId?: string; userId?: string } = {}) {
  return postLocal(server.baseUrl, { conversationId: ids.conversationId ?? CONVERSATION, userId: ids.userId ?? USER, activity });
}

function turnsLogged(server: RunningServer): number {
  return server.logs.filter((l) => l.msg === 'web chat local turn' || l.message === 'web chat local turn').length;
}

describe('local route: continuing a conversation, retries, answered cards', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer(testConfig());
  });
  afterAll(async () => {
    await server.close();
  });

  it('the same user continues the conversation (as after a reload); another user is turned away', async () => {
    expect((await post(server, { type: 'conversationUpdate' })).status).toBe(200);
    const again = await post(server, { type: 'message', text: 'whoami' });
    expect(again.status).toBe(200);
    const whoami = (again.json.activities as Activity[]).find((a) => a.text === 'whoami' && a.from.role === 'bot');
    expect(whoami?.value.from.id).toBe(`dl_${USER}`);
    expect(whoami?.value.conversation.id).toBe(`webchat-local-${CONVERSATION}`);

    const intruder = await post(server, { type: 'message', text: 'hello' }, { userId: 'someone-else-0001' });
    expect(intruder.status).toBe(403);
    expect(intruder.text).not.toContain('hello');
  });

  it('a retried post with the same client activity id gets the first answer, without a second turn', async () => {
    const activity = { type: 'message', text: 'once only', channelData: { clientActivityID: 'client-abc-1' } };
    const first = await post(server, activity);
    const turns = turnsLogged(server);
    expect(turns).toBeGreaterThan(0);
    const retry = await post(server, activity);
    expect(retry.status).toBe(200);
    expect(retry.json).toEqual(first.json);
    expect(turnsLogged(server)).toBe(turns);
    // A new id is a new message.
    const next = await post(server, { ...activity, channelData: { clientActivityID: 'client-abc-2' } });
    expect(next.json.id).not.toBe(first.json.id);
  });

  it('cards say which card a submit answers; a second submit of one card is politely declined', async () => {
    const shown = await post(server, { type: 'message', text: 'acard' });
    const card = (shown.json.activities as Activity[]).find((a) => a.attachments?.length);
    const data = card?.attachments[0].content.actions[0].data;
    expect(data).toMatchObject({ text: 'picked', cardId: card?.id });

    const first = await post(server, { type: 'message', value: data });
    expect((first.json.activities as Activity[]).map((a) => a.text)).toContain('You said: picked');
    const second = await post(server, { type: 'message', value: data });
    expect(second.status).toBe(200);
    const said = (second.json.activities as Activity[]).filter((a) => a.from.role === 'bot').map((a) => a.text);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/already answered/i);
  });

  it('the bot never sees the route\'s card id', async () => {
    const echoed = await post(server, { type: 'message', text: 'whoami', value: { cardId: 'x', text: 'whoami' } });
    expect(echoed.status).toBe(200);
    const user = (echoed.json.activities as Activity[]).find((a) => a.from.role === 'user');
    expect(user?.value).toEqual({ text: 'whoami' });
  });
});
