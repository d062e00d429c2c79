/** What both engines share about snapshot rows: the checks that refuse bad input before any write, and the shape of a load. */
import { StoreInvalidArgumentError } from './errors';
import type { SnapshotChanges, SnapshotMeta, SnapshotRow, StoredSnapshot } from './types';

export function assertText(...values: unknown[]): void {
  if (values.some((value) => typeof value !== 'string' || value === '')) {
    throw new StoreInvalidArgumentError('snapshot rows need non-empty string entity, id, raw and lastUpdated');
  }
}

export function assertChanges(realmId: string, changes: SnapshotChanges): void {
  if (realmId === '') throw new StoreInvalidArgumentError('realmId must not be empty');
  if (typeof changes.syncedThrough !== 'string' || changes.syncedThrough === '') {
    throw new StoreInvalidArgumentError('syncedThrough must be a non-empty string');
  }
}

export interface SnapshotHeadRow {
  synced_through: string;
  updated_at: number;
  meta: string | null;
  generation: number;
}

/** `[entity, id, raw, last_updated, record, record_format]`, read with `.raw()`: no object per row from the driver. */
export type RawRow = [string, string, string | null, string, string | null, string | null];

/** Rows by entity, added to `rowsByEntity` (a load read in pages groups each page into the same map). */
export function groupByEntity(
  rows: Iterable<RawRow>,
  keep: (entity: string) => boolean = () => true,
  rowsByEntity = new Map<string, SnapshotRow[]>(),
): Map<string, SnapshotRow[]> {
  for (const [entity, id, raw, lastUpdated, record, recordFormat] of rows) {
    if (!keep(entity)) continue;
    let list = rowsByEntity.get(entity);
    if (list === undefined) rowsByEntity.set(entity, (list = []));
    list.push({ id, raw, lastUpdated, record, recordFormat });
  }
  return rowsByEntity;
}

export function toSnapshot(realmId: string, headRow: SnapshotHeadRow, rowsByEntity: ReadonlyMap<string, readonly SnapshotRow[]>): StoredSnapshot {
  return {
    realmId,
    rowsByEntity,
    syncedThrough: headRow.synced_through,
    updatedAt: headRow.updated_at,
    generation: headRow.generation,
    ...(headRow.meta === null ? {} : { meta: JSON.parse(headRow.meta) as SnapshotMeta }),
  };
}
