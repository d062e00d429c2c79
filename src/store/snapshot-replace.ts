/**
 * A full sync's replacement of a company's snapshot rows (400 MB at the benchmark's 360k records) without holding the
 * event loop or SQLite's write lock for seconds: the rows go in as a new generation over many transactions of a few
 * milliseconds each, then one small transaction points the head at that generation, and the old generation is deleted
 * in slices afterwards, in the background. Loads read the head's generation only, so they see the old snapshot or the
 * new one, never a mix; a crash before the flip leaves rows of an unreferenced generation, which the next replacement
 * deletes. Token saves and other writes run between the slices.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { Database } from 'better-sqlite3';
import { StoreWriteAbandonedError } from './errors';
import { DELETE_BATCH } from './checkpointer';
import { createSlicedWrite, DEFAULT_SLICE_MS, relaxed as relaxedOn, type RowWriter, type SliceTurn } from './generation-writes';
import type { ReplaceOptions, SnapshotChanges, SnapshotReplacement, SnapshotUpsert } from './types';

export interface ReplaceParts {
  currentGeneration(realmId: string): number | undefined;
  writeRow: RowWriter;
  deleteRow(realmId: string, generation: number, entity: string, id: string): void;
  writeHead(realmId: string, changes: SnapshotChanges, now: number, generation: number): void;
  /** How this connection's writes take their turn (write-turn.ts): the serving thread's hold it. */
  readonly turn: SliceTurn;
  /** Deletes generations on another connection (checkpointer.ts); resolves false when it could not. */
  readonly deleteInBackground?: (which: 'older' | 'generation', realmId: string, generation: number, sliceMs: number) => Promise<boolean>;
}

const ENDED = 'this snapshot replacement was already committed or abandoned';

export function createSnapshotReplace(db: Database, parts: ReplaceParts) {
  const maxGeneration = db.prepare<[string], number | null>('SELECT max(generation) FROM snapshot_rows WHERE realm_id = ?').pluck();
  // Older only: a replacement begun after this commit writes a higher generation, which must survive this delete.
  const deleteOlder = db.prepare<[string, number, number]>(
    'DELETE FROM snapshot_rows WHERE rowid IN (SELECT rowid FROM snapshot_rows WHERE realm_id = ? AND generation < ? LIMIT ?)',
  );
  const deleteGeneration = db.prepare<[string, number, number]>(
    'DELETE FROM snapshot_rows WHERE rowid IN (SELECT rowid FROM snapshot_rows WHERE realm_id = ? AND generation = ? LIMIT ?)',
  );
  const copyEntity = db.prepare<[number, string, number, string]>(`
    INSERT INTO snapshot_rows (realm_id, generation, entity, id, raw, last_updated, record, record_format)
    SELECT realm_id, ?, entity, id, raw, last_updated, record, record_format FROM snapshot_rows
    WHERE realm_id = ? AND generation = ? AND entity = ?`);
  // The generation's entities by one index seek each (a loose index scan): SELECT DISTINCT walked all 360k index
  // entries of the benchmark's generation, 141 ms of the serving thread's commit.
  const existingEntities = db
    .prepare<{ realm: string; generation: number }, string>(`
      WITH RECURSIVE present(entity) AS (
        SELECT min(entity) FROM snapshot_rows WHERE realm_id = @realm AND generation = @generation
        UNION ALL
        SELECT (SELECT min(entity) FROM snapshot_rows WHERE realm_id = @realm AND generation = @generation AND entity > present.entity)
        FROM present WHERE present.entity IS NOT NULL
      )
      SELECT entity FROM present WHERE entity IS NOT NULL`)
    .pluck();

  const writeSlices = createSlicedWrite(db, parts.writeRow, parts.turn);

  /** Deletes up to `sliceMs` worth of rows; returns false once none is left. */
  const deleteSlice = db.transaction((statement: typeof deleteOlder, realmId: string, generation: number, sliceMs: number) => {
    const started = performance.now();
    do {
      if (statement.run(realmId, generation, DELETE_BATCH).changes < DELETE_BATCH) return false;
    } while (performance.now() - started < sliceMs);
    return true;
  });

  // Entities not replaced keep their rows: copied into the new generation along with the flip.
  const commit = db.transaction(
    (realmId: string, changes: SnapshotChanges, now: number, from: number | undefined, next: number, shouldCommit: () => boolean) => {
      if (!shouldCommit()) throw new StoreWriteAbandonedError();
      if (from !== undefined) {
        const replaced = new Set(changes.replaceEntities ?? []);
        for (const entity of existingEntities.all({ realm: realmId, generation: from })) if (!replaced.has(entity)) copyEntity.run(next, realmId, from, entity);
      }
      for (const row of changes.deletes) parts.deleteRow(realmId, next, row.entity, row.id);
      parts.writeHead(realmId, changes, now, next);
    },
  );

  const relaxed = <T>(work: () => T): T => relaxedOn(db, work);

  // In the store's background worker when it runs (checkpointer.ts), else here, in the same slices.
  const deleteAll = async (statement: typeof deleteOlder, realmId: string, generation: number, sliceMs: number) => {
    const which = statement === deleteOlder ? 'older' : 'generation';
    if ((await parts.deleteInBackground?.(which, realmId, generation, sliceMs)) === true) return;
    while (parts.turn(() => relaxed(() => deleteSlice.immediate(statement, realmId, generation, sliceMs)))) await yieldToEventLoop();
  };
  // Background deletes run one after another (best effort: a failed one is retried by the next commit's).
  let background: Promise<void> = Promise.resolve();
  const inBackground = (work: () => Promise<void>) => {
    background = background.then(work).catch(() => undefined);
  };

  return function begin(realmId: string, now: () => number, options: ReplaceOptions = {}): SnapshotReplacement {
    const shouldCommit = options.shouldCommit ?? (() => true);
    const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    const current = parts.currentGeneration(realmId);
    const next = Math.max(current ?? -1, maxGeneration.get(realmId) ?? -1) + 1;
    // Writes run one after another, in call order; the first failure fails every later call and the commit.
    let queue: Promise<void> = Promise.resolve();
    let ended = false;
    const writeAll = (upserts: readonly SnapshotUpsert[]) => writeSlices(realmId, next, upserts, shouldCommit, sliceMs);
    const end = () => {
      if (ended) throw new Error(ENDED);
      ended = true;
    };
    return {
      target: { realmId, generation: next },
      earlierDeletes: () => background,
      write(upserts) {
        if (ended) return Promise.reject(new Error(ENDED));
        queue = queue.then(() => writeAll(upserts));
        return queue;
      },
      async commit(changes) {
        end();
        try {
          await queue;
          parts.turn(() => commit.immediate(realmId, changes, now(), current, next, shouldCommit));
        } catch (error) {
          inBackground(() => deleteAll(deleteGeneration, realmId, next, sliceMs)); // else the next commit does
          throw error;
        }
        // The old generation (and any a crash left behind), in the background: resolving right after the commit lets
        // the caller swap its cache before those rows go (/api/data reads the raw JSON of its view's generation, and
        // asks the new view again once it was swapped: http/routes/data.ts). Best effort: the next replacement retries.
        inBackground(() => deleteAll(deleteOlder, realmId, next, sliceMs));
      },
      abandon() {
        if (ended) return;
        ended = true;
        inBackground(() => queue.catch(() => undefined).then(() => deleteAll(deleteGeneration, realmId, next, sliceMs)));
      },
    };
  };
}
