import { currentRecordFormat, ENTITY_NAMES, type EntityName } from '../qbo';
import type { SearchDelta } from '../search';
import type { SnapshotChanges, SnapshotUpsert } from '../store';
import type { ChangedRow, Changes, EntityChanges } from './apply-changes';

export function upsertOf(entity: EntityName, row: ChangedRow<unknown>): SnapshotUpsert {
  return { entity, id: row.id, raw: row.raw, lastUpdated: row.lastUpdated, record: { json: row.recordJson ?? JSON.stringify(row.record), format: currentRecordFormat() } };
}

/** What a full sync commits after writing its pages: every entity replaced, the cursor and the full-sync time. */
export function fullReplaceHead(syncedThrough: string): SnapshotChanges {
  return { upserts: [], deletes: [], replaceEntities: ENTITY_NAMES, syncedThrough, meta: { lastFullSyncAt: syncedThrough } };
}

/** An incremental sync upserts and deletes only what changed, and moves the cursor. */
export function toStoreChanges(applied: Changes, syncedThrough: string, lastFullSyncAt: string): SnapshotChanges {
  const upserts: SnapshotUpsert[] = [];
  const deletes: Array<{ entity: string; id: string }> = [];
  for (const entity of ENTITY_NAMES) {
    const changes: EntityChanges<unknown> = applied[entity] ?? { upserts: [], deletes: [] };
    for (const row of changes.upserts) upserts.push(upsertOf(entity, row));
    for (const row of changes.deletes) deletes.push({ entity, id: row.id });
  }
  return { upserts, deletes, syncedThrough, meta: { lastFullSyncAt } };
}

export function toSearchDelta(applied: Changes): SearchDelta {
  const delta: Partial<Record<EntityName, { upserts: unknown[]; deletes: string[] }>> = {};
  for (const entity of ENTITY_NAMES) {
    const changes: EntityChanges<unknown> | undefined = applied[entity];
    if (changes) delta[entity] = { upserts: changes.upserts.map((row) => row.record), deletes: changes.deletes.map((row) => row.id) };
  }
  return delta as SearchDelta;
}
