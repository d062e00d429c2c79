import type { EntityTable, RecordChange, RecordChanges, SnapshotTables } from '../cache';
import { ENTITY_NAMES, type EntityName, type RecordByEntity } from '../qbo';

/** A changed record as the sync engine handles it: our record, its raw JSON text, and QBO's LastUpdatedTime. */
export interface ChangedRow<R> extends RecordChange<R> {
  readonly raw: string;
}

export interface DeletedRow {
  readonly id: string;
  readonly lastUpdated: string;
}

export interface EntityChanges<R> {
  readonly upserts: readonly ChangedRow<R>[];
  readonly deletes: readonly DeletedRow[];
}

/** A changed row of entity E. */
export type EntityRow<E extends EntityName> = ChangedRow<RecordByEntity[E]>;

/** Changes by entity; an entity left out has none. */
export type Changes = { readonly [E in EntityName]?: EntityChanges<RecordByEntity[E]> };

/** What actually changed after idempotency checks: the input for the store and the search delta. */
export interface AppliedChanges {
  readonly tables: SnapshotTables;
  readonly applied: RecordChanges;
  readonly changedCount: number;
}

/**
 * Applies CDC changes to the previous tables, producing new tables (the previous ones are never mutated, so the
 * snapshot being served stays intact). Idempotent by Id and LastUpdatedTime: the overlap window re-delivers
 * changes already applied, and webhooks may race a scheduled sync, so a change older than what is held is
 * skipped and re-applying the same batch changes nothing. Deletions remove the row; deactivations arrive as
 * ordinary updates with `Active: false` and are kept (docs/quickbooks.md#change-data-capture).
 */
export function applyChanges(previous: SnapshotTables, changes: RecordChanges): AppliedChanges {
  let changedCount = 0;
  // Filled entity by entity; each value has its entity's record type (mapped types do not follow a loop variable).
  const tables: Partial<Record<EntityName, EntityTable<unknown>>> = {};
  const applied: Partial<Record<EntityName, TableChanges<unknown>>> = {};
  const apply = <E extends EntityName>(entity: E): void => {
    const result = applyToTable(previous[entity], changes[entity] ?? NO_CHANGES);
    changedCount += result.applied.upserts.length + result.applied.deletes.length;
    tables[entity] = result.table;
    applied[entity] = result.applied;
  };
  for (const entity of ENTITY_NAMES) apply(entity);
  return { tables: tables as SnapshotTables, applied: applied as RecordChanges, changedCount };
}

/** One entity's changes as a data thread takes them (no raw JSON). */
interface TableChanges<R> {
  readonly upserts: readonly RecordChange<R>[];
  readonly deletes: readonly DeletedRow[];
}

const NO_CHANGES: TableChanges<never> = { upserts: [], deletes: [] };

interface TableResult<R> {
  readonly table: EntityTable<R>;
  readonly applied: TableChanges<R>;
}

function applyToTable<R>(table: EntityTable<R>, changes: TableChanges<R>): TableResult<R> {
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
