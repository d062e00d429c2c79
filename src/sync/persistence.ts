import { currentRecordFormat, ENTITY_NAMES, type EntityName } from '../qbo';
import type { SearchDelta } from '../search';
import type { SnapshotChanges, SnapshotMeta, SnapshotUpsert } from '../store';
import type { ChangedRow, Changes, EntityChanges } from './apply-changes';

export function upsertOf(entity: EntityName, row: ChangedRow<unknown>): SnapshotUpsert {
  return { entity, id: row.id, raw: row.raw, lastUpdated: row.lastUpdated, record: { json: row.recordJson ?? JSON.stringify(row.record), format: currentRecordFormat() } };
}

/**
 * What a full sync commits after writing its pages: the cursor, the full-sync time, and the cached entities.
 * `replaced` entities lose every row the pull did not write (all of them for a full sync, so an entity no longer
 * cached is deleted); the others keep theirs.
 */
export function replaceHead(syncedThrough: string, lastFullSyncAt: string, entities: readonly EntityName[], replaced: readonly EntityName[] = ENTITY_NAMES): SnapshotChanges {
  return { upserts: [], deletes: [], replaceEntities: replaced, syncedThrough, meta: { lastFullSyncAt, entities: [...entities] } };
}

/** A full sync's head: every entity replaced, `entities` cached, complete up to `syncedThrough`. */
export function fullReplaceHead(syncedThrough: string, entities: readonly EntityName[] = ENTITY_NAMES): SnapshotChanges {
  return replaceHead(syncedThrough, syncedThrough, entities);
}

/** The entities a stored snapshot holds: its head's list, or the four every snapshot held before the list was kept. */
export function storedEntities(meta: SnapshotMeta | undefined): EntityName[] {
  const listed = meta?.entities;
  if (!Array.isArray(listed)) return ['customers', 'vendors', 'items', 'invoices'];
  return ENTITY_NAMES.filter((entity) => listed.includes(entity));
}

/** An incremental sync upserts and deletes only what changed, and moves the cursor. */
export function toStoreChanges(applied: Changes, syncedThrough: string, lastFullSyncAt: string, entities: readonly EntityName[]): SnapshotChanges {
  const upserts: SnapshotUpsert[] = [];
  const deletes: Array<{ entity: string; id: string }> = [];
  for (const entity of ENTITY_NAMES) {
    const changes: EntityChanges<unknown> = applied[entity] ?? { upserts: [], deletes: [] };
    for (const row of changes.upserts) upserts.push(upsertOf(entity, row));
    for (const row of changes.deletes) deletes.push({ entity, id: row.id });
  }
  return { upserts, deletes, syncedThrough, meta: { lastFullSyncAt, entities: [...entities] } };
}

export function toSearchDelta(applied: Changes): SearchDelta {
  const delta: Partial<Record<EntityName, { upserts: unknown[]; deletes: string[] }>> = {};
  for (const entity of ENTITY_NAMES) {
    const changes: EntityChanges<unknown> | undefined = applied[entity];
    if (changes) delta[entity] = { upserts: changes.upserts.map((row) => row.record), deletes: changes.deletes.map((row) => row.id) };
  }
  return delta as SearchDelta;
}
