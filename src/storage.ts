import { MemoryStorage, type Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import type { AppConfig } from './config';

/**
 * The state store: in-memory by default (local use, tests; state is lost on restart), Azure Blob
 * Storage when STORAGE_CONNECTION_STRING is set (survives restarts, shared between instances).
 */
export function createStorage(config: Pick<AppConfig, 'storageConnectionString' | 'storageContainer'>): Storage {
  if (!config.storageConnectionString) return new MemoryStorage();
  return new BlobsStorage(config.storageConnectionString, config.storageContainer);
}

/** Which kind of store {@link createStorage} picks, for the start-up log line. */
export function storageKind(config: Pick<AppConfig, 'storageConnectionString'>): 'memory' | 'azure-blobs' {
  return config.storageConnectionString ? 'azure-blobs' : 'memory';
}
