import type { AddressInfo } from 'node:net';
import { ConversationState, MemoryStorage, UserState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type * as restify from 'restify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAdapter } from '../src/bot/adapter';
import { SciaticaBot, type RootDialog } from '../src/bot/sciaticaBot';
import { loadConfig, type AppConfig } from '../src/config';
import { createMemoryLogger } from '../src/logger';
import { closeGracefully, createServer, MAX_BODY_BYTES, ServerLifecycle } from '../src/server';
import { fakeKnowledge, fakeWelcome } from './bot/fakes';

/** A root dialog that echoes, optionally after waiting for a gate (to hold a turn in flight). */
class EchoDialog implements RootDialog {
  gate: Promise<void> | undefined;
  started = 0;
  onTurn: ((context: TurnContext) => void) | undefined;
  async run(context: TurnContext, _state: StatePropertyAccessor<DialogState>): Promise<void> {
    this.started += 1;
    this.onTurn?.(context);
    if (this.gate) await this.gate;
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  }
}

interface Running {
  base: string;
  adapter: ReturnType<typeof createAdapter>;
  server: restify.Server;
  lifecycle: ServerLifecycle;
  dialog: EchoDialog;
  logger: ReturnType<typeof createMemoryLogger>;
}

const running: Running[] = [];

async function start(env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const config: AppConfig = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const logger = createMemoryLogger();
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const dialog = new EchoDialog();
  const bot = new SciaticaBot({ conversationState, userState, dialog, knowledge: fakeKnowledge, logger, welcome: fakeWelcome });
  const adapter = createAdapter(config, logger, conversationState);
  const lifecycle = new ServerLifecycle();
  const server = createServer({ adapter, bot, config, logger, version: '9.9.9', lifecycle });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const r = { base: `http://127.0.0.1:${port}`, adapter, server, lifecycle, dialog, logger };
  running.push(r);
  return r;
}

afterEach(async () => {
  for (const r of running.splice(0)) {
    r.server.server.closeAllConnections();
    await new Promise<void>((resolve) => r.server.close(() => resolve()));
  }
});

const activity = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  id: 'a1',
  channelId: 'test',
  serviceUrl: 'http://127.0.0.1:1',
  deliveryMode: 'expectReplies',
  conversation: { id: 'conv-1' },
  from: { id: 'user-1' },
  recipient: { id: 'bot-1' },
  text,
  ...extra,
});

const post = (base: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${base}/api/messages`, { method: 'POST', headers, body });

describe('GET /healthz', () => {
  it('answers 200 with status, uptime and version', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'ok', version: '9.9.9' });
    expect(typeof body.uptime).toBe('number');
  });
});

describe('POST /api/messages', () => {
  it('runs a turn and returns the replies when delivery mode is expectReplies', async () => {
    const { base } = await start();
    const res = await post(base, JSON.stringify(activity('hello')));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { activities: Array<{ text?: string }> };
    expect(body.activities.map((a) => a.text)).toEqual(['echo: hello']);
  });

  it.each([
    ['malformed JSON', '{"type": "message", "text": "my secret', 400, 'InvalidContent'],
    ['an empty body', '', 400, 'InvalidActivity'],
    ['a JSON array', '[1,2]', 400, 'InvalidActivity'],
    ['an object without a type', '{"text":"hi"}', 400, 'InvalidActivity'],
    ['a JSON string', '"hello"', 400, 'InvalidActivity'],
    ['an activity without a channelId', JSON.stringify({ ...activity('hi'), channelId: undefined }), 400, 'InvalidActivity'],
    ['an activity without a conversation id', JSON.stringify({ ...activity('hi'), conversation: {} }), 400, 'InvalidActivity'],
    ['an activity whose conversation is not an object', JSON.stringify({ ...activity('hi'), conversation: 5 }), 400, 'InvalidActivity'],
    ['an activity without a sender', JSON.stringify({ ...activity('hi'), from: undefined }), 400, 'InvalidActivity'],
    ['an activity whose sender has no id', JSON.stringify({ ...activity('hi'), from: { name: 'x' } }), 400, 'InvalidActivity'],
  ])('rejects %s with a JSON error, without echoing it, and keeps serving', async (_label, body, status, code) => {
    const { base } = await start();
    const res = await post(base, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json.error).toBe(code);
    expect(JSON.stringify(json)).not.toContain('secret');
    const next = await post(base, JSON.stringify(activity('still there?')));
    expect(next.status).toBe(200);
  });

  it('rejects a body that is not JSON at all', async () => {
    const { base } = await start();
    const res = await post(base, 'type=message&text=hi', { 'content-type': 'text/plain' });
    expect(res.status).toBe(400);
  });

  it('rejects bodies over the size limit with 413', async () => {
    const { base } = await start();
    const res = await post(base, JSON.stringify(activity('x'.repeat(MAX_BODY_BYTES + 10))));
    expect(res.status).toBe(413);
    expect(((await res.json()) as Record<string, unknown>).error).toBe('PayloadTooLarge');
  });

  it('answers 401 to unauthenticated requests when MicrosoftAppId is configured', async () => {
    const { base, dialog } = await start({ MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'not-a-real-password' });
    const res = await post(base, JSON.stringify(activity('hello')));
    expect(res.status).toBe(401);
    // A token that is not a valid Bot Framework token is refused by the adapter itself.
    const forged = await post(base, JSON.stringify(activity('hello')), {
      'content-type': 'application/json',
      authorization: 'Bearer not.a.jwt',
    });
    expect(forged.status).toBe(401);
    expect(dialog.started).toBe(0);
  });

  it('answers a forged token with our JSON 401 and a debug log line, not a stack trace on the console', async () => {
    const { base, dialog, logger } = await start({ MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'not-a-real-password' });
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      for (let i = 0; i < 2; i++) {
        const forged = await post(base, JSON.stringify(activity('my secret words')), { 'content-type': 'application/json', authorization: 'Bearer not.a.jwt' });
        expect(forged.status).toBe(401);
        expect(await forged.json()).toEqual({ error: 'Unauthorized', message: 'A valid Bot Framework token is required.' });
      }
      expect(consoleError).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
    }
    expect(dialog.started).toBe(0);
    const lines = logger.lines.filter((l) => l.msg === 'request not authenticated');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 'debug', conversationId: 'conv-1' });
    expect(JSON.stringify(logger.lines)).not.toContain('secret');
  });

  it('answers 500 with a JSON error, and logs it with the conversation id, when an error escapes the turn', async () => {
    const { base, adapter, dialog, logger } = await start();
    adapter.onTurnError = undefined as never; // nothing catches it inside the turn
    dialog.onTurn = () => {
      throw new Error('broken beyond onTurnError');
    };
    const res = await post(base, JSON.stringify(activity('my secret words')));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'Internal', message: 'The activity could not be processed.' });
    const line = logger.lines.find((l) => l.msg === 'activity failed');
    expect(line).toMatchObject({ level: 'error', conversationId: 'conv-1' });
    expect(JSON.stringify(logger.lines)).not.toContain('secret');
  });

  it('gives the bot the activity\'s timestamps as dates, keeping the text it was sent', async () => {
    const { base, dialog } = await start();
    const seen: unknown[] = [];
    dialog.onTurn = (context) => seen.push(context.activity.timestamp, (context.activity as { rawTimestamp?: unknown }).rawTimestamp);
    const res = await post(base, JSON.stringify(activity('hello', { timestamp: '2026-11-24T08:00:00.000Z' })));
    expect(res.status).toBe(200);
    expect(seen[0]).toBeInstanceOf(Date);
    expect((seen[0] as Date).toISOString()).toBe('2026-11-24T08:00:00.000Z');
    expect(seen[1]).toBe('2026-11-24T08:00:00.000Z');
  });
});

describe('graceful shutdown', () => {
  it('reports 503 on /healthz and /api/messages once shutting down', async () => {
    const { base, lifecycle } = await start();
    lifecycle.beginShutdown();
    expect((await fetch(`${base}/healthz`)).status).toBe(503);
    expect((await post(base, JSON.stringify(activity('hello')))).status).toBe(503);
  });

  it('lets a turn in flight finish before closing', async () => {
    const { base, server, lifecycle, dialog, logger } = await start();
    let release = () => {};
    dialog.gate = new Promise<void>((resolve) => (release = resolve));
    const inFlight = post(base, JSON.stringify(activity('slow one')));
    await expect.poll(() => lifecycle.inFlight).toBe(1);

    const closing = closeGracefully(server, lifecycle, logger, 5_000);
    setTimeout(release, 100);
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { activities: Array<{ text?: string }> }).activities[0]?.text).toBe('echo: slow one');
    await expect(closing).resolves.toBe(true);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  it('gives up waiting after the timeout', async () => {
    const { base, server, lifecycle, dialog, logger } = await start();
    dialog.gate = new Promise<void>(() => {});
    void post(base, JSON.stringify(activity('stuck'))).catch(() => undefined);
    await expect.poll(() => lifecycle.inFlight).toBe(1);
    await expect(closeGracefully(server, lifecycle, logger, 100)).resolves.toBe(false);
    expect(logger.lines.map((l) => l.msg)).toContain('shutdown timed out with turns in flight');
  });
});
