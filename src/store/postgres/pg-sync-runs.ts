/** Sync history in PostgreSQL: the same rows as the SQLite file's (../sync-run-codec.ts). */
import type pg from 'pg';
import { StoreInvalidArgumentError } from '../errors';
import { definedOnly, fromRow, SYNC_RUN_COLUMNS, SYNC_RUNS_KEPT_PER_REALM, toRow, type SyncRunRow } from '../sync-run-codec';
import type { SyncMode, SyncRunPatch, SyncRunRecord } from '../types';
import { inTransaction } from './pg-connection';

const NEWEST_FIRST = 'ORDER BY started_ms DESC, seq DESC';
const FIELDS = SYNC_RUN_COLUMNS.split(', ') as (keyof SyncRunRow)[];
const valuesOf = (row: SyncRunRow) => FIELDS.map((field) => row[field]);

export function createPgSyncRuns(pool: pg.Pool) {
  return {
    async insert(run: SyncRunRecord): Promise<void> {
      const row = toRow(run);
      await inTransaction(pool, async (client) => {
        const placeholders = FIELDS.map((_, k) => `$${k + 1}`).join(', ');
        const inserted = await client.query(`INSERT INTO sync_runs (${SYNC_RUN_COLUMNS}) VALUES (${placeholders}) ON CONFLICT DO NOTHING`, valuesOf(row));
        if (inserted.rowCount === 0) throw new StoreInvalidArgumentError('a sync run with this id already exists');
        await client.query(
          `DELETE FROM sync_runs WHERE realm_id = $1 AND status <> 'running' AND id NOT IN
             (SELECT id FROM sync_runs WHERE realm_id = $1 ${NEWEST_FIRST} LIMIT $2)`,
          [row.realm_id, SYNC_RUNS_KEPT_PER_REALM],
        );
      });
    },
    async update(id: string, patch: SyncRunPatch): Promise<SyncRunRecord | null> {
      return inTransaction(pool, async (client) => {
        const found = (await client.query<SyncRunRow>(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs WHERE id = $1 FOR UPDATE`, [id])).rows[0];
        if (found === undefined) return null;
        const next = toRow({ ...fromRow(found), ...definedOnly(patch) });
        await client.query(
          `UPDATE sync_runs SET mode = $2, status = $3, finished_at = $4, api_calls = $5, records = $6, deleted = $7, error = $8,
             progress_completed = $9, progress_total = $10 WHERE id = $1`,
          [id, next.mode, next.status, next.finished_at, next.api_calls, next.records, next.deleted, next.error, next.progress_completed, next.progress_total],
        );
        return fromRow(next);
      });
    },
    async get(id: string): Promise<SyncRunRecord | null> {
      const row = (await pool.query<SyncRunRow>(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs WHERE id = $1`, [id])).rows[0];
      return row === undefined ? null : fromRow(row);
    },
    async list(realmId: string | undefined, limit: number): Promise<SyncRunRecord[]> {
      if (!Number.isSafeInteger(limit) || limit < 1) throw new StoreInvalidArgumentError('limit must be a positive whole number');
      const { rows } =
        realmId === undefined
          ? await pool.query<SyncRunRow>(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs ${NEWEST_FIRST} LIMIT $1`, [limit])
          : await pool.query<SyncRunRow>(`SELECT ${SYNC_RUN_COLUMNS} FROM sync_runs WHERE realm_id = $1 ${NEWEST_FIRST} LIMIT $2`, [realmId, limit]);
      return rows.map(fromRow);
    },
    /** Marks the company's runs left `running` by a leader that lost its lease as failed; resolves their modes. */
    async failRunningOf(realmId: string, error: string, finishedAt: string): Promise<SyncMode[]> {
      const { rows } = await pool.query<{ mode: SyncMode }>(
        "UPDATE sync_runs SET status = 'failed', error = $2, finished_at = $3 WHERE realm_id = $1 AND status = 'running' RETURNING mode",
        [realmId, error, finishedAt],
      );
      return rows.map((row) => row.mode);
    },
  };
}
