import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage, storageKind } from '../src/storage';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`azurite did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('createStorage', () => {
  it('uses memory storage when no connection string is set', () => {
    const config = { storageConnectionString: undefined, storageContainer: 'bot-state' };
    expect(createStorage(config)).toBeInstanceOf(MemoryStorage);
    expect(storageKind(config)).toBe('memory');
  });

  it('uses blob storage when a connection string is set', () => {
    const config = {
      storageConnectionString: `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:1/${DEV_ACCOUNT};`,
      storageContainer: 'bot-state',
    };
    expect(createStorage(config)).toBeInstanceOf(BlobsStorage);
    expect(storageKind(config)).toBe('azure-blobs');
  });
});

describe('createStorage against a real Azurite blob service', () => {
  let azurite: ChildProcess | undefined;
  let dir = '';
  let connectionString = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'azurite-'));
    const port = await freePort();
    azurite = spawn(
      process.execPath,
      [
        require.resolve('azurite/dist/src/blob/main.js'),
        '--skipApiVersionCheck',
        '--disableTelemetry',
        '--silent',
        '--loose',
        '--location',
        dir,
        '--blobHost',
        '127.0.0.1',
        '--blobPort',
        String(port),
      ],
      { stdio: 'ignore' },
    );
    await waitForPort(port, 30_000);
    connectionString = `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
  });

  afterAll(async () => {
    if (azurite && azurite.exitCode === null) {
      const exited = new Promise((resolve) => azurite?.once('exit', resolve));
      azurite.kill();
      await exited;
    }
    // Azurite may still flush its metadata files as it exits; retry the cleanup.
    if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });

  it('writes state, reads it back from a fresh instance, and deletes it', async () => {
    const config = { storageConnectionString: connectionString, storageContainer: 'bot-state-test' };
    const key = 'msteams/conversations/a:1/sciatica';
    const item = { dialogState: { dialogStack: [{ id: 'mainDialog', state: { step: 2 } }] }, eTag: '*' };

    await createStorage(config).write({ [key]: item });

    const fresh = createStorage(config);
    const read = await fresh.read([key]);
    expect(read[key]?.dialogState).toEqual(item.dialogState);
    expect(typeof read[key]?.eTag).toBe('string');

    await fresh.delete([key]);
    expect(await createStorage(config).read([key])).toEqual({});
  });

  it('refuses a stale write (optimistic concurrency by eTag)', async () => {
    const storage = createStorage({ storageConnectionString: connectionString, storageContainer: 'bot-state-test' });
    const key = 'webchat/users/u1';
    await storage.write({ [key]: { n: 1, eTag: '*' } });
    const first = await storage.read([key]);
    const eTag = first[key]?.eTag as string;
    await storage.write({ [key]: { n: 2, eTag } });
    await expect(storage.write({ [key]: { n: 3, eTag } })).rejects.toThrow();
    expect((await storage.read([key]))[key]?.n).toBe(2);
  });
});
