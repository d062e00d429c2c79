/**
 * Opens the store the configuration names: PostgreSQL when DATABASE_URL is set (several replicas share it), else the
 * embedded SQLite file in DATA_DIR. PostgreSQL's driver is loaded only then: data threads import this folder too,
 * and every module they load is paid once per thread.
 */
import { openSqliteStore, type SqliteStoreOptions } from './open-sqlite-store';
import type { Store } from './types';

export interface StoreOptions extends SqliteStoreOptions {
  /** DATABASE_URL: PostgreSQL instead of the SQLite file. */
  readonly databaseUrl?: string;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  const { databaseUrl, ...rest } = options;
  if (databaseUrl === undefined) return openSqliteStore(rest);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when DATABASE_URL is set
  const postgres = require('./postgres/postgres-store') as typeof import('./postgres/postgres-store');
  return postgres.openPostgresStore({ ...rest, url: databaseUrl });
}
