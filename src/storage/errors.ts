/**
 * What can go wrong with the state store, as types the turn-error handler can tell apart: the store did
 * not answer (down, slow, refused), or another writer changed an item since this turn read it.
 */

/** The store did not answer in time or failed; nothing was changed by this call as far as we know. */
export class StorageUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'StorageUnavailableError';
  }
}

/**
 * A write carried the eTag of the item it was read from and the item has changed (or gone) since. The
 * message keeps botbuilder's MemoryStorage wording ("eTag conflict") so code that matches it still works.
 */
export class ETagConflictError extends Error {
  constructor(readonly key: string) {
    super(`Storage: error writing "${key}" due to eTag conflict.`);
    this.name = 'ETagConflictError';
  }
}

/** botbuilder's stores signal a conflict with a plain Error and this wording; ours with {@link ETagConflictError}. */
export function isETagConflict(err: unknown): boolean {
  return err instanceof ETagConflictError || (err instanceof Error && /eTag conflict/i.test(err.message));
}

export function isStorageUnavailable(err: unknown): boolean {
  return err instanceof StorageUnavailableError;
}

/** Rejects with a {@link StorageUnavailableError} when `work` takes longer than `ms`. */
export async function withDeadline<T>(work: (signal: AbortSignal) => Promise<T>, ms: number, what: string): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new StorageUnavailableError(`storage ${what} timed out after ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), deadline]);
  } catch (err) {
    if (err instanceof StorageUnavailableError || err instanceof ETagConflictError) throw err;
    throw new StorageUnavailableError(`storage ${what} failed: ${err instanceof Error ? err.message : String(err)}`, err);
  } finally {
    clearTimeout(timer);
  }
}
