import type { Database } from 'better-sqlite3';
import { StoreInvalidArgumentError } from './errors';
import type { SnapshotChanges, SnapshotMeta, SnapshotRow, StoredSnapshot } from './types';

interface SnapshotHeadRow {
  synced_through: string;
  updated_at: number;
  meta: string | null;
}

/** `[entity, id, raw, last_updated, record, record_format]`, read with `.raw()`: no object per row from the driver. */
type RawRow = [string, string, string, string, string | null, string | null];

export interface SnapshotRows {
  apply(realmId: string, changes: SnapshotChanges, now: number): void;
  load(realmId: string): StoredSnapshot | null;
  delete(realmId: string): void;
}

export function createSnapshotRows(db: Database): SnapshotRows {
  const head = db.prepare<[string], SnapshotHeadRow>(
    'SELECT synced_through, updated_at, meta FROM snapshots WHERE realm_id = ?',
  );
  const rows = db
    .prepare<[string], RawRow>('SELECT entity, id, raw, last_updated, record, record_format FROM snapshot_rows WHERE realm_id = ?')
    .raw(true);
  const clearEntity = db.prepare<[string, string]>('DELETE FROM snapshot_rows WHERE realm_id = ? AND entity = ?');
  const upsertRow = db.prepare<[string, string, string, string, string, string | null, string | null]>(`
    INSERT INTO snapshot_rows (realm_id, entity, id, raw, last_updated, record, record_format) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (realm_id, entity, id) DO UPDATE SET raw = excluded.raw, last_updated = excluded.last_updated,
      record = excluded.record, record_format = excluded.record_format`);
  const deleteRow = db.prepare<[string, string, string]>(
    'DELETE FROM snapshot_rows WHERE realm_id = ? AND entity = ? AND id = ?',
  );
  // meta NULL means "not given": the stored meta is kept.
  const upsertHead = db.prepare<[string, string, number, string | null]>(`
    INSERT INTO snapshots (realm_id, synced_through, updated_at, meta) VALUES (?, ?, ?, ?)
    ON CONFLICT (realm_id) DO UPDATE SET synced_through = excluded.synced_through,
      updated_at = excluded.updated_at, meta = coalesce(excluded.meta, snapshots.meta)`);
  const deleteAllRows = db.prepare<[string]>('DELETE FROM snapshot_rows WHERE realm_id = ?');
  const deleteHead = db.prepare<[string]>('DELETE FROM snapshots WHERE realm_id = ?');

  /** Replaced entities are cleared first, then upserts, then deletes; any throw rolls all of it back. */
  const apply = db.transaction((realmId: string, changes: SnapshotChanges, now: number) => {
    for (const entity of changes.replaceEntities ?? []) clearEntity.run(realmId, entity);
    for (const row of changes.upserts) {
      assertText(row.entity, row.id, row.raw, row.lastUpdated);
      upsertRow.run(realmId, row.entity, row.id, row.raw, row.lastUpdated, row.record?.json ?? null, row.record?.format ?? null);
    }
    for (const row of changes.deletes) {
      assertText(row.entity, row.id);
      deleteRow.run(realmId, row.entity, row.id);
    }
    const meta = changes.meta === undefined ? null : JSON.stringify(changes.meta);
    upsertHead.run(realmId, changes.syncedThrough, now, meta);
  });

  // One read transaction so the head and the rows come from the same commit.
  const load = db.transaction((realmId: string): StoredSnapshot | null => {
    const headRow = head.get(realmId);
    return headRow === undefined ? null : toSnapshot(realmId, headRow, rows.iterate(realmId));
  });

  return {
    apply(realmId, changes, now) {
      if (realmId === '') throw new StoreInvalidArgumentError('realmId must not be empty');
      if (typeof changes.syncedThrough !== 'string' || changes.syncedThrough === '') {
        throw new StoreInvalidArgumentError('syncedThrough must be a non-empty string');
      }
      apply.immediate(realmId, changes, now);
    },
    load: (realmId) => load(realmId),
    delete(realmId) {
      deleteAllRows.run(realmId);
      deleteHead.run(realmId);
    },
  };
}

function toSnapshot(realmId: string, headRow: SnapshotHeadRow, rows: Iterable<RawRow>): StoredSnapshot {
  const rowsByEntity = new Map<string, SnapshotRow[]>();
  for (const [entity, id, raw, lastUpdated, record, recordFormat] of rows) {
    let list = rowsByEntity.get(entity);
    if (list === undefined) rowsByEntity.set(entity, (list = []));
    list.push({ id, raw, lastUpdated, record, recordFormat });
  }
  return {
    realmId,
    rowsByEntity,
    syncedThrough: headRow.synced_through,
    updatedAt: headRow.updated_at,
    ...(headRow.meta === null ? {} : { meta: JSON.parse(headRow.meta) as SnapshotMeta }),
  };
}

function assertText(...values: unknown[]): void {
  if (values.some((value) => typeof value !== 'string' || value === '')) {
    throw new StoreInvalidArgumentError('snapshot rows need non-empty string entity, id, raw and lastUpdated');
  }
}
