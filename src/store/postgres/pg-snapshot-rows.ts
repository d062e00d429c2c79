/**
 * Snapshot rows in PostgreSQL, the statements both sides use: the store on the serving thread (pg-snapshots.ts)
 * and a data thread's own connection (pg-reader.ts, pg-generation-writer.ts).
 */
import type pg from 'pg';
import { assertText, groupByEntity, toSnapshot, type RawRow, type SnapshotHeadRow } from '../snapshot-codec';
import type { SnapshotRow, SnapshotUpsert, StoredSnapshot } from '../types';
import { inTransaction, type Queryable } from './pg-connection';

/** Rows per INSERT: ~2 MB of invoice JSON, one round trip. */
const WRITE_BATCH = 1000;
/** Rows per page of a load: bounds the driver's buffer while a 360k-row snapshot is read. */
const LOAD_PAGE = 10_000;

const UPSERT_ROWS = `
  INSERT INTO snapshot_rows (realm_id, generation, entity, id, raw, last_updated, record, record_format)
  SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
  ON CONFLICT (realm_id, generation, entity, id) DO UPDATE SET raw = excluded.raw, last_updated = excluded.last_updated,
    record = excluded.record, record_format = excluded.record_format`;

/** Upserts rows into one generation, a batch per statement; a row given twice keeps its last version. */
export async function writeRows(db: Queryable, realmId: string, generation: number, upserts: readonly SnapshotUpsert[], beforeBatch: () => void = () => undefined): Promise<void> {
  for (const row of upserts) assertText(row.entity, row.id, row.raw, row.lastUpdated);
  // One statement cannot upsert a key twice (PostgreSQL refuses), so the last version of each key is kept.
  const latest = new Map<string, SnapshotUpsert>();
  for (const row of upserts) latest.set(`${row.entity}\u0000${row.id}`, row);
  const rows = [...latest.values()];
  for (let at = 0; at < rows.length; at += WRITE_BATCH) {
    beforeBatch();
    const batch = rows.slice(at, at + WRITE_BATCH);
    await db.query(UPSERT_ROWS, [
      realmId,
      generation,
      batch.map((row) => row.entity),
      batch.map((row) => row.id),
      batch.map((row) => row.raw),
      batch.map((row) => row.lastUpdated),
      batch.map((row) => row.record?.json ?? null),
      batch.map((row) => row.record?.format ?? null),
    ]);
  }
}

export async function deleteRows(db: Queryable, realmId: string, generation: number, deletes: readonly { entity: string; id: string }[]): Promise<void> {
  for (const row of deletes) assertText(row.entity, row.id);
  if (deletes.length === 0) return;
  await db.query(
    `DELETE FROM snapshot_rows WHERE realm_id = $1 AND generation = $2
       AND (entity, id) IN (SELECT * FROM unnest($3::text[], $4::text[]))`,
    [realmId, generation, deletes.map((row) => row.entity), deletes.map((row) => row.id)],
  );
}

export async function readHead(db: Queryable, realmId: string, forUpdate = false): Promise<SnapshotHeadRow | undefined> {
  const sql = `SELECT synced_through, updated_at, meta, generation FROM snapshots WHERE realm_id = $1${forUpdate ? ' FOR UPDATE' : ''}`;
  return (await db.query<SnapshotHeadRow>(sql, [realmId])).rows[0];
}

/** The rows of one generation, page by page in key order, grouped by entity; raw only where the record cannot serve. */
async function readGeneration(
  db: Queryable,
  realmId: string,
  generation: number,
  rawUnlessFormat: string | undefined,
  entities?: readonly string[],
): Promise<Map<string, SnapshotRow[]>> {
  const rowsByEntity = new Map<string, SnapshotRow[]>();
  let after: [string, string] = ['', ''];
  for (;;) {
    const page = await db.query<RawRow>({
      text: `SELECT entity, id, CASE WHEN record IS NOT NULL AND record_format = $1 THEN NULL ELSE raw END, last_updated, record, record_format
             FROM snapshot_rows WHERE realm_id = $2 AND generation = $3 AND (entity, id) > ($4, $5)
               AND ($7::text[] IS NULL OR entity = ANY($7::text[]))
             ORDER BY entity, id LIMIT $6`,
      values: [rawUnlessFormat ?? '', realmId, generation, after[0], after[1], LOAD_PAGE, entities ?? null],
      rowMode: 'array',
    });
    groupByEntity(page.rows, undefined, rowsByEntity);
    const last = page.rows.at(-1);
    if (last === undefined || page.rows.length < LOAD_PAGE) return rowsByEntity;
    after = [last[0], last[1]];
  }
}

/** The committed snapshot, head and rows from one consistent view (a REPEATABLE READ transaction). */
export async function loadSnapshot(db: pg.Pool | pg.Client, realmId: string, rawUnlessFormat?: string): Promise<StoredSnapshot | null> {
  return inTransaction(
    db,
    async (client) => {
      const head = await readHead(client, realmId);
      return head === undefined ? null : toSnapshot(realmId, head, await readGeneration(client, realmId, head.generation, rawUnlessFormat));
    },
    'REPEATABLE READ',
  );
}

/** The rows of `entities` in one generation, committed or not (a full sync's, before its commit). */
export async function loadGeneration(db: Queryable, realmId: string, generation: number, entities: readonly string[], rawUnlessFormat?: string): Promise<Map<string, SnapshotRow[]>> {
  return readGeneration(db, realmId, generation, rawUnlessFormat, entities);
}
