import type { Logger } from 'pino';
import type { CacheView, DataFacts, SnapshotInfo } from '../cache';
import { StoreFencedError, StoreWriteAbandonedError } from '../store';
import type { DataWorker } from './data-thread/data-worker-types';
import { entitiesChanged, planFull } from './entity-plan';
import { acceptedChanges, replaceHead, toStoreChanges } from './persistence';
import { cancelReason, LEADER_LOST, LeaderLostError, messageOf, SyncCancelledError } from './run-outcome';
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
   * Shutting down: no sync starts any more and the running one is cancelled (recorded as cancelled, its data thread
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

  /** This replica stopped leading the company: the running sync stops, recorded failed ("leader lost"), and no follow-up. */
  leaderLost(): void {
    this.followUp = null;
    this.running?.tracker.controller.abort(new LeaderLostError());
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

  /** The run with this id when this engine ran it since it started (running, or among the last 50 finished). */
  live(id: string): SyncRunView | null {
    const live = this.running?.tracker.id === id ? this.running.tracker : this.finished.get(id);
    return live ? live.view() : null;
  }

  async get(id: string): Promise<SyncRunView | null> {
    const live = this.live(id);
    if (live) return live;
    const stored = await this.deps.store.getSyncRun(id);
    return stored ? viewOfRecord(stored) : null;
  }

  async history(limit: number): Promise<SyncRunView[]> {
    const runs = await this.deps.store.listSyncRuns(this.deps.realmId, limit);
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
    if (!current || current.info.realmId !== realmId) return 'full';
    if (requested) return requested;
    return this.cursorTooOld(current.info) ? 'full' : 'incremental';
  }

  private cursorTooOld(snapshot: SnapshotInfo): boolean {
    return this.now() - Date.parse(snapshot.syncedThrough) > (this.deps.maxCdcAgeMs ?? 29 * DAY);
  }

  private async execute(run: RunTracker, source: SyncSource): Promise<SyncRunView> {
    const log = this.deps.logger.child({ sync_id: run.id });
    await run.persistStart(this.deps.store);
    try {
      const current = this.deps.cache.current();
      if (run.mode === 'incremental' && current && !this.cursorTooOld(current.info)) {
        if (entitiesChanged(current.info, this.deps.entities)) {
          // QUICKBOOKS_ENTITIES changed: pull only the added entities, then catch everything up with one CDC call.
          run.mode = 'full';
          await this.full(run, current.info);
        }
        await this.incremental(run, source, this.deps.cache.current() ?? current, log);
      } else {
        run.mode = 'full';
        await this.full(run);
      }
      run.finish('succeeded');
      this.lastFailed = false;
    } catch (err) {
      const { signal } = run.controller;
      // Lost the lease: the store refused the write, or the gate refused a call (by name: it may come from a thread).
      const leaderLost = signal.reason instanceof LeaderLostError || err instanceof StoreFencedError || (err instanceof Error && err.name === 'NotLeaderError');
      const cancelled = signal.aborted && !leaderLost;
      run.finish(cancelled ? 'cancelled' : 'failed', leaderLost ? LEADER_LOST : cancelled ? cancelReason(signal) : messageOf(err));
      if (!cancelled && !leaderLost) this.lastFailed = true; // a lost lease is no failure of this replica's syncs
      if (leaderLost) log.warn({ mode: run.mode }, 'sync stopped: this replica no longer leads the company (its new leader syncs it); cache unchanged');
      else log.error({ err, mode: run.mode }, cancelled ? 'sync cancelled; cache unchanged' : 'sync failed; cache unchanged');
    }
    await run.persistEnd(this.deps.store).catch((err: unknown) => log.error({ err }, 'could not record the sync run'));
    const view = run.view();
    const durationMs = (run.finishedAtMs ?? 0) - run.startedAtMs;
    log.info({ mode: view.mode, status: view.status, api_calls: view.api_calls, records: view.records, deleted: view.deleted, duration_ms: durationMs }, 'sync finished');
    this.deps.onFinished?.(view, durationMs);
    return view;
  }

  /**
   * A full sync into a new generation: one thread pulls every cached entity (or with `keep` only those it lacks,
   * entity-plan.ts) into it and ends, then a new data thread reads the generation back and builds its indexes. Two
   * threads so the served heap never held QuickBooks' JSON: a pulled heap kept 0.9 GB more (BENCHMARKS.md). The new
   * thread is swapped in once the generation is committed; until then the served one answers.
   */
  private async full(run: RunTracker, keep?: SnapshotInfo): Promise<void> {
    const { entities } = this.deps;
    const { pulled, kept, replaced, syncedThrough, lastFullSyncAt } = planFull(entities, new Date(this.now()).toISOString(), keep);
    // Pages go to an uncommitted store generation as they arrive (from the pulling thread); a cancel or a disconnect
    // abandons it.
    const shouldCommit = () => !run.controller.signal.aborted && this.deps.heldRealm() === run.realmId;
    const replacement = await this.deps.store.beginSnapshotReplace(run.realmId, { shouldCommit });
    const { generation } = replacement.target;
    const info = (): SnapshotInfo => ({ realmId: run.realmId, entities, dropped: [], updatedAt: new Date(this.now()), syncedThrough, lastFullSyncAt, generation });
    let worker: DataWorker | undefined;
    let facts: DataFacts;
    try {
      await replacement.earlierDeletes(); // the pulling thread's connection would contend with them for the write lock
      this.throwIfCancelled(run);
      const plan = { target: replacement.target, pull: pulled, keep: kept, info: info() };
      worker = this.deps.startPull(run, plan, shouldCommit);
      await worker.ready;
      this.throwIfCancelled(run);
      worker = this.deps.startGeneration(run, plan, shouldCommit);
      const report = await worker.ready;
      if (report === null) throw new Error('the data thread of a full sync reported nothing to load');
      facts = report.facts;
      this.throwIfCancelled(run);
      const committing = performance.now();
      await replacement.commit({ ...replaceHead(syncedThrough, lastFullSyncAt, entities, replaced), fence: this.deps.fence?.() });
      this.deps.logger.info({ sync_id: run.id, duration_ms: Math.round(performance.now() - committing) }, 'full sync generation committed');
    } catch (err) {
      worker?.terminate();
      replacement.abandon();
      if (err instanceof StoreWriteAbandonedError) this.throwIfCancelled(run);
      throw err;
    }
    // Committed: a cancel now is too late, but a company disconnected meanwhile must not be served again.
    if (this.deps.heldRealm() !== run.realmId) {
      worker.terminate();
      this.throwIfCancelled(run);
    }
    this.deps.cache.swap({ info: info(), facts, data: worker });
    worker.writeImages();
  }

  private async incremental(run: RunTracker, source: SyncSource, current: CacheView, log: Logger): Promise<void> {
    const startedAt = new Date(this.now()).toISOString();
    const since = new Date(Date.parse(current.info.syncedThrough) - (this.deps.overlapMs ?? 5 * 60_000));
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
    // The data thread sorts out what is new against the records it holds, and keeps the result until the store has it.
    const { data } = current;
    const prepared = await data.prepare(changes);
    const applied = acceptedChanges(changes, prepared.accepted);
    run.records = prepared.changedCount;
    run.deleted = Object.values(prepared.accepted).reduce((sum, entity) => sum + entity.deletes.length, 0);
    const info: SnapshotInfo = { ...current.info, updatedAt: new Date(this.now()), syncedThrough: startedAt };
    try {
      this.throwIfCancelled(run);
      await this.deps.store.applySnapshotChanges(run.realmId, { ...toStoreChanges(applied, startedAt, current.info.lastFullSyncAt, current.info.entities), fence: this.deps.fence?.() });
    } catch (err) {
      data.discard();
      throw err;
    }
    if (!prepared.rebuild) {
      this.deps.cache.swap({ info, facts: await data.commit(), data });
      return;
    }
    // Too many changes to apply in place: a new data thread loads the stored snapshot, which now holds them.
    data.discard();
    const worker = this.deps.startLoad(run.realmId);
    const report = await worker.ready.catch((err: unknown) => {
      worker.terminate();
      throw err;
    });
    if (report === null) throw new Error('the stored snapshot disappeared during the sync');
    if (this.deps.heldRealm() !== run.realmId) {
      worker.terminate();
      this.throwIfCancelled(run);
    }
    this.deps.cache.swap({ info, facts: report.facts, data: worker });
    worker.writeImages();
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
