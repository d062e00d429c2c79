import type { Database } from 'better-sqlite3';
import { StoreInvalidArgumentError } from './errors';
import { definedOnly, fromRow, INTERRUPTED_ERROR, SYNC_RUN_COLUMNS as COLUMNS, SYNC_RUNS_KEPT_PER_REALM, toRow, type SyncRunRow } from './sync-run-codec';
import type { SyncRunPatch, SyncRunRecord } from './types';

export { INTERRUPTED_ERROR, SYNC_RUNS_KEPT_PER_REALM };

export interface SyncRuns {
  insert(run: SyncRunRecord): void;
  update(id: string, patch: SyncRunPatch): SyncRunRecord | null;
  get(id: string): SyncRunRecord | null;
  list(realmId: string | undefined, limit: number): SyncRunRecord[];
  /** Marks runs a crashed process left `running` as failed; returns how many. */
  failInterrupted(finishedAt: string): number;
}

// rowid breaks ties between runs started in the same millisecond: the later insert is newer.
const NEWEST_FIRST = 'ORDER BY started_ms DESC, rowid DESC';

export function createSyncRuns(db: Database): SyncRuns {
  const insert = db.prepare<[SyncRunRow]>(
    `INSERT INTO sync_runs (${COLUMNS}) VALUES (@id, @realm_id, @mode, @status, @started_at, @started_ms, ` +
      '@finished_at, @api_calls, @records, @deleted, @error, @progress_completed, @progress_total) ' +
      'ON CONFLICT DO NOTHING',
  );
  const write = db.prepare<[SyncRunRow]>(
    'UPDATE sync_runs SET mode = @mode, status = @status, finished_at = @finished_at, api_calls = @api_calls, ' +
      'records = @records, deleted = @deleted, error = @error, ' +
      'progress_completed = @progress_completed, progress_total = @progress_total WHERE id = @id',
  );
  const select = db.prepare<[string], SyncRunRow>(`SELECT ${COLUMNS} FROM sync_runs WHERE id = ?`);
  const listAll = db.prepare<[number], SyncRunRow>(`SELECT ${COLUMNS} FROM sync_runs ${NEWEST_FIRST} LIMIT ?`);
  const listRealm = db.prepare<[string, number], SyncRunRow>(
    `SELECT ${COLUMNS} FROM sync_runs WHERE realm_id = ? ${NEWEST_FIRST} LIMIT ?`,
  );
  const prune = db.prepare<[string, string, number]>(
    `DELETE FROM sync_runs WHERE realm_id = ? AND status <> 'running' AND id NOT IN
       (SELECT id FROM sync_runs WHERE realm_id = ? ${NEWEST_FIRST} LIMIT ?)`,
  );
  const failRunning = db.prepare<[string, string]>(
    "UPDATE sync_runs SET status = 'failed', error = ?, finished_at = ? WHERE status = 'running'",
  );

  const insertRun = db.transaction((row: SyncRunRow) => {
    if (insert.run(row).changes === 0) throw new StoreInvalidArgumentError('a sync run with this id already exists');
    prune.run(row.realm_id, row.realm_id, SYNC_RUNS_KEPT_PER_REALM);
  });

  const updateRun = db.transaction((id: string, patch: SyncRunPatch): SyncRunRecord | null => {
    const row = select.get(id);
    if (row === undefined) return null;
    const next = toRow({ ...fromRow(row), ...definedOnly(patch) });
    write.run(next);
    return fromRow(next);
  });

  return {
    insert: (run) => insertRun.immediate(toRow(run)),
    update: (id, patch) => updateRun.immediate(id, patch),
    get(id) {
      const row = select.get(id);
      return row === undefined ? null : fromRow(row);
    },
    list(realmId, limit) {
      if (!Number.isSafeInteger(limit) || limit < 1) {
        throw new StoreInvalidArgumentError('limit must be a positive whole number');
      }
      const found = realmId === undefined ? listAll.all(limit) : listRealm.all(realmId, limit);
      return found.map(fromRow);
    },
    failInterrupted: (finishedAt) => failRunning.run(INTERRUPTED_ERROR, finishedAt).changes,
  };
}
