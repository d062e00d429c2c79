import { ENTITY_NAMES, type EntityName, type RecordByEntity } from '../qbo';

/** One entity's rows: our small records, for search, counts and ids. */
export interface EntityTable<R> {
  readonly records: ReadonlyMap<string, R>;
}

/**
 * QBO's raw objects of a snapshot, as JSON text, read on demand (`/api/data`). They stay in the store, not in
 * memory: 365 MB at the 360k-record benchmark, most of what the cache would otherwise hold beside the indexes.
 * Every snapshot is persisted before it is served and swapped in the tick its rows are committed, so the
 * stored rows are always the served snapshot's.
 */
export interface RawRows {
  /** Raw JSON of these ids, in order; undefined where the row is missing. */
  read(entity: EntityName, ids: readonly string[]): Promise<(string | undefined)[]>;
}

/** One table per entity, by entity name. */
export type SnapshotTables = { readonly [E in EntityName]: EntityTable<RecordByEntity[E]> };

/** The whole cached company at one moment. Never mutated: a sync builds the next one and the cache swaps it in. */
export interface Snapshot extends SnapshotTables {
  readonly realmId: string;
  /** The cached entities (QUICKBOOKS_ENTITIES) this snapshot holds; the tables of the others are empty. */
  readonly entities: readonly EntityName[];
  /**
   * Entities the store still holds rows of although they are no longer cached (removed from QUICKBOOKS_ENTITIES):
   * the next sync deletes them. Empty once a sync has run.
   */
  readonly dropped: readonly EntityName[];
  readonly raw: RawRows;
  /** When this snapshot was completed. */
  readonly updatedAt: Date;
  /** The instant QBO data is complete up to: the CDC cursor of the next incremental sync (ISO 8601, UTC). */
  readonly syncedThrough: string;
  /** When the last full pull finished (ISO 8601): CDC looks back 30 days at most (docs/quickbooks.md#change-data-capture). */
  readonly lastFullSyncAt: string;
}

export function emptyTable<R>(): EntityTable<R> {
  return { records: new Map() };
}

export function tableOf<E extends EntityName>(snapshot: SnapshotTables, entity: E): EntityTable<RecordByEntity[E]> {
  return snapshot[entity];
}

/** Records per cached entity (`counts` of `/api/cache/status`). */
export function countsOf(snapshot: Pick<Snapshot, 'entities'> & SnapshotTables): Partial<Record<EntityName, number>> {
  return Object.fromEntries(snapshot.entities.map((entity) => [entity, snapshot[entity].records.size]));
}

/** Tables with no records, one per entity. */
export function emptyTables(): SnapshotTables {
  return Object.fromEntries(ENTITY_NAMES.map((entity) => [entity, emptyTable()])) as unknown as SnapshotTables;
}
