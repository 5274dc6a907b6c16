import type { StoreItem, StoreItems } from 'botbuilder';
import { checkETag, newETag, stampETag } from './entries';
import type { StateStore } from './stateStore';

export interface BoundedMemoryOptions {
  /** At most this many items; past it, the least recently written go first. */
  maxEntries: number;
  /** Items expire this long after their last write. */
  ttlMs: number;
  /** The clock (tests move it). */
  now?: () => number;
}

/**
 * One stored item: its value as JSON text (without the eTag), so a write is one `JSON.stringify` and a read
 * one `JSON.parse`, each a fresh copy, as in botbuilder's MemoryStorage.
 */
interface MemoryEntry {
  json: string;
  eTag: string;
  writtenAt: number;
}

/**
 * State in the process (tests, `STATE_STORE=memory`): MemoryStorage's eTag semantics, but bounded in
 * entries and in time, so a long-running process cannot grow without limit and nothing outlives the
 * retention. Lost on restart.
 */
export class BoundedMemoryStorage implements StateStore {
  readonly kind = 'memory' as const;
  /** Insertion order is write order: the first key is the least recently written. */
  private readonly entries = new Map<string, MemoryEntry>();
  private readonly now: () => number;

  constructor(private readonly options: BoundedMemoryOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const out: StoreItems = {};
    for (const key of keys) {
      const entry = this.live(key);
      if (entry) {
        const item = JSON.parse(entry.json) as StoreItem;
        item.eTag = entry.eTag;
        out[key] = item;
      }
    }
    return out;
  }

  async write(changes: StoreItems): Promise<void> {
    const now = this.now();
    // Check every item first: a conflict writes nothing.
    for (const [key, item] of Object.entries(changes)) checkETag(key, this.live(key), item);
    for (const [key, item] of Object.entries(changes)) {
      const { eTag: _eTag, ...value } = item;
      const entry: MemoryEntry = { json: JSON.stringify(value), eTag: newETag(), writtenAt: now };
      this.entries.delete(key);
      this.entries.set(key, entry);
      stampETag(item, entry.eTag);
    }
    this.evict(now);
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  /** Memory always answers. */
  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  /** The entry under `key` unless it has expired (an expired one is dropped). */
  private live(key: string): MemoryEntry | undefined {
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.writtenAt > this.options.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Drops the oldest writes: everything expired, then whatever is over the bound. */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      const expired = now - entry.writtenAt > this.options.ttlMs;
      if (!expired && this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
