import { randomBytes } from 'node:crypto';
import type { StoreItem } from 'botbuilder';
import { ETagConflictError } from './errors';

/**
 * The eTag rules every store of ours shares, as botbuilder's MemoryStorage has them: a read returns the
 * item with its eTag; a write with `*` or no eTag overwrites; a write with any other eTag succeeds only
 * when the stored item still has that eTag. One rule is stricter than MemoryStorage: a write with an eTag
 * to an item that has gone (deleted, expired, forgotten) is a conflict too, as Azure Blob's If-Match is,
 * so a late write can never bring back what "forget me" deleted. And one addition: the eTag
 * {@link NEW_ITEM_ETAG} writes only if nothing is stored (two first turns of a conversation at once: the
 * second fails rather than overwrite). MemoryStorage, which knows no such eTag, treats it the same way.
 */

/** Write only if no item is stored under the key (Blob: If-None-Match: *). */
export const NEW_ITEM_ETAG = '!new';

/** One stored item: the value without its eTag, its eTag, and when it was last written (ms since epoch). */
export interface Entry {
  value: Record<string, unknown>;
  eTag: string;
  writtenAt: number;
}

/** This process's part of every eTag it makes: random, so processes sharing a store never make the same one. */
const PROCESS_TAG = randomBytes(6).toString('hex');
let eTagCount = 0;

/**
 * A new, unique eTag (unique across processes sharing a store): the time, this process's random tag and a
 * counter. The random part is drawn once (drawing 6 random bytes per write was a measurable part of a turn).
 */
export function newETag(): string {
  eTagCount = (eTagCount + 1) % Number.MAX_SAFE_INTEGER;
  return `${Date.now().toString(36)}-${PROCESS_TAG}-${eTagCount.toString(36)}`;
}

/** Throws {@link ETagConflictError} when writing `item` over `old` breaks the rules above. */
export function checkETag(key: string, old: Pick<Entry, 'eTag'> | undefined, item: StoreItem): void {
  const eTag: unknown = item.eTag;
  if (eTag === undefined || eTag === null || eTag === '' || eTag === '*') return;
  if (eTag === NEW_ITEM_ETAG) {
    if (old) throw new ETagConflictError(key);
    return;
  }
  if (!old || old.eTag !== eTag) throw new ETagConflictError(key);
}

/**
 * The entry to store for `item` (its eTag field is not part of the value). Not a copy: for a store that
 * serialises the entry when it is put (the embedded store's JSON encoding), so what is stored is the item
 * as it was at that moment.
 */
export function toEntry(item: StoreItem, now: number): Entry {
  const { eTag: _ignored, ...value } = item;
  return { value, eTag: newETag(), writtenAt: now };
}

/**
 * What a read returns for an entry: its value with the eTag. Not a copy: for an entry the store has just
 * decoded for this read (the embedded store decodes on every get), which nothing else holds.
 */
export function fromEntry(entry: Entry): StoreItem {
  const item: StoreItem = entry.value;
  item.eTag = entry.eTag;
  return item;
}

/**
 * After a successful write the caller's item carries the new eTag, so the same turn can write it again
 * (botbuilder's BotState keeps the object it wrote as its cache).
 */
export function stampETag(item: StoreItem, eTag: string): void {
  item.eTag = eTag;
}

/** Milliseconds in `days` days. */
export const daysToMs = (days: number): number => Math.round(days * 24 * 60 * 60 * 1000);
