import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { formatTurn, renderTurn } from '../../src/bot/textRendering';
import { loadConfig } from '../../src/config';
import { createApp, type App } from '../../src/index';
import { createMemoryLogger } from '../../src/logger';

/** The real app (real knowledge, matcher, dialogs, bot, CloudAdapter, restify) on 127.0.0.1, port 0. */
export interface RunningApp {
  base: string;
  app: App;
  logger: ReturnType<typeof createMemoryLogger>;
  close(): Promise<void>;
}

export async function startApp(env: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  const config = loadConfig({ NODE_ENV: 'test', ...env });
  const logger = createMemoryLogger('debug');
  const app = createApp(config, logger);
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    app,
    logger,
    close: async () => {
      app.server.server.closeAllConnections();
      await new Promise<void>((resolve) => app.server.close(() => resolve()));
    },
  };
}

export interface Reply {
  status: number;
  activities: Array<Partial<Activity>>;
  /** The replies as the terminal chat would print them (text, card fallbacks, numbered options). */
  text: string;
}

let conversationCounter = 0;

/** One conversation over POST /api/messages with deliveryMode expectReplies. */
export function conversation(base: string, options: { channelId?: string; botName?: string } = {}) {
  const id = `e2e-${process.pid}-${++conversationCounter}`;
  const channelId = options.channelId ?? 'emulator';
  const user = { id: `user-${id}`, name: 'Test User', role: 'user' };
  const bot = { id: 'bot-e2e', name: options.botName ?? 'Sciatica Helper', role: 'bot' };
  let seq = 0;

  /** Posts a raw activity (fields override the defaults); resolves with the HTTP status and replies. */
  const send = async (fields: Record<string, unknown>): Promise<Reply> => {
    const activity = {
      type: 'message',
      id: `${id}-${++seq}`,
      timestamp: new Date().toISOString(),
      channelId,
      serviceUrl: 'http://127.0.0.1:9', // never called: expectReplies returns replies in the body
      deliveryMode: 'expectReplies',
      conversation: { id },
      from: user,
      recipient: bot,
      locale: 'en-GB',
      ...fields,
    };
    const res = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const raw = await res.text();
    const body = raw ? (JSON.parse(raw) as { activities?: Array<Partial<Activity>> }) : {};
    const activities = body.activities ?? [];
    return { status: res.status, activities, text: formatTurn(renderTurn(activities)) };
  };

  return {
    id,
    user,
    bot,
    send,
    say: (text: string) => send({ text }),
    join: () => send({ type: 'conversationUpdate', membersAdded: [bot, user] }),
  };
}
