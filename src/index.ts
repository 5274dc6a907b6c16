import { ConversationState, UserState, type CloudAdapter, type Storage } from 'botbuilder';
import type * as restify from 'restify';
import packageJson from '../package.json';
import { ConfigError, loadConfig, loadEnvFile, redactedConfig, type AppConfig } from './config';
import { createAdapter } from './bot/adapter';
import { SciaticaBot } from './bot/sciaticaBot';
import { welcomeActivity } from './dialogs/cards/welcome';
import { MainDialog } from './dialogs/mainDialog';
import { loadKnowledge } from './knowledge';
import type { KnowledgeBase } from './knowledge/types';
import { createLogger, serializeError, type Logger } from './logger';
import { createAnalyzer } from './nlp';
import type { Analyzer } from './nlp/types';
import { closeGracefully, createServer, ServerLifecycle } from './server';
import { createStorage, storageKind } from './storage';

/**
 * The composition root: the only place that reads configuration and builds the parts. Everything
 * else receives what it needs through constructors, so tests and the terminal chat build the same bot.
 */

export const VERSION: string = packageJson.version;

/** The bot without a transport: knowledge, matcher, state, dialogs and activity handler. */
export interface BotParts {
  knowledge: KnowledgeBase;
  analyzer: Analyzer;
  storage: Storage;
  conversationState: ConversationState;
  userState: UserState;
  dialog: MainDialog;
  bot: SciaticaBot;
}

/** The whole app: the bot behind the Bot Framework adapter and the HTTP server (not yet listening). */
export interface App extends BotParts {
  adapter: CloudAdapter;
  server: restify.Server;
  lifecycle: ServerLifecycle;
}

/** Builds the bot (used by the server and by the terminal chat). */
export function createBotParts(config: AppConfig, logger: Logger, storage: Storage = createStorage(config)): BotParts {
  const knowledge = loadKnowledge();
  const analyzer = createAnalyzer();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const dialog = new MainDialog({
    knowledge,
    analyzer,
    userState,
    settings: {
      emergencyNumber: config.emergencyNumber,
      emergencyServiceName: config.emergencyServiceName,
      ...(config.bookingUrl ? { bookingUrl: config.bookingUrl } : {}),
    },
  });
  const bot = new SciaticaBot({
    conversationState,
    userState,
    dialog,
    knowledge,
    logger,
    welcome: welcomeActivity,
  });
  return { knowledge, analyzer, storage, conversationState, userState, dialog, bot };
}

/** Builds the whole app from a parsed config. */
export function createApp(config: AppConfig, logger: Logger): App {
  const parts = createBotParts(config, logger);
  const adapter = createAdapter(config, logger, parts.conversationState);
  const lifecycle = new ServerLifecycle();
  const server = createServer({ adapter, bot: parts.bot, config, logger, lifecycle });
  return { ...parts, adapter, server, lifecycle };
}

/** Reads `.env` and the environment, or exits with the bad keys named (values never printed). */
export function configOrExit(): AppConfig {
  try {
    loadEnvFile();
    return loadConfig();
  } catch (err) {
    const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'configuration error', error: message }) + '\n');
    process.exit(1);
  }
}

/** `npm start`: build, listen on PORT, shut down gracefully on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  logger.info('starting', { version: VERSION, storage: storageKind(config), config: redactedConfig(config) });
  const app = createApp(config, logger);

  app.server.server.once('error', (err: NodeJS.ErrnoException) => {
    const hint = err.code === 'EADDRINUSE' ? ` (port ${config.port} is in use: set PORT to another port)` : '';
    logger.error(`could not listen${hint}`, { port: config.port, error: err });
    process.exit(1);
  });
  await new Promise<void>((resolve) => app.server.listen(config.port, config.host, resolve));
  const base = `http://localhost:${config.port}`;
  logger.info('listening', {
    host: config.host,
    webChat: config.webChatLocalEnabled || config.directLineSecret ? `${base}/` : undefined,
    messages: `${base}/api/messages`,
    health: `${base}/healthz`,
    auth: config.microsoftAppId ? 'bot-framework' : 'anonymous (local use)',
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('signal received', { signal });
    closeGracefully(app.server, app.lifecycle, logger, 10_000)
      .then((drained) => process.exit(drained ? 0 : 1))
      .catch((err: unknown) => {
        logger.error('shutdown failed', { error: err });
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  // `npm start` runs node through `sh -c`, which dies on the SIGTERM npm forwards instead of passing it
  // on: this process is then re-parented. Stop then as if signalled, so stopping npm stops the bot.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && stop('parent exited'), 500).unref();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(JSON.stringify({ level: 'error', msg: 'start-up failed', error: serializeError(err) }) + '\n');
    process.exit(1);
  });
}
