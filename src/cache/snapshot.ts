import type { CustomerRecord, EntityName, InvoiceRecord, ItemRecord, VendorRecord } from '../qbo/records';

/** One entity's rows: our small records for search and counts, and QBO's raw JSON text for `/api/data`. */
export interface EntityTable<R> {
  readonly records: ReadonlyMap<string, R>;
  /**
   * Raw QBO objects kept as JSON text, not parsed objects: strings are several times smaller in V8's heap and
   * are exactly what the store persists and `/api/data` returns (parsed only for the rows asked for).
   */
  readonly raw: ReadonlyMap<string, string>;
}

export interface SnapshotTables {
  readonly customers: EntityTable<CustomerRecord>;
  readonly vendors: EntityTable<VendorRecord>;
  readonly items: EntityTable<ItemRecord>;
  readonly invoices: EntityTable<InvoiceRecord>;
}

/** The whole cached company at one moment. Never mutated: a sync builds the next one and the cache swaps it in. */
export interface Snapshot extends SnapshotTables {
  readonly realmId: string;
  /** When this snapshot was completed. */
  readonly updatedAt: Date;
  /** The instant QBO data is complete up to: the CDC cursor of the next incremental sync (ISO 8601, UTC). */
  readonly syncedThrough: string;
  /** When the last full pull finished (ISO 8601): CDC cannot look back further than 30 days (QBO-FACTS §3). */
  readonly lastFullSyncAt: string;
}

export function emptyTable<R>(): EntityTable<R> {
  return { records: new Map(), raw: new Map() };
}

export function tableOf(snapshot: SnapshotTables, entity: EntityName): EntityTable<unknown> {
  return snapshot[entity];
}

export function countsOf(snapshot: SnapshotTables): Record<EntityName, number> {
  return {
    customers: snapshot.customers.records.size,
    vendors: snapshot.vendors.records.size,
    items: snapshot.items.records.size,
    invoices: snapshot.invoices.records.size,
  };
}
