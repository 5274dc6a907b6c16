import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreItems } from 'botbuilder';
import { open, type RootDatabase } from 'lmdb';
import { checkETag, fromEntry, stampETag, toEntry, type Entry } from './entries';
import { ETagConflictError, StorageUnavailableError, withDeadline } from './errors';
import type { StateStore } from './stateStore';

export interface EmbeddedStorageOptions {
  /** Directory of the data file (created if missing). */
  dir: string;
  /** Items expire this long after their last write. */
  ttlMs: number;
  /** The readiness check fails after this long (default 4000 ms). */
  timeoutMs?: number;
  /** How often expired items are swept out (also once on open). Default: hourly. */
  sweepEveryMs?: number;
  now?: () => number;
}

/** The data file's name under the state directory (LMDB adds `<name>-lock` beside it). */
export const EMBEDDED_FILE = 'state.mdb';

/**
 * The default store: an LMDB database file on local disk (lmdb on npm, prebuilt binaries inside the
 * registry package). State survives restarts. Writes are LMDB transactions, so the eTag check and the
 * write are one atomic step, also between processes that open the same directory. Reads are memory-mapped
 * and synchronous. Expired items read as absent and are swept on open and then periodically.
 */
export class EmbeddedStorage implements StateStore {
  readonly kind = 'embedded' as const;
  private readonly db: RootDatabase<Entry, string>;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: EmbeddedStorageOptions) {
    this.now = options.now ?? Date.now;
    mkdirSync(options.dir, { recursive: true });
    this.db = open<Entry, string>({ path: join(options.dir, EMBEDDED_FILE), encoding: 'json' });
    void this.sweep().catch(() => undefined);
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), options.sweepEveryMs ?? 60 * 60 * 1000);
    this.timer.unref();
  }

  async read(keys: string[]): Promise<StoreItems> {
    return this.guard('read', async () => {
      const out: StoreItems = {};
      for (const key of keys) {
        const entry = this.db.get(key);
        if (entry && !this.expired(entry)) out[key] = fromEntry(entry);
      }
      return out;
    });
  }

  async write(changes: StoreItems): Promise<void> {
    const now = this.now();
    // The eTag checks and the puts are one LMDB write transaction: atomic, also between processes.
    const written = await this.guard('write', () =>
      this.db.transaction(() => {
        for (const [key, item] of Object.entries(changes)) {
          const old = this.db.get(key);
          checkETag(key, old && !this.expired(old) ? old : undefined, item);
        }
        return Object.entries(changes).map(([key, item]): [string, string] => {
          const entry = toEntry(item, now);
          void this.db.put(key, entry);
          return [key, entry.eTag];
        });
      }),
    );
    for (const [key, eTag] of written) {
      const item = changes[key];
      if (item) stampETag(item, eTag);
    }
  }

  async delete(keys: string[]): Promise<void> {
    await this.guard('delete', () =>
      this.db.transaction(() => {
        for (const key of keys) void this.db.remove(key);
      }),
    );
  }

  /** Resolves when the file can be read. */
  async ping(): Promise<void> {
    await withDeadline(async () => void (await this.read(['readyz'])), this.options.timeoutMs ?? 4000, 'ping');
  }

  /** Removes every expired item; resolves with how many. */
  async sweep(): Promise<number> {
    if (this.closed) return 0;
    const expired: string[] = [];
    for (const { key, value } of this.db.getRange({})) if (this.expired(value)) expired.push(key);
    if (expired.length > 0) await this.delete(expired);
    return expired.length;
  }

  /** How many items are stored (expired ones not yet swept included). */
  count(): number {
    return this.db.getCount();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.db.close();
  }

  private expired(entry: Entry): boolean {
    return this.now() - entry.writtenAt > this.options.ttlMs;
  }

  /** Runs `work` on the open store; its failures (disk full, a closed store) become StorageUnavailableError. */
  private async guard<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StorageUnavailableError('the embedded store is closed');
    try {
      return await work();
    } catch (err) {
      if (err instanceof ETagConflictError) throw err;
      throw new StorageUnavailableError(`embedded store ${what} failed: ${err instanceof Error ? err.message : String(err)}`, err);
    }
  }
}
