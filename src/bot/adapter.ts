import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
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
 * botbuilder's CloudAdapter with an entry point for an activity the server has already read and checked.
 *
 * `CloudAdapter.process(req, res, logic)` answers HTTP itself: it prints every failure with
 * `console.error` (a stack trace per request with a bad token, outside our JSON logs) and re-validates
 * the request with four zod passes, two of which copy the body. The server instead calls
 * {@link runActivity}, which does what `process` does between those steps (the SDK's own authentication
 * and turn), and the server answers and logs in its own format.
 */
export class BotHttpAdapter extends CloudAdapter {
  /**
   * Authenticates `authHeader` for `activity` and runs the turn (middleware, `onTurnError`, `logic`).
   * Resolves with what the HTTP response carries: the invoke response, the replies for `expectReplies`,
   * or nothing (200, no body). Rejects with botframework-connector's AuthenticationError (status 401)
   * when the request is not authenticated.
   */
  runActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, withDates(activity), logic);
  }
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
