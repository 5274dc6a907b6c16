import consumers from 'node:stream/consumers';
import type { StoreItems } from 'botbuilder';
import { ContainerClient, RestError } from '@azure/storage-blob';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';
import { NEW_ITEM_ETAG, stampETag } from './entries';
import { ETagConflictError, withDeadline } from './errors';
import type { StateStore } from './stateStore';

export interface BlobStorageOptions {
  connectionString: string;
  container: string;
  /** Every call (container check included) fails after this long. */
  timeoutMs: number;
  /** Items last written longer ago than this read as absent (the lifecycle rule deletes them). */
  ttlMs: number;
}

/**
 * Azure Blob Storage for state, in place of botbuilder-azure-blobs' BlobsStorage, which keeps a failed
 * container-create promise forever (an instance whose first call failed never recovers), retries for about
 * 30 s before a turn can apologise, and never hands back the eTag of what it wrote. Here:
 * - the container is created on first use, and again after a failure (the failure is not kept);
 * - every call is bounded by `timeoutMs` (one retry inside it), so a turn with the store down fails fast;
 * - a write returns the new eTag on the written item; the same blob names as BlobsStorage
 *   (`sanitizeBlobKey`), so state written by earlier versions is read as before.
 */
export class BlobStorage implements StateStore {
  readonly kind = 'blob' as const;
  private readonly client: ContainerClient;
  private ready: Promise<void> | undefined;

  constructor(private readonly options: BlobStorageOptions) {
    this.client = new ContainerClient(options.connectionString, options.container, {
      retryOptions: { maxTries: 2, tryTimeoutInMs: options.timeoutMs, retryDelayInMs: 100, maxRetryDelayInMs: 400 },
    });
  }

  async read(keys: string[]): Promise<StoreItems> {
    return this.call('read', async (abortSignal) => {
      const found = await Promise.all(
        keys.map(async (key) => {
          try {
            const blob = await this.client.getBlobClient(sanitizeBlobKey(key)).download(0, undefined, { abortSignal });
            if (!blob.readableStreamBody) return undefined;
            if (blob.lastModified && Date.now() - blob.lastModified.getTime() > this.options.ttlMs) return undefined;
            const value = (await consumers.json(blob.readableStreamBody)) as Record<string, unknown>;
            return [key, { ...value, eTag: blob.etag }] as const;
          } catch (err) {
            if (statusOf(err) === 404) return undefined;
            throw err;
          }
        }),
      );
      return Object.fromEntries(found.filter((entry) => entry !== undefined)) as StoreItems;
    });
  }

  async write(changes: StoreItems): Promise<void> {
    await this.call('write', (abortSignal) =>
      Promise.all(
        Object.entries(changes).map(async ([key, item]) => {
          const { eTag, ...value } = item as Record<string, unknown>;
          const conditional = typeof eTag === 'string' && eTag !== '' && eTag !== '*';
          const body = JSON.stringify(value);
          try {
            const done = await this.client.getBlockBlobClient(sanitizeBlobKey(key)).upload(body, Buffer.byteLength(body), {
              abortSignal,
              conditions: !conditional ? {} : eTag === NEW_ITEM_ETAG ? { ifNoneMatch: '*' } : { ifMatch: eTag },
              blobHTTPHeaders: { blobContentType: 'application/json' },
            });
            if (done.etag) stampETag(item, done.etag);
          } catch (err) {
            const status = statusOf(err);
            if (conditional && (status === 412 || status === 404 || status === 409)) throw new ETagConflictError(key);
            throw err;
          }
        }),
      ),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await this.call('delete', (abortSignal) =>
      Promise.all(
        keys.map(async (key) => {
          try {
            await this.client.deleteBlob(sanitizeBlobKey(key), { abortSignal });
          } catch (err) {
            if (statusOf(err) !== 404) throw err;
          }
        }),
      ),
    );
  }

  /** Resolves when the container answers (created if missing); rejects within the timeout otherwise. */
  async ping(): Promise<void> {
    await this.call('ping', (abortSignal) => this.client.getProperties({ abortSignal }).then(() => undefined));
  }

  /** Nothing to release: the HTTP client holds no open handles between calls. */
  async close(): Promise<void> {}

  /** Runs `work` once the container exists, all of it within the timeout. */
  private call<T>(what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return withDeadline(
      async (signal) => {
        await this.ensureContainer(signal);
        return work(signal);
      },
      this.options.timeoutMs,
      what,
    );
  }

  /** Creates the container once; a failed attempt is forgotten so the next call tries again. */
  private ensureContainer(abortSignal: AbortSignal): Promise<void> {
    this.ready ??= this.client.createIfNotExists({ abortSignal }).then(
      () => undefined,
      (err: unknown) => {
        this.ready = undefined;
        throw err;
      },
    );
    return this.ready;
  }
}

function statusOf(err: unknown): number | undefined {
  if (err instanceof RestError) return err.statusCode;
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
