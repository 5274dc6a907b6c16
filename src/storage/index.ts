import type { StateStore } from './stateStore';
import type { AppConfig, StateStoreKind } from '../config';
import { BlobStorage } from './blob';
import { EmbeddedStorage } from './embedded';
import { daysToMs } from './entries';
import { BoundedMemoryStorage } from './memory';

export { BlobStorage } from './blob';
export { EmbeddedStorage, EMBEDDED_FILE } from './embedded';
export { BoundedMemoryStorage } from './memory';
export { ETagConflictError, isETagConflict, isStorageUnavailable, StorageUnavailableError } from './errors';
export { ETagConversationState, ETagUserState, StateConflictError } from './state';
export { Privacy, userIndexKey } from './privacy';

export type { StateStore } from './stateStore';

export type StorageConfig = Pick<
  AppConfig,
  'stateStore' | 'stateDir' | 'stateRetentionDays' | 'stateMemoryMaxEntries' | 'storageTimeoutMs' | 'storageConnectionString' | 'storageContainer'
>;

/**
 * The state store the config asks for (STATE_STORE): the embedded LMDB file under STATE_DIR (default),
 * bounded memory (tests), or Azure Blob (STORAGE_CONNECTION_STRING). Every one of them has MemoryStorage's
 * eTag semantics and forgets items STATE_RETENTION_DAYS after their last write.
 */
export function createStorage(config: StorageConfig): StateStore {
  const ttlMs = daysToMs(config.stateRetentionDays);
  switch (config.stateStore) {
    case 'blob':
      if (!config.storageConnectionString) throw new Error('STATE_STORE=blob needs STORAGE_CONNECTION_STRING');
      return new BlobStorage({
        connectionString: config.storageConnectionString,
        container: config.storageContainer,
        timeoutMs: config.storageTimeoutMs,
        ttlMs,
      });
    case 'embedded':
      return new EmbeddedStorage({ dir: config.stateDir, ttlMs, timeoutMs: config.storageTimeoutMs });
    case 'memory':
      return new BoundedMemoryStorage({ maxEntries: config.stateMemoryMaxEntries, ttlMs });
  }
}

/** Which kind of store {@link createStorage} picks, for the start-up log line. */
export function storageKind(config: Pick<AppConfig, 'stateStore'>): StateStoreKind {
  return config.stateStore;
}
