import type { EntityTable, SnapshotTables } from '../cache';
import type { EntityName } from '../qbo';

/** A changed record as the sync engine handles it: our record, its raw JSON text, and QBO's LastUpdatedTime. */
export interface ChangedRow<R> {
  readonly id: string;
  readonly record: R;
  readonly raw: string;
  readonly lastUpdated: string;
  /** `record` as JSON for the store, made as the row arrives (else when it is stored). */
  readonly recordJson?: string;
}

export interface DeletedRow {
  readonly id: string;
  readonly lastUpdated: string;
}

export interface EntityChanges<R> {
  readonly upserts: readonly ChangedRow<R>[];
  readonly deletes: readonly DeletedRow[];
}

export type Changes = { readonly [E in EntityName]: EntityChanges<RecordOf<E>> };
type RecordOf<E extends EntityName> = SnapshotTables[E] extends EntityTable<infer R> ? R : never;

/** What actually changed after idempotency checks: the input for the store and the search delta. */
export interface AppliedChanges {
  readonly tables: SnapshotTables;
  readonly applied: Changes;
  readonly changedCount: number;
}

/**
 * Applies CDC changes to the previous tables, producing new tables (the previous ones are never mutated, so the
 * snapshot being served stays intact). Idempotent by Id and LastUpdatedTime: the overlap window re-delivers
 * changes already applied, and webhooks may race a scheduled sync, so a change older than what is held is
 * skipped and re-applying the same batch changes nothing. Deletions remove the row; deactivations arrive as
 * ordinary updates with `Active: false` and are kept (docs/quickbooks.md#change-data-capture).
 */
export function applyChanges(previous: SnapshotTables, changes: Changes): AppliedChanges {
  let changedCount = 0;
  const apply = <E extends EntityName>(entity: E) => {
    const result = applyToTable(previous[entity] as EntityTable<RecordOf<E>>, changes[entity]);
    changedCount += result.applied.upserts.length + result.applied.deletes.length;
    return result;
  };
  const customers = apply('customers');
  const vendors = apply('vendors');
  const items = apply('items');
  const invoices = apply('invoices');
  return {
    tables: { customers: customers.table, vendors: vendors.table, items: items.table, invoices: invoices.table },
    applied: { customers: customers.applied, vendors: vendors.applied, items: items.applied, invoices: invoices.applied },
    changedCount,
  };
}

interface TableResult<R> {
  readonly table: EntityTable<R>;
  readonly applied: EntityChanges<R>;
}

function applyToTable<R>(table: EntityTable<R>, changes: EntityChanges<R>): TableResult<R> {
  const upserts = changes.upserts.filter((row) => {
    const order = compareTimes(row.lastUpdated, lastUpdatedOf(table, row.id));
    // Same second but different content: QBO timestamps have one-second resolution, so two edits can share one.
    // (Compared on our record: the raw JSON is not kept in memory; a change only in fields we do not read
    // reaches /api/data with the next change or full sync.)
    return order > 0 || (order === 0 && JSON.stringify(table.records.get(row.id)) !== (row.recordJson ?? JSON.stringify(row.record)));
  });
  const deletes = changes.deletes.filter((row) => table.records.has(row.id) && compareTimes(row.lastUpdated, lastUpdatedOf(table, row.id)) >= 0);
  if (upserts.length === 0 && deletes.length === 0) return { table, applied: { upserts, deletes } };
  const records = new Map(table.records);
  for (const row of upserts) records.set(row.id, row.record);
  for (const row of deletes) records.delete(row.id);
  return { table: { records }, applied: { upserts, deletes } };
}

/** LastUpdatedTime of the held row, read from our record (every record type carries `updatedAt`). */
function lastUpdatedOf<R>(table: EntityTable<R>, id: string): string | undefined {
  const record = table.records.get(id) as { updatedAt?: string } | undefined;
  return record?.updatedAt;
}

/** Compares QBO timestamps as instants (they carry offsets such as -07:00); unknown ones count as newer. */
function compareTimes(candidate: string, held: string | undefined): number {
  if (held === undefined) return 1;
  const a = Date.parse(candidate);
  const b = Date.parse(held);
  if (Number.isNaN(a) || Number.isNaN(b)) return 1;
  return Math.sign(a - b);
}
