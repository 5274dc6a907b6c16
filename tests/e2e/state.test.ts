import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTurn, renderTurn } from '../../src/bot/textRendering';
import { STORAGE_DOWN_REPLY } from '../../src/bot/adapter';
import { BoundedMemoryStorage, userIndexKey } from '../../src/storage';
import { Azurite } from './azurite';
import { conversation, startApp, type Reply, type RunningApp } from './httpHarness';

/**
 * State as a person meets it, through the real server and CloudAdapter over HTTP: a restart on the
 * embedded store, a Blob outage and recovery on a real Azurite, and "forget me" across conversations.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The same conversation (ids) against whichever server is running now. */
function samePerson(id: string) {
  let seq = 0;
  return async (base: string, text: string): Promise<Reply & { ms: number }> => {
    const started = Date.now();
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        id: `${id}-${++seq}`,
        text,
        channelId: 'emulator',
        serviceUrl: 'http://127.0.0.1:9',
        deliveryMode: 'expectReplies',
        conversation: { id },
        from: { id: `user-${id}`, role: 'user' },
        recipient: { id: 'bot-e2e', role: 'bot' },
      }),
    });
    const raw = await res.text();
    const activities = raw ? ((JSON.parse(raw) as { activities?: [] }).activities ?? []) : [];
    return { status: res.status, activities, text: formatTurn(renderTurn(activities)), ms: Date.now() - started };
  };
}

const LOST = /went wrong|only help with|lost track/i;

describe('a restart mid-conversation on the embedded store (the default)', () => {
  it('loses nothing: the answer to the open question is taken up after the restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'state-restart-'));
    dirs.push(dir);
    const env = { STATE_STORE: 'embedded', STATE_DIR: dir };
    const say = samePerson(`restart-${process.pid}`);

    let running: RunningApp = await startApp(env);
    expect(running.app.storage.kind).toBe('embedded');
    const asked = await say(running.base, 'my buttock hurts when I sit');
    expect(asked.text).toMatch(/before I suggest anything/i);
    await running.close();
    await running.app.storage.close?.();

    running = await startApp(env);
    try {
      const next = await say(running.base, 'none of these');
      expect(next.status).toBe(200);
      expect(next.text).not.toMatch(LOST);
      expect(next.text).not.toMatch(/before I suggest anything/i);
    } finally {
      await running.close();
      await running.app.storage.close?.();
    }
  }, 60_000);
});

describe('a Blob outage and recovery (real Azurite)', () => {
  let azurite: Azurite;
  let running: RunningApp;
  beforeAll(async () => {
    azurite = await Azurite.start();
    running = await startApp({ STORAGE_CONNECTION_STRING: azurite.connectionString, STORAGE_CONTAINER: 'outage', STORAGE_TIMEOUT_MS: '1500' });
  }, 60_000);
  afterAll(async () => {
    await running?.close();
    await azurite?.dispose();
  });

  it('a turn fails fast with a plain apology, /readyz says so, and after recovery the conversation carries on', async () => {
    expect(running.app.storage.kind).toBe('blob');
    const say = samePerson(`outage-${process.pid}`);
    const ready = await fetch(`${running.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', store: 'blob' });

    const asked = await say(running.base, 'my buttock hurts when I sit');
    expect(asked.text).toMatch(/before I suggest anything/i);

    await azurite.stop();
    const failed = await say(running.base, 'none of these');
    expect(failed.status).toBe(200);
    expect(failed.activities[0]?.text).toBe(STORAGE_DOWN_REPLY);
    expect(failed.ms).toBeLessThan(10_000);
    expect((await fetch(`${running.base}/readyz`)).status).toBe(503);

    await azurite.start();
    expect((await fetch(`${running.base}/readyz`)).status).toBe(200);
    const next = await say(running.base, 'none of these');
    expect(next.text).not.toMatch(LOST);
    expect(next.text).not.toMatch(/before I suggest anything/i);
  }, 60_000);
});

describe('"forget me" over HTTP', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running?.close();
  });

  it("deletes the person's user state and every conversation of theirs, and nobody else's", async () => {
    const storage = running.app.storage as BoundedMemoryStorage;
    const first = conversation(running.base);
    const second = conversation(running.base);
    const someoneElse = conversation(running.base);
    const asSame = (text: string) => second.send({ text, from: first.user });

    // Two conversations of one person, each part-way through, and a saved assessment in user state.
    expect((await first.say('my buttock hurts when I sit')).text).toMatch(/before I suggest anything/i);
    expect((await asSame('my lower back aches')).status).toBe(200);
    await someoneElse.say('my buttock hurts when I sit');
    const index = userIndexKey('emulator', first.user.id);
    const indexed = (await storage.read([index]))[index] as { conversations: Record<string, number> } | undefined;
    expect(Object.keys(indexed?.conversations ?? {}).sort()).toEqual([`emulator/conversations/${first.id}/`, `emulator/conversations/${second.id}/`].sort());
    await storage.write({ [`emulator/users/${first.user.id}/`]: { lastAssessment: { summary: 'piriformis' } } });
    const before = storage.size;

    const done = await asSame('forget me');
    expect(done.text).toMatch(/deleted everything/i);

    const theirs = [`emulator/conversations/${first.id}/`, `emulator/conversations/${second.id}/`, `emulator/users/${first.user.id}/`, index];
    expect(await storage.read(theirs)).toEqual({});
    expect(storage.size).toBe(before - theirs.length);
    expect(Object.keys(await storage.read([`emulator/conversations/${someoneElse.id}/`]))).toHaveLength(1);

    // The first conversation starts afresh: its open question is gone.
    const afresh = await first.say('none of these');
    expect(afresh.text).not.toMatch(/may be involved/i);
  });
});
