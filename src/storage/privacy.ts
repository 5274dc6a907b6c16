import type { ConversationState, Middleware, Storage, StoreItem, TurnContext, UserState } from 'botbuilder';
import { daysToMs, NEW_ITEM_ETAG } from './entries';
import { isETagConflict } from './errors';
import { ETagConversationState } from './state';

/**
 * What "forget me" needs and retention keeps honest: for each person (per channel), an index in the store
 * itself of the conversations whose state is theirs, kept up to date on every turn. "Forget me" deletes
 * the person's user state, every conversation in the index, and the index.
 */

/** The index item: conversation state keys, each with when the person was last seen in it (ms). */
interface UserIndex extends StoreItem {
  conversations: Record<string, number>;
}

/** Where a person's index lives (beside botbuilder's `<channel>/users/<id>/` user state). */
export const userIndexKey = (channelId: string, userId: string): string => `${channelId}/userindex/${encodeURIComponent(userId)}`;

export interface PrivacyDeps {
  storage: Storage;
  conversationState: ConversationState;
  userState: UserState;
  /** Index entries older than this are dropped (the conversation itself has expired by then). */
  retentionDays: number;
  /** An entry seen less than this long ago is not rewritten (one read per turn at most). Default 1 hour. */
  refreshAfterMs?: number;
  now?: () => number;
}

/** Set on a turn whose conversation this turn has written into the index (no second write at save time). */
const INDEXED_THIS_TURN = Symbol('indexedThisTurn');

/** How often the index write is tried when other turns of the same person write it at the same time. */
const INDEX_WRITE_TRIES = 5;

export class Privacy {
  private readonly now: () => number;
  /** Conversations recently recorded, by index key and conversation key, so most turns skip the store. */
  private readonly recent = new Map<string, number>();

  constructor(private readonly deps: PrivacyDeps) {
    this.now = deps.now ?? Date.now;
    if (deps.conversationState instanceof ETagConversationState) deps.conversationState.beforeCreate = (context) => this.track(context, true);
  }

  /** Adapter middleware: records the turn's conversation in its sender's index before the turn runs. */
  middleware(): Middleware {
    return { onTurn: async (context, next) => {
      await this.track(context);
      await next();
    } };
  }

  /**
   * Records the turn's conversation under its sender (not the bot's own activities). Skipped when this
   * process recorded it within `refreshAfterMs`, unless `force` (the conversation's state is being created:
   * another instance may have run "forget me" since).
   */
  async track(context: TurnContext, force = false): Promise<void> {
    const keys = this.keysOf(context);
    if (!keys) return;
    const { indexKey, conversationKey } = keys;
    if (context.turnState.get(INDEXED_THIS_TURN)) return;
    const memo = `${indexKey}\n${conversationKey}`;
    const now = this.now();
    const seen = this.recent.get(memo);
    if (!force && seen !== undefined && now - seen < (this.deps.refreshAfterMs ?? 60 * 60 * 1000)) return;
    await this.updateIndex(indexKey, (index) => {
      const cutoff = now - daysToMs(this.deps.retentionDays);
      for (const [key, at] of Object.entries(index.conversations)) if (at < cutoff) delete index.conversations[key];
      index.conversations[conversationKey] = now;
    });
    context.turnState.set(INDEXED_THIS_TURN, true);
    this.recent.delete(memo);
    this.recent.set(memo, now);
    if (this.recent.size > 10_000) this.recent.delete(this.recent.keys().next().value as string);
  }

  /**
   * "Forget me": deletes the sender's user state, every conversation of theirs in the index (this one
   * included), and the index; the turn's cached state goes too, so the end of the turn writes nothing back.
   */
  async forgetUser(context: TurnContext): Promise<void> {
    const keys = this.keysOf(context);
    const { storage, conversationState, userState } = this.deps;
    await conversationState.delete(context);
    await userState.delete(context);
    if (!keys) return;
    const index = (await storage.read([keys.indexKey]))[keys.indexKey] as UserIndex | undefined;
    const conversations = Object.keys(index?.conversations ?? {});
    await storage.delete([...conversations, keys.conversationKey, keys.userKey, keys.indexKey]);
    for (const memo of [...this.recent.keys()]) if (memo.startsWith(`${keys.indexKey}\n`)) this.recent.delete(memo);
  }

  private keysOf(context: TurnContext): { indexKey: string; conversationKey: string; userKey: string } | undefined {
    const { activity } = context;
    const userId = activity.from?.id;
    if (!activity.channelId || !activity.conversation?.id || !userId || userId === activity.recipient?.id) return undefined;
    const conversationKey = this.deps.conversationState.getStorageKey(context);
    const userKey = this.deps.userState.getStorageKey(context);
    if (!conversationKey || !userKey) return undefined;
    return { indexKey: userIndexKey(activity.channelId, userId), conversationKey, userKey };
  }

  /** Read-modify-write of an index with its eTag, retried when another turn wrote it first. */
  private async updateIndex(key: string, change: (index: UserIndex) => void): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const stored = (await this.deps.storage.read([key]))[key] as UserIndex | undefined;
      const index: UserIndex = { conversations: { ...(stored?.conversations ?? {}) }, eTag: stored?.eTag ?? NEW_ITEM_ETAG };
      change(index);
      try {
        await this.deps.storage.write({ [key]: index });
        return;
      } catch (err) {
        if (!isETagConflict(err) || attempt >= INDEX_WRITE_TRIES) throw err;
      }
    }
  }
}
