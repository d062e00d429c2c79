import type { Database } from 'better-sqlite3';
import { StoreInvalidArgumentError } from './errors';
import { prepareRowWriter } from './generation-writes';
import { assertChanges, assertText, groupByEntity, toSnapshot, type RawRow, type SnapshotHeadRow } from './snapshot-codec';
import { createSnapshotReplace, type ReplaceParts } from './snapshot-replace';
import type { ReplaceOptions, SnapshotChanges, SnapshotReplacement, SnapshotRow, StoredSnapshot } from './types';

export interface SnapshotRows {
  /** Small changes (an incremental sync) in one transaction, on the current generation. */
  apply(realmId: string, changes: SnapshotChanges, now: number): void;
  /** A full replacement (`replaceEntities`), written in slices: see snapshot-replace.ts. */
  replace(realmId: string, changes: SnapshotChanges, now: () => number, options?: ReplaceOptions): Promise<void>;
  beginReplace(realmId: string, now: () => number, options?: ReplaceOptions): SnapshotReplacement;
  load(realmId: string, rawUnlessFormat?: string): StoredSnapshot | null;
  /** The head generation's rows, counted up to `upTo`: it walks that many index entries at most. */
  count(realmId: string, upTo: number): number;
  /** The rows of `entities` in one generation of the company, committed or not (a full sync's, before its commit). */
  loadGeneration(realmId: string, generation: number, entities: readonly string[], rawUnlessFormat?: string): ReadonlyMap<string, readonly SnapshotRow[]>;
  readRaw(realmId: string, generation: number, entity: string, ids: readonly string[]): (string | undefined)[];
  delete(realmId: string): void;
}

/** `turn`: how this connection's writes take their turn (write-turn.ts); a reader's connection writes no rows. */
export function createSnapshotRows(db: Database, options: Partial<Pick<ReplaceParts, 'deleteInBackground' | 'turn'>> = {}): SnapshotRows {
  const head = db.prepare<[string], SnapshotHeadRow>(
    'SELECT synced_through, updated_at, meta, generation FROM snapshots WHERE realm_id = ?',
  );
  // raw only where the stored record cannot be used: the rest of the raw JSON stays on disk (readRaw).
  const rows = db
    .prepare<[string, string, number], RawRow>(`
      SELECT entity, id, CASE WHEN record IS NOT NULL AND record_format = ? THEN NULL ELSE raw END, last_updated, record, record_format
      FROM snapshot_rows WHERE realm_id = ? AND generation = ?`)
    .raw(true);
  const rawOf = db
    .prepare<[string, number, string, string], [string, string]>(`
      SELECT id, raw FROM snapshot_rows
      WHERE realm_id = ? AND generation = ? AND entity = ? AND id IN (SELECT value FROM json_each(?))`)
    .raw(true);
  const countRows = db
    .prepare<[string, string, number], number>(`
      SELECT count(*) FROM (SELECT 1 FROM snapshot_rows
        WHERE realm_id = ? AND generation = (SELECT generation FROM snapshots WHERE realm_id = ?) LIMIT ?)`)
    .pluck();
  const deleteRow = db.prepare<[string, number, string, string]>(
    'DELETE FROM snapshot_rows WHERE realm_id = ? AND generation = ? AND entity = ? AND id = ?',
  );
  // meta NULL means "not given": the stored meta is kept.
  const upsertHead = db.prepare<[string, string, number, string | null, number]>(`
    INSERT INTO snapshots (realm_id, synced_through, updated_at, meta, generation) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (realm_id) DO UPDATE SET synced_through = excluded.synced_through,
      updated_at = excluded.updated_at, meta = coalesce(excluded.meta, snapshots.meta), generation = excluded.generation`);
  const deleteAllRows = db.prepare<[string]>('DELETE FROM snapshot_rows WHERE realm_id = ?');
  const deleteHead = db.prepare<[string]>('DELETE FROM snapshots WHERE realm_id = ?');

  // The row and head writes of both an incremental change (apply) and a sliced replacement (snapshot-replace.ts).
  const parts = {
    deleteInBackground: options.deleteInBackground,
    turn: options.turn ?? (<T>(work: () => T): T => work()),
    currentGeneration: (realmId: string) => head.get(realmId)?.generation,
    writeRow: prepareRowWriter(db),
    deleteRow(realmId: string, generation: number, entity: string, id: string) {
      assertText(entity, id);
      deleteRow.run(realmId, generation, entity, id);
    },
    writeHead(realmId: string, changes: SnapshotChanges, now: number, generation: number) {
      upsertHead.run(realmId, changes.syncedThrough, now, changes.meta === undefined ? null : JSON.stringify(changes.meta), generation);
    },
  };

  /** Upserts, then deletes, then the head; any throw rolls all of it back. */
  const apply = db.transaction((realmId: string, changes: SnapshotChanges, now: number) => {
    const generation = parts.currentGeneration(realmId) ?? 0;
    for (const row of changes.upserts) parts.writeRow(realmId, generation, row);
    for (const row of changes.deletes) parts.deleteRow(realmId, generation, row.entity, row.id);
    parts.writeHead(realmId, changes, now, generation);
  });

  // One read transaction so the head and the rows come from the same commit.
  const load = db.transaction((realmId: string, rawUnlessFormat: string | undefined): StoredSnapshot | null => {
    const headRow = head.get(realmId);
    // '' is never a format: without one, every row comes with its raw JSON.
    return headRow === undefined ? null : toSnapshot(realmId, headRow, groupByEntity(rows.iterate(rawUnlessFormat ?? '', realmId, headRow.generation)));
  });

  const loadGeneration = db.transaction((realmId: string, generation: number, entities: readonly string[], rawUnlessFormat: string | undefined) => {
    const wanted = new Set(entities);
    return groupByEntity(rows.iterate(rawUnlessFormat ?? '', realmId, generation), (entity) => wanted.has(entity));
  });

  const beginReplace = createSnapshotReplace(db, parts);

  return {
    apply(realmId, changes, now) {
      assertChanges(realmId, changes);
      if (changes.replaceEntities !== undefined) throw new StoreInvalidArgumentError('a replacement goes through replace()');
      apply.immediate(realmId, changes, now);
    },
    async replace(realmId, changes, now, options) {
      assertChanges(realmId, changes);
      const replacement = beginReplace(realmId, now, options);
      replacement.write(changes.upserts).catch(() => undefined); // its failure is the commit's
      await replacement.commit(changes);
    },
    beginReplace(realmId, now, options) {
      if (realmId === '') throw new StoreInvalidArgumentError('realmId must not be empty');
      const replacement = beginReplace(realmId, now, options);
      return {
        target: replacement.target,
        earlierDeletes: () => replacement.earlierDeletes(),
        write: (upserts) => replacement.write(upserts),
        abandon: () => replacement.abandon(),
        async commit(changes) {
          assertChanges(realmId, changes);
          await replacement.commit(changes);
        },
      };
    },
    load: (realmId, rawUnlessFormat) => load(realmId, rawUnlessFormat),
    count: (realmId, upTo) => countRows.get(realmId, realmId, upTo) ?? 0,
    loadGeneration: (realmId, generation, entities, rawUnlessFormat) => loadGeneration(realmId, generation, entities, rawUnlessFormat),
    readRaw(realmId, generation, entity, ids) {
      const found = new Map(rawOf.all(realmId, generation, entity, JSON.stringify(ids)));
      return ids.map((id) => found.get(id));
    },
    delete(realmId) {
      deleteAllRows.run(realmId);
      deleteHead.run(realmId);
    },
  };
}
