import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { AppConfig } from '../config';
import { checkBodyHeaders, readJsonBody, type BodyError } from '../http/body';
import { conversationKey, TurnQueue, TurnQueueFullError } from '../http/turnQueue';
import type { Logger } from '../logger';
import { DEFAULT_DIRECT_LINE_ENDPOINT, DirectLineTokenError, generateDirectLineToken } from './directLineToken';
import {
  buildIncomingActivity,
  isVisibleReply,
  localRequestSchema,
  toClientActivity,
  type BotAccount,
} from './localActivity';
import { runLocalTurn } from './localTurn';
import { contentSecurityPolicy, loadAsset, publicDir, renderPage, webChatBundlePath, type StaticAsset } from './page';
import { TokenBucketLimiter, type TokenBucketOptions } from './rateLimiter';

/**
 * The configuration the web chat routes read: the app's {@link AppConfig} (any object with these fields
 * fits). `directLineEndpoint` is optional so regional Direct Line can be configured once the app config
 * carries it; the route option of the same name wins.
 */
export type WebChatConfig = Pick<
  AppConfig,
  'nodeEnv' | 'directLineSecret' | 'webChatLocalEnabled' | 'microsoftAppId' | 'emergencyNumber' | 'emergencyServiceName'
> & { directLineEndpoint?: string | undefined };

/** The logging the routes need: a message and structured fields (ids, counts, causes; never user text). */
export type WebChatLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

/** What {@link registerWebChatRoutes} is given by the composition root. */
export interface WebChatDeps {
  adapter: CloudAdapter;
  bot: Pick<ActivityHandler, 'run'>;
  config: WebChatConfig;
  logger: WebChatLogger;
  /** Turn ordering shared with `/api/messages` (one is made when not given). */
  turns?: TurnQueue;
}

/** Tuning for tests and unusual deployments; the defaults suit one clinic's site. */
export interface WebChatRouteOptions {
  /** Largest accepted request body in bytes for the local route (default 32 KiB). */
  maxBodyBytes?: number;
  /** Per client IP, for the local route (default: bursts of 60, one a second after). */
  ipLimit?: TokenBucketOptions;
  /** Per conversation, for the local route (default: bursts of 30, one every two seconds after). */
  conversationLimit?: TokenBucketOptions;
  /** Per client IP, for token requests (each creates a Direct Line conversation; default: 20, then 1 per 5 s). */
  tokenLimit?: TokenBucketOptions;
  /** Direct Line endpoint (regional Direct Line, or a fake in tests); defaults to the config's, then the global one. */
  directLineEndpoint?: string;
  /** Timeout for the Direct Line token call (default 10 s). */
  directLineTimeoutMs?: number;
}

/** The bot's account on the local route (Direct Line would use the bot's handle). */
export const LOCAL_BOT_ACCOUNT: BotAccount = { id: 'sciatica-bot', name: 'Sciatica massage helper' };

const LOCAL_MESSAGES_PATH = '/api/local/messages';
const TOKEN_PATH = '/api/directline/token';

const STATIC_FILES: Record<string, { file: string; contentType: string }> = {
  'app.js': { file: 'app.js', contentType: 'application/javascript; charset=utf-8' },
  'chat.css': { file: 'chat.css', contentType: 'text/css; charset=utf-8' },
  'favicon.svg': { file: 'favicon.svg', contentType: 'image/svg+xml' },
};

/**
 * Whether the in-process route is on. The config resolves WEBCHAT_LOCAL_ENABLED (default: on except in
 * production); an object without a boolean falls back to the same rule.
 */
export function isLocalRouteEnabled(config: Pick<WebChatConfig, 'nodeEnv' | 'webChatLocalEnabled'>): boolean {
  if (typeof config.webChatLocalEnabled === 'boolean') return config.webChatLocalEnabled;
  return config.nodeEnv !== 'production';
}

/**
 * Serves the web chat: the page at `GET /`, its scripts and styles under `/static/` (Web Chat's own bundle
 * from node_modules, no CDN), `GET /api/directline/token` (a Direct Line token when a secret is configured)
 * and `POST /api/local/messages` (turns run in-process, for local use with no Azure).
 */
export function registerWebChatRoutes(server: Server, deps: WebChatDeps, options: WebChatRouteOptions = {}): void {
  const { adapter, bot, config, logger } = deps;
  const localEnabled = isLocalRouteEnabled(config);
  const directLineSecret = config.directLineSecret?.trim() || undefined;
  const directLineEndpoint =
    options.directLineEndpoint?.trim() || config.directLineEndpoint?.trim() || DEFAULT_DIRECT_LINE_ENDPOINT;
  const appId = config.microsoftAppId?.trim() ?? '';
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024;
  const ipLimiter = new TokenBucketLimiter(options.ipLimit ?? { capacity: 60, refillPerSecond: 1 });
  const conversationLimiter = new TokenBucketLimiter(options.conversationLimit ?? { capacity: 30, refillPerSecond: 0.5 });
  const tokenLimiter = new TokenBucketLimiter(options.tokenLimit ?? { capacity: 20, refillPerSecond: 0.2 });
  const turns = deps.turns ?? new TurnQueue();

  const dir = publicDir();
  const template = readFileSync(join(dir, 'index.html'), 'utf8');
  // Loaded on first request and kept; a failed load is forgotten so the next request tries again.
  const assets = new Map<string, Promise<StaticAsset>>();
  const asset = (name: string): Promise<StaticAsset> | undefined => {
    const cached = assets.get(name);
    if (cached) return cached;
    const entry = name === 'webchat.js' ? { path: webChatBundlePath, contentType: 'application/javascript; charset=utf-8' } : undefined;
    const own = Object.hasOwn(STATIC_FILES, name) ? STATIC_FILES[name] : undefined;
    let loading: Promise<StaticAsset>;
    if (entry) loading = Promise.resolve().then(() => loadAsset(entry.path(), entry.contentType));
    else if (own) loading = loadAsset(join(dir, own.file), own.contentType);
    else return undefined;
    assets.set(name, loading);
    loading.catch(() => assets.delete(name));
    return loading;
  };

  server.get('/', (req: Request, res: Response, next) => {
    const nonce = randomBytes(16).toString('base64');
    const html = renderPage(template, {
      nonce,
      mode: { directLine: directLineSecret !== undefined, local: localEnabled },
      emergencyNumber: config.emergencyNumber?.trim() || '999',
      emergencyServiceName: config.emergencyServiceName?.trim() || 'A&E',
    });
    const body = Buffer.from(html, 'utf8');
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
      'cache-control': 'no-store',
      'content-security-policy': contentSecurityPolicy(nonce, directLineSecret ? directLineEndpoint : undefined),
      ...SECURITY_HEADERS,
    });
    res.end(body);
    next(false);
  });

  server.get('/static/:file', async (req: Request, res: Response) => {
    const name = String(req.params?.file ?? '');
    let found: StaticAsset | undefined;
    try {
      found = await asset(name);
    } catch (cause) {
      logger.error('web chat asset could not be loaded', { asset: name, cause: describeError(cause) });
      sendJson(res, 500, { error: 'This file is unavailable.' });
      return;
    }
    if (!found) {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    // The bundle only changes with the installed package; our own files are revalidated on every load.
    const cacheControl = name === 'webchat.js' ? 'public, max-age=86400' : 'no-cache';
    const headers: Record<string, string | number> = {
      'content-type': found.contentType,
      'cache-control': cacheControl,
      etag: found.etag,
      vary: 'accept-encoding',
      'x-content-type-options': 'nosniff',
    };
    if (req.headers['if-none-match'] === found.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const acceptsGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = acceptsGzip && found.gzip ? found.gzip : found.body;
    if (body === found.gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = body.length;
    res.writeHead(200, headers);
    res.end(body);
  });

  server.get(TOKEN_PATH, async (req: Request, res: Response) => {
    const refused = checkBodyHeaders(req, { maxBytes: 0 }, false);
    if (refused) {
      req.resume();
      sendJson(res, refused.status, { error: refused.message });
      return;
    }
    if (!directLineSecret) {
      sendJson(res, 404, { error: 'direct line not configured' });
      return;
    }
    const limited = tokenLimiter.take(clientIp(req));
    if (!limited.allowed) {
      sendTooMany(res, limited.retryAfterSeconds);
      return;
    }
    try {
      const token = await generateDirectLineToken({
        secret: directLineSecret,
        endpoint: directLineEndpoint,
        timeoutMs: options.directLineTimeoutMs ?? 10_000,
      });
      sendJson(res, 200, token);
    } catch (cause) {
      const status = cause instanceof DirectLineTokenError ? cause.status : undefined;
      logger.warn('direct line token request failed', { status, cause: describeError(cause) });
      sendJson(res, 502, { error: 'The chat service is unavailable right now. Please try again in a few minutes.' });
    }
  });

  server.post(LOCAL_MESSAGES_PATH, async (req: Request, res: Response) => {
    if (!localEnabled) {
      sendJson(res, 404, { error: 'not found' });
      return;
    }
    const ipVerdict = ipLimiter.take(clientIp(req));
    if (!ipVerdict.allowed) {
      sendTooMany(res, ipVerdict.retryAfterSeconds);
      return;
    }
    const body = await readJsonBody(req, { maxBytes: maxBodyBytes, maxDepth: LOCAL_MAX_DEPTH });
    if (!body.ok) {
      sendJson(res, body.status, { error: LOCAL_BODY_ERRORS[body.code] }, { connection: 'close' });
      return;
    }
    const parsed = localRequestSchema.safeParse(body.value);
    if (!parsed.success) {
      sendJson(res, 400, { error: 'That message could not be read.', details: describeIssues(parsed.error) });
      return;
    }
    const request = parsed.data;
    const convVerdict = conversationLimiter.take(request.conversationId);
    if (!convVerdict.allowed) {
      sendTooMany(res, convVerdict.retryAfterSeconds);
      return;
    }
    const incoming = buildIncomingActivity(request, LOCAL_BOT_ACCOUNT);
    const conversationId = incoming.conversation.id;
    const started = Date.now();
    try {
      // One turn at a time per conversation: dialog state is read at the start of a turn and saved at the end.
      const replies = await turns.run(conversationKey(incoming.channelId, conversationId), () => runLocalTurn(adapter, bot, incoming, appId));
      const at = Date.now();
      const echo =
        incoming.type === 'conversationUpdate'
          ? []
          : [toClientActivity(incoming, { id: incoming.id ?? '', timestamp: new Date(incoming.timestamp ?? at), role: 'user' })];
      // Direct Line ids are "<conversation>|<sequence>"; timestamps strictly increase so Web Chat keeps the order.
      const visible = replies.filter(isVisibleReply).map((reply, index) =>
        toClientActivity(reply, {
          id: `${conversationId}|${randomBytes(6).toString('hex')}${String(index).padStart(4, '0')}`,
          timestamp: new Date(Math.max(at, (incoming.timestamp?.getTime() ?? at) + 1) + index),
          role: 'bot',
        }),
      );
      logger.info('web chat local turn', {
        conversationId,
        activityType: incoming.type,
        replies: visible.length,
        ms: Date.now() - started,
      });
      sendJson(res, 200, { id: incoming.id, bot: LOCAL_BOT_ACCOUNT, activities: [...echo, ...visible] });
    } catch (cause) {
      if (cause instanceof TurnQueueFullError) {
        sendTooMany(res, 1);
        return;
      }
      logger.error('web chat local turn failed', { conversationId, cause: describeError(cause) });
      sendJson(res, 500, { error: 'Sorry, something went wrong on our side. Please try again.' });
    }
  });
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cross-origin-opener-policy': 'same-origin',
} as const;

function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': payload.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(payload);
}

function sendTooMany(res: Response, retryAfterSeconds: number): void {
  sendJson(res, 429, { error: 'You are sending messages very quickly. Please wait a moment and try again.' }, {
    'retry-after': String(retryAfterSeconds),
  });
}

function clientIp(req: Request): string {
  return req.socket?.remoteAddress ?? 'unknown';
}

/** Deepest JSON nesting the page's requests may have (its card submits are flat). */
const LOCAL_MAX_DEPTH = 32;

/** What the page shows for each refused body (never the body's own text). */
const LOCAL_BODY_ERRORS: Record<BodyError['code'], string> = {
  InvalidContent: 'The request body must be JSON.',
  UnsupportedMediaType: 'Send the message as application/json.',
  PayloadTooLarge: 'That message is too long.',
  NestingTooDeep: 'That message is nested too deeply.',
  RequestTimeout: 'That message took too long to arrive. Please try again.',
};

function describeIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    // processActivityDirect folds the whole stack into the message; keep the first line for the log line.
    const firstLine =
      error.message
        .split('\n')
        .map((line) => line.trim())
        .find((line) => line !== '' && !line.endsWith('processActivityDirect(): ERROR')) ?? error.name;
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.name}: ${firstLine} (cause: ${cause.message})` : `${error.name}: ${firstLine}`;
  }
  return String(error);
}
