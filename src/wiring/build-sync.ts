import type { Logger } from 'pino';
import type { TokenManager } from '../auth';
import { createCacheHolder, type CacheHolder, type Snapshot } from '../cache';
import type { Config } from '../config';
import { createQboClient, createRealmLimiter, type EntityName, type QboClient, type QboClientDeps, type RealmLimiter } from '../qbo';
import { createSearchIndexes, type SearchIndexes, type SearchRecords } from '../search';
import type { Store } from '../store';
import {
  createQboSource,
  loadSnapshotFromStore,
  pullInThread,
  SyncEngine,
  verifyCounts,
  type SyncEngineDeps,
  type SyncMode,
  type SyncRunView,
  type SyncSource,
  type SyncTrigger,
  type VerifyReport,
} from '../sync';
import { createSearchImages } from './search-images';

export interface SyncRuntime {
  readonly cache: CacheHolder;
  readonly engine: SyncEngine;
  /** Starts (or joins) a sync; NotConnectedError (auth) when QuickBooks cannot be called. */
  startSync(mode: SyncMode | undefined, trigger: SyncTrigger): { id: string; done: Promise<SyncRunView> };
  verify(): Promise<VerifyReport>;
  /** Serves the last persisted snapshot (no QuickBooks call); true when there was one. */
  warmStart(): Promise<boolean>;
  close(): void;
}

export interface SyncRuntimeDeps {
  readonly config: Config;
  readonly store: Store;
  readonly tokenManager: TokenManager;
  readonly logger: Logger;
  /** Metrics hooks: every QuickBooks HTTP attempt, every finished sync. */
  readonly onQboCall?: QboClientDeps['onCall'];
  readonly onSyncFinished?: SyncEngineDeps['onFinished'];
}

/**
 * The data path: one QBO client per connected realm (sharing that realm's limiter), the sync engine, the cache
 * holder and the index builder. The client is rebuilt when another company is connected.
 */
export function buildSyncRuntime(deps: SyncRuntimeDeps): SyncRuntime {
  const { config, store, tokenManager, logger } = deps;
  const cache = createCacheHolder();
  const limiters = new Map<string, RealmLimiter>();
  let client: QboClient | null = null;
  let source: SyncSource | null = null;

  const limiterFor = (realmId: string): RealmLimiter => {
    const limiter = limiters.get(realmId) ?? createRealmLimiter({ maxInFlight: 10, perMinute: 500 });
    limiters.set(realmId, limiter);
    return limiter;
  };
  const qboLogger = (realmId: string) => logger.child({ component: 'qbo', realmId });
  // One set of client settings for the main thread's client and the full sync's pull thread.
  const { quickbooks } = config;
  const qboSettings = { apiBaseUrl: quickbooks.apiBaseUrl, minorVersion: quickbooks.minorVersion, retry: quickbooks.retry, timeoutMs: quickbooks.requestTimeoutMs };

  const sourceFor = (realmId: string): SyncSource => {
    if (client?.realmId !== realmId || !source) {
      client?.close();
      client = createQboClient({
        realmId,
        ...qboSettings,
        tokens: tokenManager,
        limiter: limiterFor(realmId),
        logger: qboLogger(realmId),
        onCall: deps.onQboCall,
      });
      source = createQboSource(client, config.entities);
    }
    return source;
  };

  // The token manager owns the connection state and its one error (NotConnectedError, with why).
  const connected = (): { realmId: string; source: SyncSource } => {
    const realmId = tokenManager.connectedRealm();
    return { realmId, source: sourceFor(realmId) };
  };

  const images = createSearchImages(store, logger.child({ component: 'search' }), (realmId) => tokenManager.realmId() === realmId);
  // Indexes a sync built in full: their images are written once the sync has swapped them in (not for a run that
  // failed or was cancelled after building, and not while its rows are still being committed).
  let builtBySync: SearchIndexes | null = null;
  const engine = new SyncEngine({
    store,
    entities: config.entities,
    cache,
    source: connected,
    heldRealm: () => tokenManager.realmId(),
    pullFull: (run, target, shouldContinue, entities) =>
      pullInThread(
        {
          qbo: qboSettings,
          logLevel: config.logLevel,
          tokens: tokenManager,
          limiter: limiterFor(target.realmId),
          logger: qboLogger(target.realmId),
          onCall: deps.onQboCall,
        },
        target,
        run,
        shouldContinue,
        entities,
      ),
    buildIndexes: async (snapshot, signal) => (builtBySync = await createSearchIndexes(recordsOf(snapshot), { signal })),
    logger: logger.child({ component: 'sync' }),
    onFinished: (run, durationMs) => {
      deps.onSyncFinished?.(run, durationMs);
      const served = cache.current();
      if (served !== null && served.indexes === builtBySync) images.save(served.snapshot.realmId, served.indexes);
      builtBySync = null;
    },
  });

  return {
    cache,
    engine,
    startSync(mode, trigger) {
      // A webhook reports a change made after a running sync may have read that record: run once more after it.
      return engine.start({ mode, trigger, followUpIfRunning: trigger === 'webhook' });
    },
    async verify() {
      const { source: current } = connected();
      return verifyCounts(current, cache.current()?.snapshot ?? null, new Date(), AbortSignal.timeout(120_000));
    },
    async warmStart() {
      const realmId = tokenManager.realmId();
      if (!realmId) return false;
      const started = Date.now();
      const snapshot = await loadSnapshotFromStore(store, realmId, config.entities);
      if (!snapshot) return false;
      const indexes = await createSearchIndexes(recordsOf(snapshot), { images: images.source(realmId) });
      if (cache.current()) return true;
      cache.swap({ snapshot, indexes });
      const { imported, built, changed } = indexes.loadReport;
      logger.info(
        { realmId, duration_ms: Date.now() - started, synced_through: snapshot.syncedThrough, indexes_imported: imported, indexes_built: built, changed_since_image: changed },
        'cache loaded from the store',
      );
      if (built.length > 0) images.save(realmId, indexes);
      return true;
    },
    close() {
      images.close();
      client?.close();
    },
  };
}

/** The search core reads our records only (the raw JSON stays in the snapshot for /api/data). */
function recordsOf(snapshot: Snapshot): SearchRecords {
  const records: Partial<Record<EntityName, ReadonlyMap<string, unknown>>> = {};
  for (const entity of snapshot.entities) records[entity] = snapshot[entity].records;
  return records as SearchRecords;
}
