import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { EntityTable, Snapshot, SnapshotTables } from '../cache';
import { normalizeRecord, type RawByEntity } from '../qbo';
import { RECORD_FORMAT } from '../qbo/record-format';
import { ENTITY_NAMES, type EntityName } from '../qbo/records';
import type { Store } from '../store';

/** Rows parsed between two yields: a few milliseconds of work, so a warm start never freezes the event loop. */
const ROWS_PER_SLICE = 2_000;

/**
 * The warm start: the last persisted snapshot, rebuilt from the store's raw rows with the same normalizers a
 * sync uses, before any QuickBooks call. Null when nothing was persisted for the realm.
 */
export async function loadSnapshotFromStore(store: Store, realmId: string): Promise<Snapshot | null> {
  const stored = await store.loadSnapshot(realmId);
  if (!stored) return null;
  const tables = {} as Record<EntityName, EntityTable<unknown>>;
  for (const entity of ENTITY_NAMES) {
    const records = new Map<string, unknown>();
    const raw = new Map<string, string>();
    let sinceYield = 0;
    for (const row of stored.rowsByEntity.get(entity) ?? []) {
      // The stored record when this code wrote it (a few times cheaper than parsing and normalizing the raw JSON).
      const stored = row.record !== null && row.recordFormat === RECORD_FORMAT ? (JSON.parse(row.record) as unknown) : undefined;
      records.set(row.id, stored ?? normalizeRecord(entity, JSON.parse(row.raw) as RawByEntity[typeof entity]));
      raw.set(row.id, row.raw);
      if (++sinceYield === ROWS_PER_SLICE) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
    tables[entity] = { records, raw };
  }
  const lastFullSyncAt = typeof stored.meta?.lastFullSyncAt === 'string' ? stored.meta.lastFullSyncAt : stored.syncedThrough;
  return {
    realmId,
    ...(tables as unknown as SnapshotTables),
    updatedAt: new Date(stored.updatedAt),
    syncedThrough: stored.syncedThrough,
    lastFullSyncAt,
  };
}
