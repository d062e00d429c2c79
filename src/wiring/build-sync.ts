import type { Logger } from 'pino';
import { realmLogger } from '../logging';
import type { TokenManager } from '../auth';
import { createCacheHolder, type CacheHolder, type SnapshotInfo } from '../cache';
import type { Config } from '../config';
import { createQboClient, createRealmLimiter, leaderOnlyLimiter, leaderOnlyTokens, NotLeaderError, type AccessTokenSource, type QboClient, type QboClientDeps, type RealmLimiter } from '../qbo';
import type { LeaseFence, Store } from '../store';
import {
  createQboSource,
  startDataWorker,
  SyncEngine,
  verifyCounts,
  type DataFill,
  type DataWorker,
  type PullProgress,
  type SharedDataThreads,
  type SyncEngineDeps,
  type SyncMode,
  type SyncRunView,
  type SyncSource,
  type SyncTrigger,
  type VerifyReport,
} from '../sync';
import { createDataRecovery } from './data-recovery';

export interface SyncRuntime {
  readonly cache: CacheHolder;
  readonly engine: SyncEngine;
  /** Starts (or joins) a sync; NotConnectedError (auth) when QuickBooks cannot be called. */
  startSync(mode: SyncMode | undefined, trigger: SyncTrigger): { id: string; done: Promise<SyncRunView> };
  verify(): Promise<VerifyReport>;
  /** The connected company's name as QuickBooks shows it (one call); NotConnectedError when it cannot be asked. */
  companyName(): Promise<string>;
  /** Serves the last persisted snapshot (no QuickBooks call); true when there was one. */
  warmStart(): Promise<boolean>;
  /**
   * Replaces the served data with a thread loaded from the committed snapshot (a follower taking in another replica's
   * full sync); resolves what it now serves, or null when nothing is stored.
   */
  reload(realmId: string): Promise<SnapshotInfo | null>;
  /** Why searches answer 503 now (the served data thread failed and another is loading), else null. */
  dataUnavailable(): string | null;
  /** This runtime's own data threads not yet exited: the served one, any being filled (metrics; shared ones apart). */
  dataThreads(): number;
  /** Forgets the company's served data: its thread ends; resolves once it has exited. */
  forget(): Promise<void>;
  close(): void;
}

export interface SyncRuntimeDeps {
  readonly config: Config;
  /** The company this data path is for; undefined for the stand-in while none is connected. */
  readonly realmId?: string;
  readonly store: Store;
  readonly tokenManager: TokenManager;
  readonly logger: Logger;
  /** Metrics hooks: every QuickBooks HTTP attempt, every finished sync. */
  readonly onQboCall?: QboClientDeps['onCall'];
  readonly onSyncFinished?: SyncEngineDeps['onFinished'];
  /** Each data thread's longest event-loop delay, about once a second. */
  readonly onDataThreadDelay?: (maxMs: number) => void;
  /** The threads small companies share; without them every company's data has a thread of its own. */
  readonly sharedThreads?: SharedDataThreads;
  /**
   * Whether this replica leads the company (companies/leadership.ts): only then are QuickBooks and token calls made,
   * and its writes carry `fence`. Without it, this process is the only one and always leads.
   */
  readonly leadership?: { leads(): boolean; fence(): LeaseFence };
}

/**
 * The data path: one QBO client per connected realm (sharing that realm's limiter), the sync engine, the cache
 * holder and the index builder. The client is rebuilt when another company is connected.
 */
export function buildSyncRuntime(deps: SyncRuntimeDeps): SyncRuntime {
  const { config, store, tokenManager, logger } = deps;
  const cache = createCacheHolder();
  const limiters = new Map<string, RealmLimiter>();
  let current: { readonly client: QboClient; readonly source: SyncSource } | null = null;

  const { leadership } = deps;
  const limiterFor = (realmId: string): RealmLimiter => {
    let limiter = limiters.get(realmId);
    if (limiter === undefined) {
      limiter = createRealmLimiter({ maxInFlight: 10, perMinute: 500 });
      if (leadership) limiter = leaderOnlyLimiter(limiter, realmId, () => leadership.leads());
      limiters.set(realmId, limiter);
    }
    return limiter;
  };
  const tokensFor = (realmId: string): AccessTokenSource => (leadership ? leaderOnlyTokens(tokenManager, realmId, () => leadership.leads()) : tokenManager);
  const qboLogger = (realmId: string) => realmLogger(logger, realmId, { component: 'qbo' });
  // One set of client settings for the main thread's client and a full sync's data thread.
  const { quickbooks } = config;
  const qboSettings = { apiBaseUrl: quickbooks.apiBaseUrl, minorVersion: quickbooks.minorVersion, retry: quickbooks.retry, timeoutMs: quickbooks.requestTimeoutMs };

  const clientFor = (realmId: string): { readonly client: QboClient; readonly source: SyncSource } => {
    if (current?.client.realmId !== realmId) {
      current?.client.close();
      const client = createQboClient({
        realmId,
        ...qboSettings,
        tokens: tokensFor(realmId),
        limiter: limiterFor(realmId),
        logger: qboLogger(realmId),
        onCall: deps.onQboCall,
      });
      current = { client, source: createQboSource(client, config.entities) };
    }
    return current;
  };

  // The token manager owns the connection state and its one error (NotConnectedError, with why).
  const connected = (): { realmId: string; client: QboClient; source: SyncSource } => {
    const realmId = tokenManager.connectedRealm();
    if (leadership && !leadership.leads()) throw new NotLeaderError(realmId);
    return { realmId, ...clientFor(realmId) };
  };

  // The thread's lines carry their own component (`qbo` for its QuickBooks calls, `data` for the rest).
  const workerLogger = (realmId: string) => realmLogger(logger, realmId);
  let running = 0;
  /**
   * `records`: how many the data will hold, where known. A company of at most SHARED_THREAD_MAX_RECORDS shares a thread
   * (shared-data-threads.ts); a pull always has its own, whose heap of QuickBooks' JSON ends with it.
   */
  const startWorker = (realmId: string, fill: DataFill, run?: PullProgress, shouldContinue?: () => boolean, records?: number): DataWorker => {
    const data = { realmId, store: store.location, entities: config.entities, fill, logLevel: config.logLevel };
    const shared = deps.sharedThreads !== undefined && fill.mode !== 'pull' && records !== undefined && records <= config.sharedThreadMaxRecords;
    const worker: DataWorker = startDataWorker(
      {
        logger: workerLogger(realmId),
        tokens: tokensFor(realmId),
        limiter: limiterFor(realmId),
        onCall: deps.onQboCall,
        onDelay: deps.onDataThreadDelay,
        // Only the served thread is replaced; a failing fill fails its own sync.
        onFailure: (reason) => {
          if (cache.current()?.data === worker) recovery.recover(realmId, worker, reason);
        },
      },
      data,
      run,
      shouldContinue,
      shared ? deps.sharedThreads?.open(data) : undefined,
    );
    if (!shared) {
      running++;
      void worker.exited.then(() => running--);
    }
    return worker;
  };
  // The served snapshot's size (a reload after a crash or many changes holds about as many).
  const servedRecords = (only?: readonly string[]): number | undefined => {
    const counts = cache.current()?.facts.counts;
    if (counts === undefined) return undefined;
    return Object.entries(counts).reduce((sum, [entity, count]) => (only === undefined || only.includes(entity) ? sum + (count ?? 0) : sum), 0);
  };
  const startLoad = (realmId: string, records = servedRecords()) => startWorker(realmId, { mode: 'load' }, undefined, undefined, records);

  /** Set once the company's data is forgotten or the runtime closed: nothing is swapped in any more. */
  let closed = false;
  const recovery = createDataRecovery(cache, (realmId) => startLoad(realmId), logger);

  const engine = new SyncEngine({
    store,
    realmId: deps.realmId,
    entities: config.entities,
    cache,
    source: connected,
    heldRealm: () => tokenManager.realmId(),
    startPull: (run, { target, pull }, shouldContinue) => startWorker(target.realmId, { mode: 'pull', target, pull, qbo: qboSettings }, run, shouldContinue),
    startGeneration: (run, plan, shouldContinue) =>
      startWorker(plan.target.realmId, { mode: 'generation', ...plan }, run, shouldContinue, run.records + (plan.keep.length > 0 ? (servedRecords(plan.keep) ?? Infinity) : 0)),
    startLoad,
    fence: leadership ? () => leadership.fence() : undefined,
    logger: logger.child({ component: 'sync' }),
    onFinished: (run, durationMs) => deps.onSyncFinished?.(run, durationMs),
  });

  return {
    cache,
    engine,
    startSync(mode, trigger) {
      // A webhook reports a change made after a running sync may have read that record: run once more after it.
      return engine.start({ mode, trigger, followUpIfRunning: trigger === 'webhook' });
    },
    async verify() {
      const { source } = connected();
      return verifyCounts(source, cache.current()?.facts ?? null, new Date(), AbortSignal.timeout(120_000));
    },
    async companyName() {
      return connected().client.companyName({ signal: AbortSignal.timeout(60_000) });
    },
    async warmStart() {
      const realmId = tokenManager.realmId();
      if (!realmId) return false;
      const started = Date.now();
      const worker = startLoad(realmId, await store.countSnapshotRows(realmId, config.sharedThreadMaxRecords + 1));
      const report = await worker.ready;
      if (report === null) return false;
      if (cache.current()) {
        worker.close();
        return true;
      }
      cache.swap({ info: report.info, facts: report.facts, data: worker });
      const { imported, built, changed } = report.load;
      logger.info(
        { realmId, duration_ms: Date.now() - started, synced_through: report.info.syncedThrough, indexes_imported: imported, indexes_built: built, changed_since_image: changed },
        'cache loaded from the store',
      );
      if (built.length > 0) worker.writeImages();
      return true;
    },
    async reload(realmId) {
      const before = cache.current();
      const worker = startLoad(realmId);
      const report = await worker.ready.catch((err: unknown) => {
        worker.terminate();
        throw err;
      });
      if (report === null) return null;
      // Swapped or forgotten meanwhile (a sync here, a disconnect, the end): what is served stays.
      if (closed || cache.current() !== before) {
        worker.close();
        return cache.current()?.info ?? null;
      }
      cache.swap({ info: report.info, facts: report.facts, data: worker });
      if (report.load.built.length > 0) worker.writeImages();
      return report.info;
    },
    dataUnavailable: () => recovery.unavailable(),
    dataThreads: () => running,
    async forget() {
      closed = true;
      const data = cache.current()?.data;
      cache.clear();
      recovery.terminate();
      await data?.exited;
    },
    close() {
      closed = true;
      current?.client.close();
      cache.clear();
      recovery.terminate();
    },
  };
}
