/**
 * Writing rows into one snapshot generation in transactions of a few milliseconds, from any connection: the
 * store's own (snapshot-replace.ts) or a second connection in the thread that pulls a full sync
 * (sync/data-thread), which then never puts a page's rows through the serving thread.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import Database from 'better-sqlite3';
import { BUSY_TIMEOUT_MS, DATABASE_FILE_NAME } from './database';
import { StoreWriteAbandonedError } from './errors';
import { assertText } from './snapshot-codec';
import type { GenerationTarget, SnapshotUpsert, SqliteLocation, StoreLocation } from './types';
import { awaitTurn } from './write-turn';

/** Each write transaction ends after this many ms: the figure of search/pacer.ts's SLICE_MS (the store does not import search). */
export const DEFAULT_SLICE_MS = 4;
const ROWS_PER_CLOCK_CHECK = 64;

export type RowWriter = (realmId: string, generation: number, row: SnapshotUpsert) => void;

export function prepareRowWriter(db: Database.Database): RowWriter {
  const upsertRow = db.prepare<[string, number, string, string, string, string, string | null, string | null]>(`
    INSERT INTO snapshot_rows (realm_id, generation, entity, id, raw, last_updated, record, record_format) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (realm_id, generation, entity, id) DO UPDATE SET raw = excluded.raw, last_updated = excluded.last_updated,
      record = excluded.record, record_format = excluded.record_format`);
  return (realmId, generation, row) => {
    assertText(row.entity, row.id, row.raw, row.lastUpdated);
    upsertRow.run(realmId, generation, row.entity, row.id, row.raw, row.lastUpdated, row.record?.json ?? null, row.record?.format ?? null);
  };
}

/**
 * Runs `work` with synchronous = NORMAL (the connection's FULL is restored right after): nothing reads a
 * generation before the committing transaction, which runs with FULL and so makes every earlier frame of the WAL
 * durable with it. A crash loses only slices of an uncommitted generation.
 */
export function relaxed<T>(db: Database.Database, work: () => T): T {
  db.pragma('synchronous = NORMAL');
  try {
    return work();
  } finally {
    db.pragma('synchronous = FULL');
  }
}

/** How a connection takes its turn for one write slice (write-turn.ts): it holds the turn, or waits for it. */
export type SliceTurn = <T>(work: () => T) => T;

/**
 * Writes `upserts` into a generation in slices of `sliceMs`, yielding between them; checks `shouldCommit` before
 * each, and runs each through `turn`.
 */
export function createSlicedWrite(db: Database.Database, writeRow: RowWriter, turn: SliceTurn) {
  const writeSlice = db.transaction((realmId: string, generation: number, upserts: readonly SnapshotUpsert[], from: number, sliceMs: number) => {
    const started = performance.now();
    let at = from;
    while (at < upserts.length) {
      writeRow(realmId, generation, upserts[at] as SnapshotUpsert);
      at++;
      if (at % ROWS_PER_CLOCK_CHECK === 0 && performance.now() - started >= sliceMs) break;
    }
    return at;
  });
  return async (realmId: string, generation: number, upserts: readonly SnapshotUpsert[], shouldCommit: () => boolean, sliceMs: number) => {
    for (let at = 0; at < upserts.length; ) {
      if (!shouldCommit()) throw new StoreWriteAbandonedError();
      const from = at;
      at = turn(() => relaxed(db, () => writeSlice.immediate(realmId, generation, upserts, from, sliceMs)));
      await yieldToEventLoop();
    }
  };
}

export interface GenerationWriter {
  /** Writes rows into the target generation, in slices; rejects with StoreWriteAbandonedError once `shouldCommit` is false. */
  write(upserts: readonly SnapshotUpsert[]): Promise<void>;
  close(): Promise<void>;
}

export interface GenerationWriterOptions {
  readonly shouldCommit: () => boolean;
  readonly sliceMs?: number;
}

/**
 * A second connection to the store that writes a replacement's rows (in another thread). It only adds rows to an
 * uncommitted generation: the replacement's owner commits or abandons it, after this writer has closed.
 */
export function openGenerationWriter(location: StoreLocation, target: GenerationTarget, options: GenerationWriterOptions): GenerationWriter {
  if (location.engine === 'sqlite') return openSqliteGenerationWriter(location, target, options);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- PostgreSQL's driver, loaded only by a thread that writes there
  const postgres = require('./postgres/pg-generation-writer') as typeof import('./postgres/pg-generation-writer');
  return postgres.openPostgresGenerationWriter(location, target, options);
}

function openSqliteGenerationWriter(location: SqliteLocation, target: GenerationTarget, options: GenerationWriterOptions): GenerationWriter {
  const db = new Database(path.join(location.dataDir, DATABASE_FILE_NAME), { timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
  db.pragma('wal_autocheckpoint = 0'); // the store's checkpoint worker checkpoints (checkpointer.ts)
  db.pragma('synchronous = FULL');
  // Another thread than the serving one: its slices wait while the serving thread writes.
  const writeAll = createSlicedWrite(db, prepareRowWriter(db), (work) => {
    awaitTurn(location.writeTurn);
    return work();
  });
  return {
    write: (upserts) => writeAll(target.realmId, target.generation, upserts, options.shouldCommit, options.sliceMs ?? DEFAULT_SLICE_MS),
    close: async () => void db.close(),
  };
}
