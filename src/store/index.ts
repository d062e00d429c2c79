/** The embedded store: one SQLite file in DATA_DIR behind the `Store` interface a shared store can implement later. */
export { openSqliteStore, type SqliteStoreOptions } from './sqlite-store';
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
  type StoreErrorCode,
} from './errors';
export type * from './types';
export { openGenerationWriter, type GenerationWriter } from './generation-writes';
export { openStoreReader, type StoreReader } from './store-reader';
