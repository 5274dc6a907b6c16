import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type ConversationState,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../config';
import type { Logger } from '../logger';

/** What a person sees when a turn fails: an apology and a way forward, never a stack. */
export const TURN_ERROR_REPLY = 'Something went wrong on my side. Type **start over** to begin again, or **help**.';

/**
 * Builds the Bot Framework adapter from our config. Without `microsoftAppId` it serves anonymous
 * requests (local use, Emulator); with one, requests need a valid Bot Framework token (else 401).
 */
export function createAdapter(
  config: Pick<AppConfig, 'microsoftAppId' | 'microsoftAppPassword' | 'microsoftAppType' | 'microsoftAppTenantId'>,
  logger: Logger,
  conversationState: ConversationState,
): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState);
  return adapter;
}

/**
 * The one turn-error handler: logs the cause with the conversation id (never the text), apologises
 * with a way forward, sends a trace for the Emulator, and clears the conversation state so a broken
 * dialog stack cannot fail the next turn too.
 */
export function createTurnErrorHandler(
  logger: Logger,
  conversationState: ConversationState,
): (context: TurnContext, error: Error) => Promise<void> {
  return async (context, error) => {
    const activity = context.activity;
    const where = {
      conversationId: activity?.conversation?.id,
      channelId: activity?.channelId,
      activityType: activity?.type,
    };
    logger.error('turn failed', { ...where, error });
    try {
      await context.sendActivity(MessageFactory.text(TURN_ERROR_REPLY));
      await context.sendTraceActivity(
        'OnTurnError Trace',
        `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`,
        'https://www.botframework.com/schemas/error',
        'TurnError',
      );
    } catch (sendErr) {
      logger.error('could not send the turn-error reply', { ...where, error: sendErr });
    }
    try {
      await conversationState.delete(context);
    } catch (stateErr) {
      logger.error('could not clear conversation state after a turn error', { ...where, error: stateErr });
    }
  };
}
