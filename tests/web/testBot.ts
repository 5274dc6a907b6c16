import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  type TurnContext,
} from 'botbuilder';
import * as restify from 'restify';
import { loadConfig, type AppConfig } from '../../src/config';
import { createMemoryLogger } from '../../src/logger';
import { registerWebChatRoutes, type WebChatRouteOptions } from '../../src/web/routes';

/**
 * A small bot for route tests: welcomes new members, echoes, and on request sends a card, suggested
 * actions, a trace, what it was told about the turn, a slow answer, or throws.
 */
export class TestBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      for (const member of context.activity.membersAdded ?? []) {
        if (member.id !== context.activity.recipient.id) await context.sendActivity('Welcome to the test bot.');
      }
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.answer(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      await context.sendActivity(`event ${context.activity.name ?? ''}`);
      await next();
    });
  }

  private async answer(context: TurnContext): Promise<void> {
    const text = (context.activity.text ?? '').trim();
    switch (text) {
      case 'card':
        await context.sendActivity(
          MessageFactory.attachment(
            CardFactory.heroCard('Piriformis', 'A small muscle deep in the buttock.', undefined, [
              { type: 'imBack', title: 'Tell me more', value: 'more' },
            ]),
          ),
        );
        return;
      case 'suggest':
        await context.sendActivity(MessageFactory.suggestedActions(['None of these', 'Leg weakness'], 'Any of these?'));
        return;
      case 'trace':
        await context.sendTraceActivity('test trace', { secret: 'internal' }, 'https://example.invalid/trace', 'trace');
        await context.sendActivity('after trace');
        return;
      case 'whoami': {
        const a = context.activity;
        await context.sendActivity({
          type: 'message',
          text: 'whoami',
          value: {
            channelId: a.channelId,
            serviceUrl: a.serviceUrl,
            deliveryMode: a.deliveryMode,
            from: a.from,
            recipient: a.recipient,
            conversation: a.conversation,
            channelData: a.channelData,
            membersAdded: a.membersAdded,
            entities: a.entities,
          },
        });
        return;
      }
      case 'boom':
        throw new Error('test bot failure');
      case 'slow':
        // Long enough for the page's typing indicator to be seen.
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        await context.sendActivity('done thinking');
        return;
      default:
        await context.sendActivities([
          { type: 'typing' },
          { type: 'message', text: `You said: ${text}` },
        ]);
    }
  }
}

/** A config the way the app loads it, from environment keys. */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
}

/** A running server with the web chat routes, on an ephemeral port. */
export interface RunningServer {
  baseUrl: string;
  logs: Array<Record<string, unknown>>;
  adapterErrors: Error[];
  close(): Promise<void>;
}

/**
 * Starts restify on 127.0.0.1:0 with a real CloudAdapter (authentication from the config's app id) and
 * the routes under test.
 */
export async function startServer(
  config: AppConfig,
  options: WebChatRouteOptions & { onTurnError?: boolean } = {},
): Promise<RunningServer> {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId ?? '',
    MicrosoftAppPassword: config.microsoftAppPassword ?? '',
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  const adapterErrors: Error[] = [];
  if (options.onTurnError !== false) {
    adapter.onTurnError = async (context, error) => {
      adapterErrors.push(error);
      await context.sendActivity('Sorry, something went wrong.');
    };
  }
  const logger = createMemoryLogger('debug');
  const server = restify.createServer({ handleUncaughtExceptions: false });
  registerWebChatRoutes(server, { adapter, bot: new TestBot(), config, logger }, options);
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    logs: logger.lines,
    adapterErrors,
    close: async () => {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Posts a JSON body (or raw text) to the local route. */
export async function postLocal(
  baseUrl: string,
  body: unknown,
  init: { raw?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown>; text: string }> {
  const response = await fetch(`${baseUrl}/api/local/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Left empty: the test asserts on text.
  }
  return { status: response.status, headers: response.headers, json, text };
}
