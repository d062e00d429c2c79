/** The store behind one `Store` interface: the embedded SQLite file in DATA_DIR, or PostgreSQL (DATABASE_URL). */
export { openStore, type StoreOptions } from './open-store';
export { openSqliteStore, type SqliteStoreOptions } from './open-sqlite-store';
export { copyStore, type CopyReport } from './copy-store';
export { DATABASE_FILE_NAME } from './database';
export { KEY_FILE_NAME } from './secret-key';
export { INTERRUPTED_ERROR, SYNC_RUNS_KEPT_PER_REALM } from './sync-runs';
export {
  StoreError,
  StoreClosedError,
  StoreInvalidArgumentError,
  StoreKeyFileInvalidError,
  StoreKeyMismatchError,
  StoreRowTamperedError,
  StoreSchemaTooNewError,
  StoreSecretKeyMissingError,
  StoreWriteAbandonedError,
  StoreUnavailableError,
  StoreFencedError,
  type StoreErrorCode,
} from './errors';
export type * from './types';
export { openGenerationWriter, type GenerationWriter, type GenerationWriterOptions } from './generation-writes';
export { openStoreReader, type StoreReader } from './store-reader';
