import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { AppConfig } from '../config';
import { ClientCachingBotFrameworkAuthentication } from './connectorClientCache';
import type { Logger } from '../logger';
import { isStorageUnavailable } from '../storage/errors';
import { StateConflictError } from '../storage/state';

/** What a person sees when a turn fails: an apology and a way forward, never a stack. */
export const TURN_ERROR_REPLY = 'Something went wrong on my side. Type **start over** to begin again, or **help**.';

/** When the store did not answer: nothing is deleted, so the person can simply try again. */
export const STORAGE_DOWN_REPLY =
  "Sorry, something went wrong on my side: I couldn't reach my notes just now. Your conversation is kept, so please send your message again in a moment.";

/** When another message of the same conversation changed the state first (another instance, or two at once). */
export const STATE_CONFLICT_REPLY =
  'Sorry, two of your messages reached me at the same moment and I could only take in one. Your conversation is kept: please send your last message again.';

/**
 * A request whose Bot Framework token was refused, for whatever reason: no or malformed token, wrong
 * algorithm, unknown key, bad signature, wrong issuer or audience, or signing keys that could not be
 * fetched. The server answers 401; `reason` is for the debug log (never the token or a key).
 */
export class UnauthenticatedRequestError extends Error {
  constructor(readonly reason: string) {
    super(`request not authenticated: ${reason}`);
    this.name = 'UnauthenticatedRequestError';
  }
}

/** Algorithms Bot Framework tokens are signed with (what the SDK's token validation allows). */
const SIGNING_ALGORITHMS = new Set(['RS256', 'RS384', 'RS512']);

/**
 * The SDK prints token failures itself with `console.error` (botframework-connector's jwtTokenExtractor: the
 * `TokenExpiredError`, or "Error finding key for token. Available keys: " and the whole PEM of the key it
 * tried). While a request is being authenticated those two are dropped: the server logs one line of its own.
 * Anything else on `console.error` passes. Installed once, process-wide, in front of whatever console.error
 * is (a test spy, a monitoring hook).
 *
 * This is a filter on what is printed rather than an AsyncLocalStorage around the authentication: on Node 20
 * an AsyncLocalStorage, once entered, turns on promise hooks for the whole process, and every promise of
 * every turn then paid for them (a few per cent of a turn's CPU).
 */
let authenticating = 0;
let passThrough: typeof console.error = console.error.bind(console);
const consoleGuard: typeof console.error = (...args: unknown[]) => {
  if (authenticating > 0 && isTokenFailureNoise(args)) return;
  passThrough(...args);
};
function isTokenFailureNoise(args: unknown[]): boolean {
  if (args.length !== 1) return false;
  const [first] = args;
  if (first instanceof Error) return first.name === 'TokenExpiredError';
  return typeof first === 'string' && first.startsWith('Error finding key for token.');
}
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  // Put back in front of whatever console.error is now if it was replaced.
  if (console.error !== consoleGuard) {
    passThrough = console.error.bind(console);
    console.error = consoleGuard;
  }
  authenticating += 1;
  try {
    return await work();
  } finally {
    authenticating -= 1;
  }
}

/**
 * botbuilder's CloudAdapter with entry points for an activity the server has already read and checked.
 *
 * `CloudAdapter.process(req, res, logic)` answers HTTP itself: it prints every failure with
 * `console.error` (a stack trace per request with a bad token, outside our JSON logs), answers a forged
 * token whose key id is a published one with 500, and re-validates the request with four zod passes,
 * two of which copy the body. The server instead calls {@link authenticate} (every failure there is an
 * {@link UnauthenticatedRequestError}, so 401) and then {@link runAuthenticated} (the turn), and answers
 * and logs in its own format.
 */
export class BotHttpAdapter extends CloudAdapter {
  /**
   * Authenticates `authHeader` for `activity` with the SDK's own validation. Tokens that cannot be Bot
   * Framework tokens (not three base64url parts, not RS256/384/512) are refused before any key lookup.
   * @throws UnauthenticatedRequestError for every failure.
   */
  async authenticate(authHeader: string, activity: Activity): Promise<AuthenticateRequestResult> {
    if (authHeader !== '') {
      const problem = tokenShapeProblem(authHeader);
      if (problem) throw new UnauthenticatedRequestError(problem);
    }
    try {
      return await quietly(() => this.botFrameworkAuthentication.authenticateRequest(activity, authHeader));
    } catch (err) {
      throw new UnauthenticatedRequestError(describeAuthFailure(err));
    }
  }

  /**
   * Runs the turn of an authenticated activity (middleware, `onTurnError`, `logic`). Resolves with what
   * the HTTP response carries: the invoke response, the replies for `expectReplies`, or nothing (200).
   */
  runAuthenticated(auth: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, withDates(activity), logic);
  }
}

/** Why `header` cannot carry a Bot Framework token, or undefined when it may. */
function tokenShapeProblem(header: string): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(header);
  if (!match) return 'not a signed Bearer JWT';
  let alg: unknown;
  try {
    alg = (JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8')) as { alg?: unknown }).alg;
  } catch {
    return 'token header is not JSON';
  }
  return typeof alg === 'string' && SIGNING_ALGORITHMS.has(alg) ? undefined : 'token algorithm not allowed';
}

/** A short cause for the log: the error's name and first line, never a key or a token. */
function describeAuthFailure(err: unknown): string {
  if (!(err instanceof Error)) return 'authentication failed';
  const firstLine = err.message.split('\n')[0]?.slice(0, 120) ?? '';
  return /BEGIN|KEY-----/.test(firstLine) ? err.name : `${err.name}: ${firstLine}`;
}

/** As CloudAdapter.process does: timestamps arrive as strings and the bot sees Dates (raw* keeps the text). */
function withDates(activity: Activity): Activity {
  const fixed = activity as Activity & Record<string, unknown>;
  for (const [key, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['localTimestamp', 'rawLocalTimestamp'],
    ['expiration', 'rawExpiration'],
  ] as const) {
    const value = fixed[key];
    if (typeof value === 'string') {
      fixed[raw] = value;
      fixed[key] = new Date(value);
    }
  }
  return fixed;
}

/**
 * Builds the Bot Framework adapter from our config. Without `microsoftAppId` it serves anonymous
 * requests (local use, Emulator); with one, requests need a valid Bot Framework token (else 401).
 * Connector and user-token clients are reused across turns (see connectorClientCache.ts).
 */
export function createAdapter(
  config: Pick<AppConfig, 'microsoftAppId' | 'microsoftAppPassword' | 'microsoftAppType' | 'microsoftAppTenantId'>,
  logger: Logger,
  conversationState: ClearableConversationState | object,
): BotHttpAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  });
  const adapter = new BotHttpAdapter(new ClientCachingBotFrameworkAuthentication(auth));
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState);
  return adapter;
}

/** What the turn-error handler needs of conversation state (ETagConversationState in src/storage/state.ts). */
export interface ClearableConversationState {
  /** Empties the stored conversation only if it is still what this turn read or wrote (by eTag). */
  clearIfUnchanged(context: TurnContext): Promise<boolean>;
}

/**
 * The one turn-error handler: logs the cause with the conversation id (never the text) and tells the
 * person plainly what happened.
 * - The store did not answer, or another turn changed the state first: nothing is cleared (the
 *   conversation is kept) and the person is asked to send the message again.
 * - Anything else: the conversation is cleared so a broken dialog stack cannot fail the next turn too,
 *   but only if it is still what this turn read (by eTag), so a late clear can never wipe what a later
 *   turn saved.
 */
export function createTurnErrorHandler(
  logger: Logger,
  conversationState: ClearableConversationState | object,
): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const activity = context.activity;
    const where = {
      conversationId: activity?.conversation?.id,
      channelId: activity?.channelId,
      activityType: activity?.type,
    };
    const storageDown = isStorageUnavailable(error);
    const conflict = error instanceof StateConflictError;
    logger.error('turn failed', { ...where, storageDown, conflict, error });
    try {
      await context.sendActivity(MessageFactory.text(storageDown ? STORAGE_DOWN_REPLY : conflict ? STATE_CONFLICT_REPLY : TURN_ERROR_REPLY));
      await context.sendTraceActivity(
        'OnTurnError Trace',
        `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`,
        'https://www.botframework.com/schemas/error',
        'TurnError',
      );
    } catch (sendErr) {
      logger.error('could not send the turn-error reply', { ...where, error: sendErr });
    }
    // A state without eTags to clear by (botbuilder's own, in benchmarks) is left as it is.
    if (storageDown || conflict || !('clearIfUnchanged' in conversationState)) return;
    try {
      await conversationState.clearIfUnchanged(context);
    } catch (stateErr) {
      logger.error('could not clear conversation state after a turn error', { ...where, error: stateErr });
    }
  };
}
