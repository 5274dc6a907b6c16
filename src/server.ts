import type { Activity, ActivityHandler } from 'botbuilder';
import * as restify from 'restify';
import { UnauthenticatedRequestError, type BotHttpAdapter } from './bot/adapter';
import type { AppConfig } from './config';
import { checkIncomingActivity } from './http/activity';
import { checkBodyHeaders, DEFAULT_BODY_LIMITS, readJsonBody } from './http/body';
import { conversationKey, TurnQueue, TurnQueueFullError } from './http/turnQueue';
import type { Logger } from './logger';
import { registerWebChatRoutes, type WebChatRouteOptions } from './web/routes';

/** Largest request body accepted after decoding; Bot Framework activities are far smaller, a 100 KB message fits. */
export const MAX_BODY_BYTES = DEFAULT_BODY_LIMITS.maxBytes;

/** Counts requests in flight and says when the server is shutting down (new requests answer 503). */
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

  /** Marks the server as shutting down: new requests get 503 and `Connection: close`. */
  beginShutdown(): void {
    this.shutting = true;
  }

  /** Call when a request is accepted; `end` when its answer is written (exactly once each). */
  begin(): void {
    this.inFlightCount += 1;
  }

  end(): void {
    this.inFlightCount = Math.max(0, this.inFlightCount - 1);
    if (this.inFlightCount === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves true when no request is in flight, or false when `timeoutMs` passes first. */
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
  lifecycle?: ServerLifecycle;
  /** Turn ordering shared by every route that runs turns (one is made when not given). */
  turns?: TurnQueue;
  /** Tuning for the web chat routes (rate limits, body size); their defaults otherwise. */
  webChat?: WebChatRouteOptions;
}

/** Headers on every answer: no MIME sniffing, and nothing cached unless a route says otherwise. */
const BASE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' } as const;

/** What restify's own errors (unknown route, wrong method) say: fixed text, never the request's path. */
const STATUS_MESSAGES: Record<number, string> = {
  404: 'Not found.',
  405: 'Method not allowed.',
  406: 'Not acceptable.',
};

/**
 * Builds the HTTP server: POST /api/messages (Bot Framework), GET /healthz, and the web chat routes.
 * It does not listen; the caller does (`server.listen(port, host)`).
 */
export function createServer(deps: ServerDeps): restify.Server {
  const { adapter, bot, logger } = deps;
  const lifecycle = deps.lifecycle ?? new ServerLifecycle();
  const turns = deps.turns ?? new TurnQueue();
  const server = restify.createServer({ name: 'sciatica-bot', handleUncaughtExceptions: false });

  // The front door, before routing and before any body is read: headers, draining, the body policy.
  server.pre((req: restify.Request, res: restify.Response, next: restify.Next) => {
    for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
    if (lifecycle.shuttingDown) {
      res.setHeader('Connection', 'close');
      req.resume();
      res.send(503, { error: 'ShuttingDown', message: 'The bot is restarting; try again in a moment.' });
      return next(false);
    }
    const expectsBody = req.method !== 'GET' && req.method !== 'HEAD';
    const rejected = checkBodyHeaders(req, DEFAULT_BODY_LIMITS, expectsBody);
    if (rejected) {
      logger.debug('request body refused', { method: req.method, status: rejected.status, code: rejected.code });
      res.setHeader('Connection', 'close');
      req.resume();
      res.send(rejected.status, { error: rejected.code, message: rejected.message });
      return next(false);
    }
    // Every accepted request counts until its answer is written (or its connection is gone), whatever
    // the route: shutdown waits for all of them.
    lifecycle.begin();
    res.once('close', () => lifecycle.end());
    return next();
  });

  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & RestifyHttpError, done: () => void) => {
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    const code = typeof err.body?.code === 'string' ? err.body.code : err.name.replace(/Error$/, '');
    if (status >= 500) logger.error('request failed', { method: req.method, route: routeOf(req), error: err });
    else logger.debug('request rejected', { method: req.method, status, code });
    const message = status >= 500 ? 'Internal error.' : (STATUS_MESSAGES[status] ?? 'The request could not be served.');
    err.toJSON = () => ({ error: code, message });
    done();
  });

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const body = await readJsonBody(req, DEFAULT_BODY_LIMITS);
    if (!body.ok) {
      logger.debug('request body refused', { route: '/api/messages', status: body.status, code: body.code });
      res.setHeader('Connection', 'close'); // what is left of the body is not read
      res.send(body.status, { error: body.code, message: body.message });
      return;
    }
    const checked = checkIncomingActivity(body.value);
    if (!checked.ok) {
      logger.debug('activity refused', { fields: checked.fields });
      res.send(400, {
        error: 'InvalidActivity',
        message: 'Expected a Bot Framework activity: a JSON object with "type", "channelId", "serviceUrl", "conversation.id" and "from.id", each field of its schema type.',
        fields: checked.fields,
      });
      return;
    }
    const activity = checked.activity as unknown as Activity;
    const conversationId = activity.conversation.id;
    if (deps.config.microsoftAppId && !req.headers.authorization) {
      // The adapter would say the same; this spares it the work for a request that cannot pass.
      logger.debug('request not authenticated', { conversationId, reason: 'no Authorization header' });
      res.send(401, { error: 'Unauthorized', message: 'A valid Bot Framework token is required.' });
      return;
    }
    try {
      const auth = await adapter.authenticate(req.headers.authorization ?? '', activity);
      const answer = await turns.run(conversationKey(activity.channelId, conversationId), () =>
        adapter.runAuthenticated(auth, activity, (context) => bot.run(context)),
      );
      res.send(answer?.status ?? 200, answer?.body);
    } catch (err) {
      if (err instanceof UnauthenticatedRequestError) {
        logger.debug('request not authenticated', { conversationId, reason: err.reason });
        res.send(401, { error: 'Unauthorized', message: 'A valid Bot Framework token is required.' });
      } else if (err instanceof TurnQueueFullError) {
        logger.warn('turn refused: too many waiting in this conversation', { conversationId });
        res.header('Retry-After', '1');
        res.send(429, { error: 'TooManyRequests', message: 'Too many messages at once; send the next one in a moment.' });
      } else {
        // Turn errors are answered inside the turn (onTurnError); this is one that escaped it.
        logger.error('activity failed', { conversationId, error: err });
        if (!res.headersSent) res.send(500, { error: 'Internal', message: 'The activity could not be processed.' });
      }
    }
  });

  server.get('/healthz', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.send(200, { status: 'ok' });
    next();
  });

  registerWebChatRoutes(server, { adapter, bot, config: deps.config, logger, turns }, deps.webChat);

  return server;
}

/** The route a request matched (its pattern, not the path the client sent). */
function routeOf(req: restify.Request): string | undefined {
  const route = (req as { getRoute?: () => { path?: unknown } | null }).getRoute?.();
  return typeof route?.path === 'string' ? route.path : undefined;
}

interface RestifyHttpError {
  statusCode?: number;
  body?: { code?: unknown };
  toJSON?: () => unknown;
}

/**
 * Graceful shutdown: new requests get 503 with `Connection: close` (so clients on keep-alive connections
 * get an answer, not a reset), turns in flight finish (up to `timeoutMs`), then the listener and the
 * remaining idle connections close. Resolves true when every turn finished in time.
 */
export async function closeGracefully(
  server: restify.Server,
  lifecycle: ServerLifecycle,
  logger: Logger,
  timeoutMs = 10_000,
): Promise<boolean> {
  lifecycle.beginShutdown();
  logger.info('shutting down', { inFlight: lifecycle.inFlight, timeoutMs });
  const drained = await lifecycle.drained(timeoutMs);
  if (!drained) logger.warn('shutdown timed out with turns in flight', { inFlight: lifecycle.inFlight });
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.server.closeIdleConnections();
  // Answers still being written (the last 503s) get a moment; then whatever is left is cut.
  const cut = setTimeout(() => server.server.closeAllConnections(), drained ? 1_000 : 0);
  await closed;
  clearTimeout(cut);
  logger.info('stopped');
  return drained;
}
