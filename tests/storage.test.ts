import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Storage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import {
  BlobStorage,
  BoundedMemoryStorage,
  createStorage,
  EmbeddedStorage,
  ETagConflictError,
  storageKind,
  StorageUnavailableError,
  type StateStore,
} from '../src/storage';
import { NEW_ITEM_ETAG } from '../src/storage/entries';
import { Azurite } from './e2e/azurite';

const DAY = 24 * 60 * 60 * 1000;
const tempDirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'state-'));
  tempDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('createStorage picks the store from the config', () => {
  it('embedded by default, memory under NODE_ENV=test, blob with a connection string', () => {
    expect(loadConfig({}).stateStore).toBe('embedded');
    expect(loadConfig({}).stateDir).toBe('./data/state');
    expect(loadConfig({ NODE_ENV: 'test' }).stateStore).toBe('memory');
    expect(loadConfig({ STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true;' }).stateStore).toBe('blob');
    expect(loadConfig({ STATE_STORE: 'memory' }).stateRetentionDays).toBe(30);
  });

  it('builds each kind', async () => {
    const base = loadConfig({ NODE_ENV: 'test' });
    const memory = createStorage(base);
    expect(memory).toBeInstanceOf(BoundedMemoryStorage);
    expect(storageKind(base)).toBe('memory');
    const embedded = createStorage({ ...base, stateStore: 'embedded', stateDir: tempDir() });
    expect(embedded).toBeInstanceOf(EmbeddedStorage);
    await embedded.close();
    const blob = createStorage({ ...base, stateStore: 'blob', storageConnectionString: 'UseDevelopmentStorage=true;' });
    expect(blob).toBeInstanceOf(BlobStorage);
  });

  it('production refuses the memory store unless explicitly allowed', () => {
    const prod = { NODE_ENV: 'production', MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', STATE_STORE: 'memory' };
    expect(() => loadConfig(prod)).toThrow(/ALLOW_MEMORY_STATE_IN_PRODUCTION/);
    expect(loadConfig({ ...prod, ALLOW_MEMORY_STATE_IN_PRODUCTION: 'true' }).stateStore).toBe('memory');
    expect(loadConfig({ NODE_ENV: 'production', MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw' }).stateStore).toBe('embedded');
    expect(() => loadConfig({ STATE_STORE: 'blob' })).toThrow(/STORAGE_CONNECTION_STRING/);
  });
});

/** MemoryStorage's eTag semantics, which every store of ours keeps. */
function eTagContract(name: string, make: () => Promise<Storage>): void {
  describe(`${name}: eTag semantics`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await make();
    });

    it('a read returns the item with an eTag; a write hands the new eTag back on the item', async () => {
      const item: Record<string, unknown> = { dialogState: { stack: [{ id: 'main', step: 2 }] }, text: 'héllo ☃' };
      await storage.write({ 'c/conversations/a/': item });
      const read = (await storage.read(['c/conversations/a/', 'c/missing']))['c/conversations/a/'];
      expect(read).toMatchObject({ dialogState: { stack: [{ id: 'main', step: 2 }] }, text: 'héllo ☃' });
      expect(typeof read?.eTag).toBe('string');
      expect(item.eTag).toBe(read?.eTag);
    });

    it('stores and reads copies: changing a written or read item later changes nothing stored', async () => {
      const key = 'c/conversations/copies/';
      const item: Record<string, unknown> = { dialogState: { stack: [{ id: 'main', step: 1 }] }, dropped: undefined };
      await storage.write({ [key]: item });
      (item.dialogState as { stack: unknown[] }).stack.push({ id: 'later' });
      const read = (await storage.read([key]))[key] as Record<string, unknown>;
      expect(read).toEqual({ dialogState: { stack: [{ id: 'main', step: 1 }] }, eTag: item.eTag });
      expect(Object.keys(read)).toEqual(['dialogState', 'eTag']);
      (read.dialogState as { stack: unknown[] }).stack.length = 0;
      expect((await storage.read([key]))[key]?.dialogState).toEqual({ stack: [{ id: 'main', step: 1 }] });
    });

    it('refuses a write with a stale eTag and keeps what is stored', async () => {
      const key = 'c/users/u1/';
      await storage.write({ [key]: { n: 1, eTag: '*' } });
      const eTag = (await storage.read([key]))[key]?.eTag as string;
      await storage.write({ [key]: { n: 2, eTag } });
      await expect(storage.write({ [key]: { n: 3, eTag } })).rejects.toThrow(/eTag conflict/);
      expect((await storage.read([key]))[key]?.n).toBe(2);
    });

    it("overwrites with '*' or no eTag", async () => {
      const key = 'c/users/u2/';
      await storage.write({ [key]: { n: 1 } });
      await storage.write({ [key]: { n: 2, eTag: '*' } });
      await storage.write({ [key]: { n: 3 } });
      expect((await storage.read([key]))[key]?.n).toBe(3);
    });

    it(`'${NEW_ITEM_ETAG}' creates an item only if none is stored`, async () => {
      const key = 'c/conversations/new/';
      await storage.write({ [key]: { n: 1, eTag: NEW_ITEM_ETAG } });
      await expect(storage.write({ [key]: { n: 2, eTag: NEW_ITEM_ETAG } })).rejects.toBeInstanceOf(ETagConflictError);
      expect((await storage.read([key]))[key]?.n).toBe(1);
    });

    it('a late write with the eTag of a deleted item does not bring it back', async () => {
      const key = 'c/conversations/gone/';
      await storage.write({ [key]: { n: 1 } });
      const eTag = (await storage.read([key]))[key]?.eTag as string;
      await storage.delete([key, 'c/never-there']);
      await expect(storage.write({ [key]: { n: 2, eTag } })).rejects.toBeInstanceOf(ETagConflictError);
      expect(await storage.read([key])).toEqual({});
    });
  });
}

eTagContract('memory', async () => new BoundedMemoryStorage({ maxEntries: 100, ttlMs: DAY }));
eTagContract('embedded (LMDB)', async () => new EmbeddedStorage({ dir: tempDir(), ttlMs: DAY }));

describe('memory store: bounded in entries and in time', () => {
  it('keeps at most maxEntries, dropping the least recently written', async () => {
    const storage = new BoundedMemoryStorage({ maxEntries: 100, ttlMs: DAY });
    for (let i = 0; i < 250; i++) await storage.write({ [`k${i}`]: { i } });
    expect(storage.size).toBe(100);
    expect(await storage.read(['k0', 'k149'])).toEqual({});
    expect((await storage.read(['k150']))['k150']?.i).toBe(150);
  });

  it('forgets an item the retention after its last write', async () => {
    let now = 1_000_000;
    const storage = new BoundedMemoryStorage({ maxEntries: 100, ttlMs: 30 * DAY, now: () => now });
    await storage.write({ old: { a: 1 }, fresh: { b: 1 } });
    now += 20 * DAY;
    await storage.write({ fresh: { b: 2 } });
    now += 11 * DAY;
    expect(Object.keys(await storage.read(['old', 'fresh']))).toEqual(['fresh']);
  });
});

describe('embedded store (LMDB file)', () => {
  it('keeps state across close and reopen of the same directory', async () => {
    const dir = tempDir();
    const first = new EmbeddedStorage({ dir, ttlMs: DAY });
    await first.write({ 'c/conversations/x/': { dialogState: { step: 3 } } });
    await first.close();
    await expect(first.read(['c/conversations/x/'])).rejects.toBeInstanceOf(StorageUnavailableError);
    const second = new EmbeddedStorage({ dir, ttlMs: DAY });
    expect((await second.read(['c/conversations/x/']))['c/conversations/x/']).toMatchObject({ dialogState: { step: 3 } });
    await second.close();
  });

  it('reads expired items as absent and sweeps them out of the file', async () => {
    const dir = tempDir();
    let now = 5_000_000;
    const storage = new EmbeddedStorage({ dir, ttlMs: 30 * DAY, now: () => now });
    await storage.write({ old: { a: 1 }, kept: { b: 1 } });
    now += 20 * DAY;
    await storage.write({ kept: { b: 2 } });
    now += 11 * DAY;
    expect(Object.keys(await storage.read(['old', 'kept']))).toEqual(['kept']);
    expect(await storage.sweep()).toBe(1);
    expect(storage.count()).toBe(1);
    await storage.close();
  });
});

describe('blob store against a real Azurite', () => {
  let azurite: Azurite;
  beforeAll(async () => {
    azurite = await Azurite.start();
  }, 60_000);
  afterAll(async () => {
    await azurite?.dispose();
  });

  eTagContract('blob (Azurite)', async () =>
    new BlobStorage({ connectionString: azurite.connectionString, container: 'contract', timeoutMs: 5000, ttlMs: DAY }),
  );

  it('reads state written by another instance, and by blob names BlobsStorage used', async () => {
    const { BlobsStorage } = await import('botbuilder-azure-blobs');
    const key = 'msteams/conversations/a:1/';
    await new BlobsStorage(azurite.connectionString, 'compat').write({ [key]: { dialogState: { step: 2 }, eTag: '*' } });
    const ours = new BlobStorage({ connectionString: azurite.connectionString, container: 'compat', timeoutMs: 5000, ttlMs: DAY });
    expect((await ours.read([key]))[key]).toMatchObject({ dialogState: { step: 2 } });
  });

  it('an instance whose first call failed recovers once the service is back (the container is retried)', async () => {
    // A new container: the instance's first call has to create it, and that call fails.
    const storage = new BlobStorage({ connectionString: azurite.connectionString, container: 'restarted', timeoutMs: 1500, ttlMs: DAY });
    await azurite.stop();
    const started = Date.now();
    await expect(storage.write({ k: { n: 1 } })).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(Date.now() - started).toBeLessThan(10_000); // botbuilder-azure-blobs: about 30 s, then never again
    await azurite.start();
    await storage.write({ k: { n: 1 } });
    expect((await storage.read(['k']))['k']?.n).toBe(1);
  }, 60_000);

  it('a service that accepts connections and never answers fails the call at the timeout, not after the SDK retries', async () => {
    const hung = createServer(() => undefined); // accepts, never replies
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const port = (hung.address() as AddressInfo).port;
    try {
      const storage = new BlobStorage({ connectionString: azurite.connectionString.replace(`:${azurite.port}/`, `:${port}/`), container: 'hung', timeoutMs: 1000, ttlMs: DAY });
      const started = Date.now();
      await expect(storage.read(['k'])).rejects.toThrow(/timed out after 1000 ms/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      hung.closeAllConnections();
      hung.close();
    }
  });

  it('ping answers when the service does and fails within the timeout when it does not', async () => {
    const store: StateStore = createStorage({
      ...loadConfig({ NODE_ENV: 'test' }),
      stateStore: 'blob',
      storageConnectionString: azurite.connectionString,
      storageTimeoutMs: 1500,
    });
    await store.ping();
    await azurite.stop();
    await expect(store.ping()).rejects.toBeInstanceOf(StorageUnavailableError);
    await azurite.start();
    await store.ping();
  }, 60_000);
});
