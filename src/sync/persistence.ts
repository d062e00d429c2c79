import { currentRecordFormat, ENTITY_NAMES, type EntityName } from '../qbo';
import type { SearchDelta } from '../search';
import type { SnapshotChanges, SnapshotDelete, SnapshotMeta, SnapshotUpsert } from '../store';
import type { PreparedChanges, RecordChange, RecordChanges } from '../cache';
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
  const deletes: SnapshotDelete[] = [];
  for (const entity of ENTITY_NAMES) {
    const changes: EntityChanges<unknown> = applied[entity] ?? { upserts: [], deletes: [] };
    for (const row of changes.upserts) upserts.push(upsertOf(entity, row));
    for (const row of changes.deletes) deletes.push({ entity, id: row.id, lastUpdated: row.lastUpdated });
  }
  return { upserts, deletes, syncedThrough, meta: { lastFullSyncAt, entities: [...entities] } };
}

export function toSearchDelta(applied: RecordChanges): SearchDelta {
  const delta: Partial<Record<EntityName, { upserts: unknown[]; deletes: string[] }>> = {};
  for (const entity of ENTITY_NAMES) {
    const changes: { upserts: readonly RecordChange<unknown>[]; deletes: readonly { id: string }[] } | undefined = applied[entity];
    if (changes) delta[entity] = { upserts: changes.upserts.map((row) => row.record), deletes: changes.deletes.map((row) => row.id) };
  }
  return delta as SearchDelta;
}

/** The changes a data thread accepted (PreparedChanges.accepted): what the store is given. */
export function acceptedChanges(changes: Changes, accepted: PreparedChanges['accepted']): Changes {
  const kept: Partial<Record<EntityName, EntityChanges<unknown>>> = {};
  for (const entity of ENTITY_NAMES) {
    const ids = accepted[entity];
    const all: EntityChanges<unknown> | undefined = changes[entity];
    if (ids === undefined || all === undefined) continue;
    const upserts = new Set(ids.upserts);
    const deletes = new Set(ids.deletes);
    kept[entity] = { upserts: all.upserts.filter((row) => upserts.has(row.id)), deletes: all.deletes.filter((row) => deletes.has(row.id)) };
  }
  return kept as Changes;
}
