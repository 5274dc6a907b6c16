import type { AddressInfo } from 'node:net';
import { ConversationState, MemoryStorage, UserState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type * as restify from 'restify';
import { createAdapter } from '../src/bot/adapter';
import { SciaticaBot, type RootDialog } from '../src/bot/sciaticaBot';
import { loadConfig, type AppConfig } from '../src/config';
import { createMemoryLogger } from '../src/logger';
import { createServer, ServerLifecycle } from '../src/server';
import { fakeKnowledge, fakeWelcome } from './bot/fakes';

/**
 * A root dialog that echoes and counts the turns of its conversation in the dialog state (a lost turn
 * shows as a repeated count), optionally after waiting for a gate or a delay (to hold a turn in flight).
 */
export class EchoDialog implements RootDialog {
  gate: Promise<void> | undefined;
  delayMs = 0;
  started = 0;
  onTurn: ((context: TurnContext) => void) | undefined;
  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    this.started += 1;
    this.onTurn?.(context);
    const state = (await dialogState.get(context, { dialogStack: [] })) as DialogState & { turns?: number };
    const turns = (state.turns ?? 0) + 1;
    if (this.gate) await this.gate;
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    state.turns = turns;
    await context.sendActivity(`echo ${turns}: ${context.activity.text ?? ''}`);
  }
}

export interface Running {
  base: string;
  port: number;
  config: AppConfig;
  adapter: ReturnType<typeof createAdapter>;
  server: restify.Server;
  lifecycle: ServerLifecycle;
  dialog: EchoDialog;
  storage: MemoryStorage;
  logger: ReturnType<typeof createMemoryLogger>;
  close(): Promise<void>;
}

/** Our server (createServer, createAdapter, SciaticaBot) around {@link EchoDialog}, on 127.0.0.1:0. */
export async function startServer(env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const config: AppConfig = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const logger = createMemoryLogger();
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const dialog = new EchoDialog();
  const bot = new SciaticaBot({ conversationState, userState, dialog, knowledge: fakeKnowledge, logger, welcome: fakeWelcome });
  const adapter = createAdapter(config, logger, conversationState);
  const lifecycle = new ServerLifecycle();
  const server = createServer({ adapter, bot, config, logger, lifecycle });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    config,
    adapter,
    server,
    lifecycle,
    dialog,
    storage,
    logger,
    close: async () => {
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A Bot Framework message activity with expectReplies (fields override). */
export const activity = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  id: 'a1',
  channelId: 'test',
  serviceUrl: 'http://127.0.0.1:1',
  deliveryMode: 'expectReplies',
  conversation: { id: 'conv-1' },
  from: { id: 'user-1' },
  recipient: { id: 'bot-1' },
  text,
  ...extra,
});

export const post = (base: string, body: string | Uint8Array, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${base}/api/messages`, { method: 'POST', headers, body });
