import {
  ActivityTypes,
  ConversationState,
  MemoryStorage,
  TestAdapter,
  UserState,
  type Activity,
  type StoreItems,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { loadKnowledge } from '../../src/knowledge';
import type { KnowledgeBase } from '../../src/knowledge/types';
import type { Analyzer } from '../../src/nlp/types';
import type { DialogDeps } from '../../src/dialogs/deps';
import { MainDialog } from '../../src/dialogs/mainDialog';

/**
 * A conversation with MainDialog over the Bot Framework TestAdapter, shaped like the real bot layer:
 * a card submit's `value.text` becomes the message text, and conversation and user state are saved after
 * every turn. `say()` returns the bot's replies to one message.
 */
export class Conversation {
  readonly storage: MemoryStorage;
  readonly deps: DialogDeps;
  readonly knowledge: KnowledgeBase;
  private readonly adapter: TestAdapter;
  private readonly conversationState: ConversationState;

  constructor(analyzer: Analyzer, settings: Partial<DialogDeps['settings']> = {}, storage = new MemoryStorage()) {
    this.storage = storage;
    this.knowledge = loadKnowledge();
    this.conversationState = new ConversationState(storage);
    const userState = new UserState(storage);
    this.deps = {
      knowledge: this.knowledge,
      analyzer,
      userState,
      settings: { emergencyNumber: '999', emergencyServiceName: 'A&E', ...settings },
    };
    const dialog = new MainDialog(this.deps);
    const dialogState = this.conversationState.createProperty<DialogState>('DialogState');
    this.adapter = new TestAdapter(async (context) => {
      if (context.activity.type === ActivityTypes.Message && !context.activity.text) {
        const v = context.activity.value as { text?: unknown } | undefined;
        if (typeof v?.text === 'string') context.activity.text = v.text;
      }
      await dialog.run(context, dialogState);
      await this.conversationState.saveChanges(context, false);
      await userState.saveChanges(context, false);
    });
  }

  /** Send a message (or a card submit `{ value }`) and collect every reply to it. */
  async say(input: string | { value: Record<string, unknown> }): Promise<Partial<Activity>[]> {
    const activity: Partial<Activity> =
      typeof input === 'string'
        ? { type: ActivityTypes.Message, text: input }
        : { type: ActivityTypes.Message, value: input.value };
    await this.adapter.receiveActivity(activity);
    const replies: Partial<Activity>[] = [];
    while (this.adapter.activeQueue.length > 0) {
      const reply = this.adapter.activeQueue.shift();
      if (reply && reply.type === ActivityTypes.Message) replies.push(reply);
    }
    replies.forEach(checkChannelRules);
    return replies;
  }

  /** How many dialogs are open in this conversation's saved state (0: the conversation is at rest). */
  async openDialogs(): Promise<number> {
    const items = await this.stored();
    const key = Object.keys(items).find((k) => k.includes('/conversations/'));
    const state = key ? (items[key] as { DialogState?: { dialogStack?: unknown[] } }) : undefined;
    return state?.DialogState?.dialogStack?.length ?? 0;
  }

  /** The stored conversation state as it is written (JSON), or '' when there is none. */
  async conversationJson(): Promise<string> {
    const items = await this.stored();
    const key = Object.keys(items).find((k) => k.includes('/conversations/'));
    return key ? JSON.stringify(items[key]) : '';
  }

  /** The person's case as stored (MainDialog keeps it as one JSON string beside the dialog stack), or undefined. */
  async storedCase(): Promise<Record<string, unknown> | undefined> {
    const json = await this.conversationJson();
    const stored = json ? (JSON.parse(json) as { DialogState?: { case?: string } }).DialogState?.case : undefined;
    return stored ? (JSON.parse(stored) as Record<string, unknown>) : undefined;
  }

  /** The stored user state as it is written (JSON), or '' when there is none. */
  async userJson(): Promise<string> {
    const items = await this.stored();
    const key = Object.keys(items).find((k) => k.includes('/users/'));
    return key ? JSON.stringify(items[key]) : '';
  }

  /** Everything in storage (to check what is kept about a person). */
  async stored(): Promise<StoreItems> {
    const keys = Object.keys((this.storage as unknown as { memory: Record<string, unknown> }).memory);
    return this.storage.read(keys);
  }
}

/** Largest message we accept in tests: well under Teams' ~28 KB. */
export const MAX_MESSAGE_BYTES = 24 * 1024;

/**
 * Rules every bot message must keep (checked on every reply of every test): at most three suggested
 * actions and none beside an attachment; Adaptive Cards are version 1.5 with a fallback text; every
 * Action.Submit carries the typed text and its Teams messageBack twin; the message fits Teams' size limit.
 */
export function checkChannelRules(reply: Partial<Activity>): void {
  const fail = (why: string): never => {
    throw new Error(`channel rule broken: ${why}: ${JSON.stringify(reply).slice(0, 300)}`);
  };
  const actions = reply.suggestedActions?.actions ?? [];
  if (actions.length > 3) fail('more than three suggested actions');
  if (actions.length > 0 && (reply.attachments?.length ?? 0) > 0) fail('suggested actions on a message with an attachment');
  if (Buffer.byteLength(JSON.stringify(reply), 'utf8') > MAX_MESSAGE_BYTES) fail('message too large');
  for (const card of cards([reply])) {
    if (card.version !== '1.5') fail('card version is not 1.5');
    if (typeof card.fallbackText !== 'string' || card.fallbackText === '') fail('card without fallbackText');
    for (const action of submitActions(card)) {
      const d = action.data as { text?: unknown; msteams?: { type?: unknown; text?: unknown; displayText?: unknown } };
      if (typeof d.text !== 'string' || d.text === '') fail('Action.Submit without data.text');
      if (d.msteams?.type !== 'messageBack' || d.msteams.text !== d.text || d.msteams.displayText !== d.text) {
        fail('Action.Submit without a matching msteams messageBack');
      }
    }
  }
}

/** All the text a person sees in replies: message text, card text blocks, fallback and choice titles. */
export function visibleText(replies: readonly Partial<Activity>[]): string {
  const parts: string[] = [];
  for (const r of replies) {
    if (r.text) parts.push(r.text);
    for (const a of r.attachments ?? []) parts.push(JSON.stringify(a.content));
    for (const s of r.suggestedActions?.actions ?? []) parts.push(String(s.title));
  }
  return parts.join('\n');
}

/** Suggested-action titles on the last reply (what the person can tap). */
export function suggestions(replies: readonly Partial<Activity>[]): string[] {
  return (replies[replies.length - 1]?.suggestedActions?.actions ?? []).map((a) => String(a.title));
}

/** Adaptive Card contents in the replies. */
export function cards(replies: readonly Partial<Activity>[]): Record<string, unknown>[] {
  return replies.flatMap((r) =>
    (r.attachments ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content as Record<string, unknown>),
  );
}

/** Every Action.Submit in a card (recursively). */
export function submitActions(card: unknown): Array<{ title: string; data: Record<string, unknown> }> {
  const found: Array<{ title: string; data: Record<string, unknown> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Submit') found.push({ title: String(o.title), data: o.data as Record<string, unknown> });
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}
