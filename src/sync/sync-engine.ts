import type { Logger } from 'pino';
import { emptyTables, type CacheView, type Snapshot } from '../cache';
import type { SearchIndexes } from '../search';
import { StoreWriteAbandonedError } from '../store';
import { applyChanges } from './apply-changes';
import { entitiesChanged, planFull } from './entity-plan';
import { storedRawRows } from './load-snapshot';
import { replaceHead, toSearchDelta, toStoreChanges } from './persistence';
import { cancelReason, messageOf, SyncCancelledError } from './run-outcome';
import { RunTracker, viewOfRecord } from './run-tracker';
import type { SyncEngineDeps } from './sync-engine-deps';
import type { SyncMode, SyncRequest, SyncRunView, SyncSource } from './types';

const DAY = 24 * 60 * 60 * 1000;

/**
 * Builds the next snapshot (full pull, or the current one plus CDC changes), persists it, and swaps it into the
 * cache with its indexes. One sync at a time: a request during a run joins it. A failed or cancelled run changes
 * nothing: the served view is replaced only after the whole run, persistence included, has succeeded.
 */
export class SyncEngine {
  private running: { tracker: RunTracker; done: Promise<SyncRunView> } | null = null;
  /** At most one sync waiting for the running one to end (several requests for it coalesce). */
  private followUp: SyncRequest | null = null;
  private readonly finished = new Map<string, RunTracker>();
  private lastFailed = false;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly deps: SyncEngineDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Starts a sync, or joins the one running (`followUpIfRunning` also queues one after it). Throws NotConnectedError
   * (from `deps.source`) when nothing is connected, and a plain Error once the engine is closed.
   */
  start(request: SyncRequest): { id: string; done: Promise<SyncRunView> } {
    // Asked first, even when a run would be joined: after a disconnect, callers hear "not connected" at once rather
    // than joining the run being cancelled.
    const connected = this.deps.source();
    if (this.closed) throw new Error('the service is shutting down');
    if (this.running) {
      if (request.followUpIfRunning) this.followUp ??= { mode: request.mode, trigger: request.trigger };
      return { id: this.running.tracker.id, done: this.running.done };
    }
    const mode = this.chooseMode(request.mode, connected.realmId);
    const tracker = new RunTracker(connected.realmId, mode, request.trigger, this.now);
    const done = this.execute(tracker, connected.source).finally(() => {
      this.running = null;
      this.finished.set(tracker.id, tracker);
      if (this.finished.size > 50) this.finished.delete(this.finished.keys().next().value as string);
      this.startFollowUp();
    });
    this.running = { tracker, done };
    return { id: tracker.id, done };
  }

  /**
   * Shutting down: no sync starts any more and the running one is cancelled (recorded as cancelled, its pull thread
   * stopped, the served and stored snapshot unchanged). Resolves once it has ended.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.followUp = null;
    const running = this.running;
    if (!running) return;
    this.cancelRunning('the service is shutting down');
    await running.done.catch(() => undefined);
  }

  /** Cancels the running sync, whichever it is, recording `reason` as its error (the company was disconnected…). */
  cancelRunning(reason: string): void {
    this.running?.tracker.controller.abort(new SyncCancelledError(reason));
  }

  isRunning(): boolean {
    return this.running !== null;
  }

  lastSyncFailed(): boolean {
    return this.lastFailed;
  }

  /** Cancels the running sync with this id; false when no such sync is running. */
  cancel(id: string): boolean {
    if (this.running?.tracker.id !== id) return false;
    this.running.tracker.controller.abort(new SyncCancelledError());
    return true;
  }

  async get(id: string): Promise<SyncRunView | null> {
    const live = this.running?.tracker.id === id ? this.running.tracker : this.finished.get(id);
    if (live) return live.view();
    const stored = await this.deps.store.getSyncRun(id);
    return stored ? viewOfRecord(stored) : null;
  }

  async history(limit: number): Promise<SyncRunView[]> {
    const runs = await this.deps.store.listSyncRuns(undefined, limit);
    return runs.map((run) => (run.id === this.running?.tracker.id ? this.running.tracker.view() : viewOfRecord(run)));
  }

  /** Starts the queued sync, if any; nobody awaits it, so its failures are logged here. */
  private startFollowUp(): void {
    const request = this.followUp;
    this.followUp = null;
    if (!request) return;
    try {
      this.start(request).done.catch((err: unknown) => this.deps.logger.error({ err }, 'follow-up sync failed'));
    } catch (err) {
      this.deps.logger.warn({ err, trigger: request.trigger }, 'follow-up sync not started');
    }
  }

  private chooseMode(requested: SyncMode | undefined, realmId: string): SyncMode {
    const current = this.deps.cache.current();
    if (!current || current.snapshot.realmId !== realmId) return 'full';
    if (requested) return requested;
    return this.cursorTooOld(current.snapshot) ? 'full' : 'incremental';
  }

  private cursorTooOld(snapshot: Snapshot): boolean {
    return this.now() - Date.parse(snapshot.syncedThrough) > (this.deps.maxCdcAgeMs ?? 29 * DAY);
  }

  private async execute(run: RunTracker, source: SyncSource): Promise<SyncRunView> {
    const log = this.deps.logger.child({ sync_id: run.id });
    await run.persistStart(this.deps.store);
    try {
      const current = this.deps.cache.current();
      if (run.mode === 'incremental' && current && !this.cursorTooOld(current.snapshot)) {
        if (entitiesChanged(current.snapshot, this.deps.entities)) {
          // QUICKBOOKS_ENTITIES changed: pull only the added entities, then catch everything up with one CDC call.
          run.mode = 'full';
          await this.full(run, current.snapshot);
        }
        await this.incremental(run, source, this.deps.cache.current() ?? current, log);
      } else {
        run.mode = 'full';
        await this.full(run);
      }
      run.finish('succeeded');
      this.lastFailed = false;
    } catch (err) {
      const cancelled = run.controller.signal.aborted;
      run.finish(cancelled ? 'cancelled' : 'failed', cancelled ? cancelReason(run.controller.signal) : messageOf(err));
      if (!cancelled) this.lastFailed = true;
      log.error({ err, mode: run.mode }, cancelled ? 'sync cancelled; cache unchanged' : 'sync failed; cache unchanged');
    }
    await run.persistEnd(this.deps.store).catch((err: unknown) => log.error({ err }, 'could not record the sync run'));
    const view = run.view();
    const durationMs = (run.finishedAtMs ?? 0) - run.startedAtMs;
    log.info({ mode: view.mode, status: view.status, api_calls: view.api_calls, records: view.records, deleted: view.deleted, duration_ms: durationMs }, 'sync finished');
    this.deps.onFinished?.(view, durationMs);
    return view;
  }

  /** A full sync into a new generation: every cached entity, or with `keep` only those it lacks (entity-plan.ts). */
  private async full(run: RunTracker, keep?: Snapshot): Promise<void> {
    const { entities } = this.deps;
    const { pulled, keptTables, replaced, syncedThrough, lastFullSyncAt } = planFull(entities, new Date(this.now()).toISOString(), keep);
    // Pages go to an uncommitted store generation as they arrive (from the pull's own thread); a cancel or a
    // disconnect abandons it.
    const shouldCommit = () => !run.controller.signal.aborted && this.deps.heldRealm() === run.realmId;
    const replacement = this.deps.store.beginSnapshotReplace(run.realmId, { shouldCommit });
    let snapshot: Snapshot;
    let indexes: SearchIndexes;
    try {
      await replacement.earlierDeletes(); // the pull thread's connection would contend with them for the write lock
      this.throwIfCancelled(run);
      const tables = pulled.length > 0 ? await this.deps.pullFull(run, replacement.target, shouldCommit, pulled) : emptyTables();
      snapshot = {
        realmId: run.realmId,
        entities,
        dropped: [],
        ...tables,
        ...keptTables,
        raw: storedRawRows(this.deps.store, run.realmId),
        updatedAt: new Date(this.now()),
        syncedThrough,
        lastFullSyncAt,
      };
      indexes = await this.deps.buildIndexes(snapshot, run.controller.signal);
      this.throwIfCancelled(run);
      await replacement.commit(replaceHead(syncedThrough, lastFullSyncAt, entities, replaced));
    } catch (err) {
      replacement.abandon();
      if (err instanceof StoreWriteAbandonedError) this.throwIfCancelled(run);
      throw err;
    }
    // Committed: a cancel now is too late, but a company disconnected meanwhile must not be served again.
    if (this.deps.heldRealm() !== run.realmId) this.throwIfCancelled(run);
    this.deps.cache.swap({ snapshot, indexes });
  }

  private async incremental(run: RunTracker, source: SyncSource, current: CacheView, log: Logger): Promise<void> {
    const startedAt = new Date(this.now()).toISOString();
    const since = new Date(Date.parse(current.snapshot.syncedThrough) - (this.deps.overlapMs ?? 5 * 60_000));
    run.total = 1;
    const { changes, capped } = await source.changesSince(since, run.call);
    run.completed = 1;
    if (capped) {
      // CDC answered its 1000-object cap: some changes may be missing, so reconcile with a full pull.
      log.warn('CDC reached its 1000-object cap; running a full sync instead');
      run.mode = 'full';
      await this.full(run);
      return;
    }
    const result = applyChanges(current.snapshot, changes);
    run.records = result.changedCount;
    run.deleted = Object.values(result.applied).reduce((sum, entity) => sum + entity.deletes.length, 0);
    const snapshot: Snapshot = { ...current.snapshot, ...result.tables, updatedAt: new Date(this.now()), syncedThrough: startedAt };
    const inPlace = result.changedCount === 0 || !current.indexes.shouldRebuild(result.changedCount);
    const indexes = inPlace ? current.indexes : await this.deps.buildIndexes(snapshot, run.controller.signal);
    this.throwIfCancelled(run);
    await this.deps.store.applySnapshotChanges(run.realmId, toStoreChanges(result.applied, startedAt, current.snapshot.lastFullSyncAt, current.snapshot.entities));
    // Same tick: readers see the old indexes with the old snapshot or the new with the new.
    if (inPlace && result.changedCount > 0) indexes.applyDelta(toSearchDelta(result.applied));
    this.deps.cache.swap({ snapshot, indexes });
  }

  /**
   * Checked just before committing. A company disconnected (or replaced by another) while the run was in flight
   * must not come back: its data was deleted, and persisting or serving this result would resurrect it.
   */
  private throwIfCancelled(run: RunTracker): void {
    if (!run.controller.signal.aborted && this.deps.heldRealm() !== run.realmId) {
      run.controller.abort(new SyncCancelledError('the company was disconnected during the sync'));
    }
    if (run.controller.signal.aborted) throw new SyncCancelledError();
  }
}
