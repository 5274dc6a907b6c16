import { createServer as createHttpServer } from 'node:http';
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

/** A request the bot made to a channel service. */
export interface ChannelRequest {
  method: string;
  path: string;
  activity: Partial<Activity>;
}

/**
 * A stand-in for a Bot Framework channel's connector service on 127.0.0.1: records what the bot posts
 * (replies when the incoming activity did not ask for expectReplies) and answers as the service would.
 */
export async function startChannelService(): Promise<{ serviceUrl: string; requests: ChannelRequest[]; close(): Promise<void> }> {
  const requests: ChannelRequest[] = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', activity: body ? (JSON.parse(body) as Partial<Activity>) : {} });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `posted-${requests.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
