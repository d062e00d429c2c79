/** A sync run as a row and back, for both engines (sync-runs.ts, postgres/pg-sync-runs.ts). */
import { StoreInvalidArgumentError } from './errors';
import type { SyncMode, SyncRunRecord, SyncRunStatus, SyncRunPatch } from './types';

/** History kept per realm; older finished runs are pruned when a new one starts. */
export const SYNC_RUNS_KEPT_PER_REALM = 1000;
export const INTERRUPTED_ERROR = 'interrupted by restart';

export const SYNC_RUN_COLUMNS =
  'id, realm_id, mode, status, started_at, started_ms, finished_at, api_calls, records, deleted, error, ' +
  'progress_completed, progress_total';

export interface SyncRunRow {
  id: string;
  realm_id: string;
  mode: SyncMode;
  status: SyncRunStatus;
  started_at: string;
  started_ms: number;
  finished_at: string | null;
  api_calls: number;
  records: number;
  deleted: number;
  error: string | null;
  progress_completed: number | null;
  progress_total: number | null;
}

/** `{ error: undefined }` in a patch means "unchanged", like an omitted field. */
export function definedOnly(patch: SyncRunPatch): SyncRunPatch {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as SyncRunPatch;
}

export function toRow(run: SyncRunRecord): SyncRunRow {
  const startedMs = Date.parse(run.startedAt);
  if (Number.isNaN(startedMs)) throw new StoreInvalidArgumentError('startedAt must be an ISO 8601 date-time');
  if (run.id === '' || run.realmId === '') throw new StoreInvalidArgumentError('a sync run needs an id and a realmId');
  return {
    id: run.id,
    realm_id: run.realmId,
    mode: run.mode,
    status: run.status,
    started_at: run.startedAt,
    started_ms: startedMs,
    finished_at: run.finishedAt ?? null,
    api_calls: run.apiCalls,
    records: run.records,
    deleted: run.deleted,
    error: run.error ?? null,
    progress_completed: run.progress?.completed ?? null,
    progress_total: run.progress?.total ?? null,
  };
}

export function fromRow(row: SyncRunRow): SyncRunRecord {
  return {
    id: row.id,
    realmId: row.realm_id,
    mode: row.mode,
    status: row.status,
    startedAt: row.started_at,
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at }),
    apiCalls: row.api_calls,
    records: row.records,
    deleted: row.deleted,
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.progress_completed === null || row.progress_total === null
      ? {}
      : { progress: { completed: row.progress_completed, total: row.progress_total } }),
  };
}
