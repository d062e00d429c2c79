import { emptyTables, type EntityTable, type RawRows, type Snapshot, type SnapshotTables } from '../cache';
import { currentRecordFormat, ENTITY_NAMES, normalizeRecord, type EntityName, type RawByEntity } from '../qbo';
import { createPacer, SLICE_MS } from '../search';
import type { Store } from '../store';
import { storedEntities } from './persistence';

/** A snapshot's raw JSON, read from the company's stored rows when asked for (cache/snapshot.ts). */
export function storedRawRows(store: Store, realmId: string): RawRows {
  return { read: (entity, ids) => store.readSnapshotRaw(realmId, entity, ids) };
}

/**
 * The warm start: the last persisted snapshot, before any QuickBooks call. Each row's stored record is used when
 * this code wrote it; other rows are normalized again from their raw JSON (the only raw JSON read here). Null when
 * nothing was persisted for the realm.
 */
export async function loadSnapshotFromStore(store: Store, realmId: string, cached: readonly EntityName[] = ENTITY_NAMES): Promise<Snapshot | null> {
  const recordFormat = currentRecordFormat();
  const stored = await store.loadSnapshot(realmId, { rawUnlessFormat: recordFormat });
  if (!stored) return null;
  const held = storedEntities(stored.meta);
  // An entity added to the list since is not in the store yet: it has no table until a sync pulls it.
  const entities = held.filter((entity) => cached.includes(entity));
  const tables = emptyTables() as Record<EntityName, EntityTable<unknown>>;
  const pacer = createPacer(SLICE_MS); // a warm start never freezes health probes
  for (const entity of entities) {
    const records = new Map<string, unknown>();
    for (const row of stored.rowsByEntity.get(entity) ?? []) {
      const record =
        row.record !== null && row.recordFormat === recordFormat
          ? (JSON.parse(row.record) as unknown)
          : normalizeRecord(entity, JSON.parse(row.raw ?? 'null') as RawByEntity[typeof entity]);
      records.set(row.id, record);
      if (pacer.due()) await pacer.pause();
    }
    tables[entity] = { records };
  }
  const lastFullSyncAt = typeof stored.meta?.lastFullSyncAt === 'string' ? stored.meta.lastFullSyncAt : stored.syncedThrough;
  return {
    realmId,
    entities,
    dropped: held.filter((entity) => !cached.includes(entity)),
    ...(tables as unknown as SnapshotTables),
    raw: storedRawRows(store, realmId),
    updatedAt: new Date(stored.updatedAt),
    syncedThrough: stored.syncedThrough,
    lastFullSyncAt,
  };
}
