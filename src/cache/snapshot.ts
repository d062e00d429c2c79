import { ENTITY_NAMES, type EntityName, type RecordByEntity } from '../qbo';
import type { IndexName } from '../search';

/** One entity's rows: our small records, for search, counts and ids. */
export interface EntityTable<R> {
  readonly records: ReadonlyMap<string, R>;
}

/** One table per entity, by entity name. */
export type SnapshotTables = { readonly [E in EntityName]: EntityTable<RecordByEntity[E]> };

/**
 * What the serving thread knows of a snapshot: everything but its records, which only its data thread holds
 * (docs/ARCHITECTURE.md, Threads). QBO's raw JSON stays in the store and is read per page (`/api/data`).
 */
export interface SnapshotInfo {
  readonly realmId: string;
  /** The cached entities (QUICKBOOKS_ENTITIES) this snapshot holds; the tables of the others are empty. */
  readonly entities: readonly EntityName[];
  /**
   * Entities the store still holds rows of although they are no longer cached (removed from QUICKBOOKS_ENTITIES):
   * the next sync deletes them. Empty once a sync has run.
   */
  readonly dropped: readonly EntityName[];
  /** When this snapshot was completed. */
  readonly updatedAt: Date;
  /** The instant QBO data is complete up to: the CDC cursor of the next incremental sync (ISO 8601, UTC). */
  readonly syncedThrough: string;
  /** When the last full pull finished (ISO 8601): CDC looks back 30 days at most (docs/quickbooks.md#change-data-capture). */
  readonly lastFullSyncAt: string;
  /** The store generation holding these records' raw JSON (the store's readSnapshotRaw reads that generation). */
  readonly generation: number;
}

/** The whole cached company at one moment, as its data thread holds it. A sync builds the next one. */
export interface Snapshot extends SnapshotInfo, SnapshotTables {}

/** Figures of the records a data thread holds, kept by the serving thread with each view (status routes). */
export interface DataFacts {
  /** Records per cached entity (`counts` of `/api/cache/status`). */
  readonly counts: Partial<Record<EntityName, number>>;
  /** The indexes these records have, in INDEX_NAMES' order. */
  readonly indexNames: readonly IndexName[];
  /** Records per index name, `part_names` included (`GET /api/indexes/status`). */
  readonly indexCounts: Partial<Record<IndexName, number>>;
}

export function emptyTable<R>(): EntityTable<R> {
  return { records: new Map() };
}

export function tableOf<E extends EntityName>(snapshot: SnapshotTables, entity: E): EntityTable<RecordByEntity[E]> {
  return snapshot[entity];
}

/** Records per cached entity. */
export function countsOf(snapshot: Pick<Snapshot, 'entities'> & SnapshotTables): Partial<Record<EntityName, number>> {
  return Object.fromEntries(snapshot.entities.map((entity) => [entity, snapshot[entity].records.size]));
}

/** Tables with no records, one per entity. */
export function emptyTables(): SnapshotTables {
  return Object.fromEntries(ENTITY_NAMES.map((entity) => [entity, emptyTable()])) as unknown as SnapshotTables;
}

/** The snapshot without its records. */
export function infoOf(snapshot: SnapshotInfo): SnapshotInfo {
  const { realmId, entities, dropped, updatedAt, syncedThrough, lastFullSyncAt, generation } = snapshot;
  return { realmId, entities, dropped, updatedAt, syncedThrough, lastFullSyncAt, generation };
}
