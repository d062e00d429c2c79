import { emptyTables, type EntityTable, type Snapshot, type SnapshotTables } from '../cache';
import { currentRecordFormat, ENTITY_NAMES, normalizeRecord, type EntityName, type RawByEntity } from '../qbo';
import type { GenerationTarget, SnapshotRow, StoredSnapshot, StoreReader } from '../store';
import { storedEntities } from './persistence';

/** Where a stored snapshot is read from: the store itself, or a data thread's own connection (store/store-reader.ts). */
export interface SnapshotLoader {
  loadSnapshot(realmId: string, options?: { readonly rawUnlessFormat?: string }): StoredSnapshot | null | Promise<StoredSnapshot | null>;
}

/**
 * The tables of `entities` in a stored snapshot. Each row's stored record is used when this code wrote it; other
 * rows are normalized again from their raw JSON (the only raw JSON read here). Runs in a data thread, unpaced.
 */
function tablesOf(rowsByEntity: StoredSnapshot['rowsByEntity'], entities: readonly EntityName[], into = emptyTables()): SnapshotTables {
  const recordFormat = currentRecordFormat();
  const tables = { ...into } as Record<EntityName, EntityTable<unknown>>;
  for (const entity of entities) {
    const records = new Map<string, unknown>();
    for (const row of rowsByEntity.get(entity) ?? ([] as readonly SnapshotRow[])) {
      const record =
        row.record !== null && row.recordFormat === recordFormat
          ? (JSON.parse(row.record) as unknown)
          : normalizeRecord(entity, JSON.parse(row.raw ?? 'null') as RawByEntity[typeof entity]);
      records.set(row.id, record);
    }
    tables[entity] = { records };
  }
  return tables as unknown as SnapshotTables;
}

/** The tables of `entities` in the company's committed snapshot (empty tables when there is none). */
export async function tablesFromStore(loader: SnapshotLoader, realmId: string, entities: readonly EntityName[]): Promise<SnapshotTables> {
  const stored = await loader.loadSnapshot(realmId, { rawUnlessFormat: currentRecordFormat() });
  return stored === null ? emptyTables() : tablesOf(stored.rowsByEntity, entities);
}

/**
 * A full sync's tables before its commit: the pulled entities from its generation (`target`), the kept ones from the
 * committed snapshot. Read by the data thread that will serve them, after the pulling thread has ended.
 */
export async function tablesFromGeneration(
  reader: StoreReader,
  target: GenerationTarget,
  pulled: readonly EntityName[],
  kept: readonly EntityName[],
): Promise<SnapshotTables> {
  const tables = kept.length > 0 ? await tablesFromStore(reader, target.realmId, kept) : emptyTables();
  return tablesOf(await reader.loadGeneration(target, pulled, { rawUnlessFormat: currentRecordFormat() }), pulled, tables);
}

/**
 * The warm start: the last persisted snapshot, before any QuickBooks call. Null when nothing was persisted for the
 * realm.
 */
export async function loadSnapshotFromStore(loader: SnapshotLoader, realmId: string, cached: readonly EntityName[] = ENTITY_NAMES): Promise<Snapshot | null> {
  const stored = await loader.loadSnapshot(realmId, { rawUnlessFormat: currentRecordFormat() });
  if (!stored) return null;
  const held = storedEntities(stored.meta);
  // An entity added to the list since is not in the store yet: it has no table until a sync pulls it.
  const entities = held.filter((entity) => cached.includes(entity));
  const lastFullSyncAt = typeof stored.meta?.lastFullSyncAt === 'string' ? stored.meta.lastFullSyncAt : stored.syncedThrough;
  return {
    realmId,
    entities,
    dropped: held.filter((entity) => !cached.includes(entity)),
    ...tablesOf(stored.rowsByEntity, entities),
    updatedAt: new Date(stored.updatedAt),
    syncedThrough: stored.syncedThrough,
    lastFullSyncAt,
    generation: stored.generation,
  };
}
