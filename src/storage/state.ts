import { calculateChangeHash, ConversationState, UserState, type Storage, type StoreItem, type TurnContext } from 'botbuilder';
import { NEW_ITEM_ETAG } from './entries';
import { isETagConflict } from './errors';

/**
 * botbuilder's BotState.saveChanges sets the eTag of what it writes to `*` (botbuilder-core botState.js),
 * so a turn that read state, then lost a race with another turn of the same conversation (another
 * instance, or a second message), silently overwrites what the other turn wrote. These subclasses write
 * with the eTag the turn read instead: the store refuses a stale write, and the turn fails with a
 * {@link StateConflictError} that the turn-error handler answers plainly ("send that again").
 */

/** Another turn changed this state since this turn read it; nothing of this turn's state was written. */
export class StateConflictError extends Error {
  constructor(
    readonly key: string,
    override readonly cause?: unknown,
  ) {
    super(`state "${key}" was changed by another turn`);
    this.name = 'StateConflictError';
  }
}

interface Cached {
  state: StoreItem;
  /** What the state was when read or last written: {@link snapshot} ('' forces a write, as BotState.clear sets it). */
  hash: string;
}

/**
 * What a state is compared by to tell whether the turn changed it: its JSON without the eTag. BotState
 * compares a SHA-256 of botbuilder-stdlib's `stringify`, which sends every value of the state through a
 * replacer function, three times a turn; comparing the JSON text itself gives the same answer (equal text,
 * equal state) for a plain `JSON.stringify` and no hash. A state JSON cannot write (a cycle) falls back to
 * botbuilder's hash, which is never equal to JSON text.
 */
function snapshot(state: StoreItem): string {
  const { eTag: _eTag, ...rest } = state;
  try {
    return JSON.stringify(rest);
  } catch {
    return calculateChangeHash(state);
  }
}

/** The turn's cached state, read from `storage` under `key` when the turn has none yet (BotState.load, with {@link snapshot}). */
async function loadState(state: ConversationState | UserState, storage: Storage, key: () => Promise<string>, context: TurnContext, force: boolean): Promise<StoreItem> {
  const cacheKey = stateKeyOf(state);
  const cached = context.turnState.get(cacheKey) as Cached | undefined;
  if (!force && cached?.state) return cached.state;
  const storageKey = await key();
  const read = (await storage.read([storageKey]))[storageKey] ?? {};
  context.turnState.set(cacheKey, { state: read, hash: snapshot(read) });
  return read;
}

/** The shared part: save with the read eTag, and clear only what this turn read. */
function stateKeyOf(state: object): symbol {
  // BotState keeps its turn cache under a private symbol; saveChanges must use the same one.
  return (state as unknown as { stateKey: symbol }).stateKey;
}

async function saveWithETag(
  state: ConversationState | UserState,
  storage: Storage,
  key: string,
  context: TurnContext,
  force: boolean,
  beforeCreate?: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const cacheKey = stateKeyOf(state);
  let cached = context.turnState.get(cacheKey) as Cached | undefined;
  // What is written, as its snapshot: taken once, unless something ran between the check and the write.
  let written = cached ? snapshot(cached.state) : undefined;
  if (!force && (!cached || cached.hash === written)) return;
  cached ??= { state: {}, hash: '' };
  // State read as absent is created only if still absent: two first turns at once do not overwrite.
  if (typeof cached.state.eTag !== 'string' || cached.state.eTag === '' || cached.state.eTag === NEW_ITEM_ETAG) {
    cached.state.eTag = NEW_ITEM_ETAG;
    if (beforeCreate) {
      await beforeCreate(context);
      written = undefined;
    }
  }
  written ??= snapshot(cached.state);
  try {
    await storage.write({ [key]: cached.state });
  } catch (err) {
    if (isETagConflict(err)) throw new StateConflictError(key, err);
    throw err;
  }
  // The store stamped the new eTag, which a snapshot leaves out.
  cached.hash = written;
  context.turnState.set(cacheKey, cached);
}

/**
 * Empties the stored state only if it is still what this turn read or wrote (its eTag), so a late call
 * cannot wipe what a later turn saved. Resolves false when there was nothing of this turn's to clear or
 * another turn has written since.
 */
async function clearIfUnchanged(state: ConversationState | UserState, storage: Storage, key: string, context: TurnContext): Promise<boolean> {
  const cacheKey = stateKeyOf(state);
  const cached = context.turnState.get(cacheKey) as Cached | undefined;
  const eTag: unknown = cached?.state.eTag;
  if (typeof eTag !== 'string' || eTag === '' || eTag === '*' || eTag === NEW_ITEM_ETAG) return false;
  const empty: StoreItem = { eTag };
  try {
    await storage.write({ [key]: empty });
  } catch (err) {
    if (isETagConflict(err)) return false;
    throw err;
  }
  context.turnState.set(cacheKey, { state: empty, hash: snapshot(empty) });
  return true;
}

export class ETagConversationState extends ConversationState {
  /**
   * Runs before a conversation's state is first written (or written again after it was deleted): the
   * per-person index records it there, so "forget me" finds every conversation that has state.
   */
  beforeCreate: ((context: TurnContext) => Promise<void>) | undefined = undefined;

  constructor(private readonly store: Storage) {
    super(store);
  }

  override load(context: TurnContext, force = false): Promise<StoreItem> {
    return loadState(this, this.store, () => this.storageKey(context), context, force);
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    await saveWithETag(this, this.store, await this.storageKey(context), context, force, this.beforeCreate);
  }

  async clearIfUnchanged(context: TurnContext): Promise<boolean> {
    return clearIfUnchanged(this, this.store, await this.storageKey(context), context);
  }
}

export class ETagUserState extends UserState {
  constructor(private readonly store: Storage) {
    super(store);
  }

  override load(context: TurnContext, force = false): Promise<StoreItem> {
    return loadState(this, this.store, () => this.storageKey(context), context, force);
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    await saveWithETag(this, this.store, await this.storageKey(context), context, force);
  }
}
