import { randomUUID } from 'node:crypto';
import type { Store, SyncRunRecord } from '../store';
import type { SyncMode, SyncProgressView, SyncRunView, SyncTrigger } from './types';

/** One run's live state: progress, counts and timing, persisted to the sync history at start and at the end. */
export class RunTracker {
  readonly id = randomUUID();
  readonly controller = new AbortController();
  readonly startedAtMs: number;
  mode: SyncMode;
  status: SyncRunRecord['status'] = 'running';
  completed = 0;
  total = 0;
  records = 0;
  deleted = 0;
  error: string | null = null;
  finishedAtMs: number | null = null;
  private calls = 0;

  constructor(
    readonly realmId: string,
    mode: SyncMode,
    readonly trigger: SyncTrigger,
    private readonly now: () => number,
  ) {
    this.mode = mode;
    this.startedAtMs = now();
  }

  /** What this run passes with each QuickBooks call: its cancel signal and its own call tally. */
  readonly call = { signal: this.controller.signal, onCall: () => void this.calls++ };

  apiCalls(): number {
    return this.calls;
  }

  finish(status: 'succeeded' | 'failed' | 'cancelled', error?: string): void {
    this.status = status;
    this.error = error ?? null;
    this.finishedAtMs = this.now();
    if (status === 'succeeded') this.completed = Math.max(this.completed, this.total);
  }

  progress(): SyncProgressView {
    return progressView(this.completed, this.total, this.status);
  }

  view(): SyncRunView {
    const elapsedS = ((this.finishedAtMs ?? this.now()) - this.startedAtMs) / 1000;
    return {
      id: this.id,
      mode: this.mode,
      status: this.status,
      trigger: this.trigger,
      progress: this.progress(),
      records_per_second: elapsedS > 0 ? Math.round(this.records / elapsedS) : 0,
      started_at: new Date(this.startedAtMs).toISOString(),
      finished_at: this.finishedAtMs === null ? null : new Date(this.finishedAtMs).toISOString(),
      api_calls: this.apiCalls(),
      records: this.records,
      deleted: this.deleted,
      error: this.error,
    };
  }

  record(): SyncRunRecord {
    return {
      id: this.id,
      realmId: this.realmId,
      mode: this.mode,
      status: this.status,
      startedAt: new Date(this.startedAtMs).toISOString(),
      finishedAt: this.finishedAtMs === null ? undefined : new Date(this.finishedAtMs).toISOString(),
      apiCalls: this.apiCalls(),
      records: this.records,
      deleted: this.deleted,
      error: this.error ?? undefined,
      progress: { completed: this.completed, total: this.total },
    };
  }

  async persistStart(store: Store): Promise<void> {
    await store.insertSyncRun(this.record());
  }

  async persistEnd(store: Store): Promise<void> {
    const { mode, status, finishedAt, apiCalls, records, deleted, error, progress } = this.record();
    await store.updateSyncRun(this.id, { mode, status, finishedAt, apiCalls, records, deleted, error, progress });
  }
}

/** A run read back from the history (finished, or interrupted by a restart). */
export function viewOfRecord(run: SyncRunRecord): SyncRunView {
  const started = Date.parse(run.startedAt);
  const finished = run.finishedAt ? Date.parse(run.finishedAt) : null;
  const total = run.progress?.total ?? 0;
  const completed = run.progress?.completed ?? 0;
  const elapsedS = finished === null ? 0 : (finished - started) / 1000;
  return {
    id: run.id,
    mode: run.mode,
    status: run.status,
    progress: progressView(completed, total, run.status),
    records_per_second: elapsedS > 0 ? Math.round(run.records / elapsedS) : 0,
    started_at: run.startedAt,
    finished_at: run.finishedAt ?? null,
    api_calls: run.apiCalls,
    records: run.records,
    deleted: run.deleted,
    error: run.error ?? null,
  };
}

function progressView(completed: number, total: number, status: SyncRunRecord['status']): SyncProgressView {
  const percentage = total > 0 ? Math.min(100, Math.round((completed / total) * 1000) / 10) : status === 'succeeded' ? 100 : 0;
  return { completed, total, percentage };
}
