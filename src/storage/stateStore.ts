import type { Storage } from 'botbuilder';
import type { StateStoreKind } from '../config';

/** The state store with what the server needs beside botbuilder's Storage: readiness and closing. */
export interface StateStore extends Storage {
  readonly kind: StateStoreKind;
  /** Resolves when the store answers, rejects (within the storage timeout) when it does not. */
  ping(): Promise<void>;
  /** Releases files and timers (the embedded store); a no-op elsewhere. */
  close(): Promise<void>;
}
