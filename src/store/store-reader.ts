/**
 * What a data thread reads and writes of the store from its own connection: the committed snapshot (a warm start, a
 * restart after a crash), a full sync's generation before its commit, and the search images. `StoreLocation` says
 * where the store is in a form that crosses threads; `openStoreReader` opens it there, for either engine. Reads
 * only, besides the images: rows are written by their owners (the serving thread's store, a full sync's generation
 * writer).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, DATABASE_FILE_NAME } from './database';
import { createImageFiles } from './image-files';
import { createSnapshotRows } from './snapshot-rows';
import type { GenerationTarget, SnapshotRow, SqliteLocation, StoredSnapshot, StoreLocation } from './types';

export interface StoreReader {
  /** As Store.loadSnapshot, from one consistent read. */
  loadSnapshot(realmId: string, options?: { readonly rawUnlessFormat?: string }): Promise<StoredSnapshot | null>;
  /** The rows of `entities` in a full sync's generation, before its commit (the store's SnapshotReplacement.target). */
  loadGeneration(target: GenerationTarget, entities: readonly string[], options?: { readonly rawUnlessFormat?: string }): Promise<ReadonlyMap<string, readonly SnapshotRow[]>>;
  readSearchImage(realmId: string, index: string): AsyncIterable<string> | null;
  /**
   * `generation`: the snapshot generation the image was built from. With PostgreSQL, the first image of a generation
   * (or a newer one) is also kept in the database, for replicas that have none on their disk (pg-images.ts).
   */
  writeSearchImage(realmId: string, index: string, lines: AsyncIterable<string>, signal?: AbortSignal, generation?: number): Promise<void>;
  /** Frees what the connection cached for the load once the snapshot is loaded (a serving company reads no more rows). */
  shrink(): void;
  close(): void;
}

export function openStoreReader(location: StoreLocation): StoreReader {
  if (location.engine === 'sqlite') return openSqliteReader(location);
  // PostgreSQL's driver is loaded only by a thread that needs it: a data thread's code is part of every company's cost.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, not at import
  const postgres = require('./postgres/pg-reader') as typeof import('./postgres/pg-reader');
  return postgres.openPostgresReader(location);
}

function openSqliteReader(location: SqliteLocation): StoreReader {
  const db = new Database(path.join(location.dataDir, DATABASE_FILE_NAME), { timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
  db.pragma('wal_autocheckpoint = 0'); // the store's checkpoint worker checkpoints (checkpointer.ts)
  const rows = createSnapshotRows(db);
  const images = createImageFiles(location.dataDir);
  return {
    loadSnapshot: async (realmId, options) => rows.load(realmId, options?.rawUnlessFormat),
    loadGeneration: async (target, entities, options) => rows.loadGeneration(target.realmId, target.generation, entities, options?.rawUnlessFormat),
    readSearchImage: (realmId, index) => images.read(realmId, index),
    writeSearchImage: (realmId, index, lines, signal) => images.write(realmId, index, lines, signal),
    shrink: () => void db.pragma('shrink_memory'),
    close: () => db.close(),
  };
}
