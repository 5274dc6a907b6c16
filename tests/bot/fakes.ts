import {
  ActivityTypes,
  TestAdapter,
  type Activity,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { KnowledgeBase } from '../../src/knowledge/types';
import { createMemoryLogger } from '../../src/logger';
import { SciaticaBot, type RootDialog } from '../../src/bot/sciaticaBot';
import { BoundedMemoryStorage, ETagConversationState, ETagUserState } from '../../src/storage';

/**
 * Stand-ins for the bot layer's unit tests: a root dialog that records what it was given, a welcome
 * builder and an empty knowledge base. The real dialogs are exercised by tests/e2e.
 */
export class RecordingDialog implements RootDialog {
  readonly texts: string[] = [];
  /** When set, the dialog throws after writing its state (to test error handling). */
  failWith: Error | undefined;

  async run(context: TurnContext, dialogState: StatePropertyAccessor<DialogState>): Promise<void> {
    this.texts.push(context.activity.text ?? '');
    const state = await dialogState.get(context, { dialogStack: [] });
    state.dialogStack.push({ id: `step-${this.texts.length}`, state: {} });
    if (this.failWith) throw this.failWith;
    await context.sendActivity(`dialog heard ${context.activity.text?.length ?? 0} characters`);
  }
}

export const WELCOME_TEXT = 'Welcome (stand-in)';

export const fakeWelcome = (): Partial<Activity> => ({
  type: ActivityTypes.Message,
  text: WELCOME_TEXT,
  suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'My buttock hurts', value: 'My buttock hurts when I sit' }] },
});

export const fakeKnowledge = {} as KnowledgeBase;

/** A bot over memory storage with a recording dialog, driven by botbuilder's TestAdapter. */
export function botHarness(options: { channelId?: string } = {}) {
  const storage = new BoundedMemoryStorage({ maxEntries: 1000, ttlMs: 60_000 });
  const conversationState = new ETagConversationState(storage);
  const userState = new ETagUserState(storage);
  const dialog = new RecordingDialog();
  const logger = createMemoryLogger();
  const bot = new SciaticaBot({ conversationState, userState, dialog, knowledge: fakeKnowledge, logger, welcome: fakeWelcome });
  const adapter = new TestAdapter(async (context) => bot.run(context), {
    channelId: options.channelId ?? 'test',
    recipient: { id: 'bot-id', name: 'Sciatica Helper' },
  });
  /** Sends one activity; resolves with the bot's replies to it. */
  const say = async (activity: string | Partial<Activity>): Promise<Array<Partial<Activity>>> => {
    await adapter.receiveActivity(activity);
    return adapter.activeQueue.splice(0);
  };
  return { storage, conversationState, userState, dialog, logger, bot, adapter, say };
}
