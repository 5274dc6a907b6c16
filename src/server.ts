import type { Activity, ActivityHandler } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import * as restify from 'restify';
import type { BotHttpAdapter } from './bot/adapter';
import type { AppConfig } from './config';
import type { Logger } from './logger';
import { registerWebChatRoutes } from './web/routes';

/** Largest request body accepted; Bot Framework activities are far smaller, a 100 KB message fits. */
export const MAX_BODY_BYTES = 1_000_000;

/** Counts turns in flight and says when the server is shutting down (health check answers 503). */
export class ServerLifecycle {
  private inFlightCount = 0;
  private shutting = false;
  private waiters: Array<() => void> = [];

  get inFlight(): number {
    return this.inFlightCount;
  }

  get shuttingDown(): boolean {
    return this.shutting;
  }

  /** Marks the server as shutting down: new turns get 503, the health check reports it. */
  beginShutdown(): void {
    this.shutting = true;
  }

  /** Call when a turn starts; `end` when it finishes (always, in `finally`). */
  begin(): void {
    this.inFlightCount += 1;
  }

  end(): void {
    this.inFlightCount = Math.max(0, this.inFlightCount - 1);
    if (this.inFlightCount === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves true when no turn is in flight, or false when `timeoutMs` passes first. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.inFlightCount === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

/** What {@link createServer} wires together; the composition root builds each part. */
export interface ServerDeps {
  adapter: BotHttpAdapter;
  bot: ActivityHandler;
  config: AppConfig;
  logger: Logger;
  /** Reported by GET /healthz. */
  version: string;
  lifecycle?: ServerLifecycle;
  /** Answers GET /readyz: resolves when the state store answers (createStorage's `ping`). */
  storage?: { kind?: string; ping?: () => Promise<void> };
}

/** Client errors restify raises before our handlers run, answered without echoing the request. */
const CLIENT_ERROR_MESSAGES: Record<string, string> = {
  InvalidContent: 'The request body is not valid JSON.',
  PayloadTooLarge: 'The request body is too large.',
  RequestEntityTooLarge: 'The request body is too large.',
  UnsupportedMediaType: 'Send the activity as application/json.',
};

const ACTIVITY_SHAPE_MESSAGE = 'Expected a Bot Framework activity: a JSON object with "type", "channelId", "conversation.id" and "from.id".';

/**
 * What every turn needs before it can start: the activity's type, the channel and conversation its state
 * is kept under, and who sent it (the key of their saved assessment). Every Bot Framework channel sends
 * these; anything else missing is the bot's to answer (or ignore) inside the turn.
 */
function isActivityShaped(body: unknown): body is Activity {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { type, channelId, conversation, from } = body as Record<string, unknown>;
  return typeof type === 'string' && isNonEmptyString(channelId) && hasId(conversation) && hasId(from);
}

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';
const hasId = (value: unknown): boolean => typeof value === 'object' && value !== null && isNonEmptyString((value as { id?: unknown }).id);

/**
 * Builds the HTTP server: POST /api/messages (Bot Framework), GET /healthz, and the web chat routes.
 * It does not listen; the caller does (`server.listen(port)`).
 */
export function createServer(deps: ServerDeps): restify.Server {
  const { adapter, bot, logger } = deps;
  const lifecycle = deps.lifecycle ?? new ServerLifecycle();
  const server = restify.createServer({ name: 'sciatica-bot', handleUncaughtExceptions: false });

  // Parsed per route: the web chat routes read their own bodies with their own limits.
  const jsonBody = restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_BODY_BYTES });

  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & RestifyHttpError, done: () => void) => {
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    const code = typeof err.body?.code === 'string' ? err.body.code : err.name.replace(/Error$/, '');
    if (status >= 500) logger.error('request failed', { method: req.method, path: req.getPath(), error: err });
    else logger.debug('request rejected', { method: req.method, path: req.getPath(), status, code });
    const message = CLIENT_ERROR_MESSAGES[code] ?? (status >= 500 ? 'Internal error.' : err.message);
    err.toJSON = () => ({ error: code, message });
    done();
  });

  server.post('/api/messages', jsonBody, async (req: restify.Request, res: restify.Response) => {
    if (lifecycle.shuttingDown) {
      res.header('Connection', 'close');
      res.send(503, { error: 'ShuttingDown', message: 'The bot is restarting; try again in a moment.' });
      return;
    }
    const body: unknown = req.body;
    if (!isActivityShaped(body)) {
      res.send(400, { error: 'InvalidActivity', message: ACTIVITY_SHAPE_MESSAGE });
      return;
    }
    if (deps.config.microsoftAppId && !req.headers.authorization) {
      // The adapter would say the same; this spares it the work for a request that cannot pass.
      logger.debug('unauthenticated request rejected', { path: req.getPath() });
      res.send(401, { error: 'Unauthorized', message: 'A Bot Framework token is required.' });
      return;
    }
    lifecycle.begin();
    try {
      const answer = await adapter.runActivity(req.headers.authorization ?? '', body, (context) => bot.run(context));
      res.send(answer?.status ?? 200, answer?.body);
    } catch (err) {
      const conversationId = body.conversation.id;
      if (AuthenticationError.isStatusCodeError(err) && err.statusCode === 401) {
        logger.debug('request not authenticated', { path: req.getPath(), conversationId });
        res.send(401, { error: 'Unauthorized', message: 'A valid Bot Framework token is required.' });
      } else {
        // Turn errors are answered inside the turn (onTurnError); this is one that escaped it.
        logger.error('activity failed', { conversationId, error: err });
        if (!res.headersSent) res.send(500, { error: 'Internal', message: 'The activity could not be processed.' });
      }
    } finally {
      lifecycle.end();
    }
  });

  server.get('/healthz', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    if (lifecycle.shuttingDown) res.send(503, { status: 'shutting_down', version: deps.version });
    else res.send(200, { status: 'ok', uptime: Math.round(process.uptime()), version: deps.version });
    next();
  });

  // Readiness: 200 only when the state store answers (within STORAGE_TIMEOUT_MS), else 503.
  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    const store = deps.storage?.kind ?? 'unknown';
    if (lifecycle.shuttingDown) return void res.send(503, { status: 'shutting_down', store });
    try {
      await deps.storage?.ping?.();
      res.send(200, { status: 'ready', store });
    } catch (err) {
      logger.warn('readiness check: the state store does not answer', { store, error: err });
      res.send(503, { status: 'store_unavailable', store });
    }
  });

  registerWebChatRoutes(server, { adapter, bot, config: deps.config, logger });

  return server;
}

interface RestifyHttpError {
  statusCode?: number;
  body?: { code?: unknown };
  toJSON?: () => unknown;
}

/**
 * Graceful shutdown: stop accepting connections, let turns in flight finish (up to `timeoutMs`),
 * then close what is left. Resolves true when every turn finished in time.
 */
export async function closeGracefully(
  server: restify.Server,
  lifecycle: ServerLifecycle,
  logger: Logger,
  timeoutMs = 10_000,
): Promise<boolean> {
  lifecycle.beginShutdown();
  logger.info('shutting down', { inFlight: lifecycle.inFlight, timeoutMs });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const drained = await lifecycle.drained(timeoutMs);
  if (!drained) logger.warn('shutdown timed out with turns in flight', { inFlight: lifecycle.inFlight });
  server.server.closeAllConnections();
  await closed;
  logger.info('stopped');
  return drained;
}
