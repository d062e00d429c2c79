import type { Express } from 'express';
import type { Logger } from 'pino';
import { createConnectFlow, createOAuthGateway, NotConnectedError, TokenManager, type ConnectFlow } from './auth';
import type { CacheHolder } from './cache';
import type { Config } from './config';
import {
  createAdminGuard,
  createAdminRateLimit,
  createApp,
  createAuthRouter,
  createCacheRouter,
  createDataRouter,
  createLifecycle,
  createOpenApiRouter,
  createSearchResponseCache,
  createWebhookRouter,
  inSequence,
  mountSearchRoutes,
  type Lifecycle,
} from './http';
import { createScheduler, cronIntervalMs, scheduleSyncJobs, scheduleTokenCheck, type Scheduler } from './jobs';
import { createMetrics, type Metrics } from './metrics';
import { openSqliteStore, type Store } from './store';
import type { SyncEngine } from './sync';
import { readVersion } from './version';
import { createWebhookTrigger, type WebhookTrigger } from './webhooks';
import { buildSyncRuntime, healthFactsOf, watchTokensAndCache, type SyncRuntime } from './wiring';

/** Every long-lived component of one running service, built from one Config. */
export interface Service {
  readonly config: Config;
  readonly app: Express;
  readonly lifecycle: Lifecycle;
  readonly store: Store;
  readonly tokenManager: TokenManager;
  readonly connectFlow: ConnectFlow;
  readonly scheduler: Scheduler;
  readonly cache: CacheHolder;
  readonly sync: SyncEngine;
  readonly runtime: SyncRuntime;
  readonly metrics: Metrics;
  /** After the server listens: serves the stored snapshot, starts the schedules and the first sync. */
  start(): Promise<void>;
  /** Stops schedules and webhook timers, cancels a running sync, and waits for running jobs. */
  stop(): Promise<void>;
  /** Closes the QBO client and the store; call after the HTTP server has drained. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Wires the components together: dependencies are passed in, nothing is a module-level singleton. */
export async function buildService(config: Config, logger: Logger): Promise<Service> {
  const store = openSqliteStore({
    dataDir: config.dataDir,
    secretKey: config.secretKey,
    allowGeneratedKey: config.mode === 'demo',
    logger: logger.child({ component: 'store' }),
  });
  const gateway = createOAuthGateway({
    clientId: config.quickbooks.clientId ?? '',
    clientSecret: config.quickbooks.clientSecret ?? '',
    environment: config.quickbooks.environment,
    redirectUri: config.quickbooks.redirectUri,
    authorizeUrl: config.quickbooks.authorizeUrl,
    tokenUrl: config.quickbooks.tokenUrl,
    revokeUrl: config.quickbooks.revokeUrl,
  });
  const authLogger = logger.child({ component: 'auth' });
  const metrics = createMetrics();
  const tokenManager = new TokenManager({ store, gateway, logger: authLogger, bootstrap: config.quickbooks.bootstrap });
  const runtime = buildSyncRuntime({
    config,
    store,
    tokenManager,
    logger,
    onQboCall: (event) => metrics.observeQboCall(event),
    onSyncFinished: (run, durationMs) => metrics.observeSync(run, durationMs),
    onDataThreadDelay: (maxMs) => metrics.observeDataThreadDelay(maxMs),
  });
  watchTokensAndCache(metrics, tokenManager, runtime.cache, () => runtime.dataThreads()); // before init(): a bootstrap refresh counts too
  await tokenManager.init();
  const connectFlow = createConnectFlow({ store, gateway, tokenManager, logger: authLogger });
  const scheduler = createScheduler(logger.child({ component: 'jobs' }));
  const lifecycle = createLifecycle();
  const { cache, engine } = runtime;
  const syncLog = logger.child({ component: 'sync' });

  /**
   * For schedules, webhooks and token events, which have nobody to answer: start or join a sync. Not being
   * connected means nothing to do; any other failure to start is logged as the error it is.
   */
  const trySync = (mode: 'full' | 'incremental' | undefined, trigger: Parameters<SyncRuntime['startSync']>[1]) => {
    try {
      return runtime.startSync(mode, trigger).done;
    } catch (err) {
      if (err instanceof NotConnectedError) syncLog.debug({ trigger, connection: err.reason }, 'sync not started: QuickBooks is not connected');
      else syncLog.error({ err, trigger }, 'sync not started');
      return null;
    }
  };
  const webhookTrigger: WebhookTrigger = createWebhookTrigger({
    realmId: () => tokenManager.realmId(),
    sync: () => void trySync('incremental', 'webhook'),
    logger: logger.child({ component: 'webhooks' }),
  });

  tokenManager.on('connected', (realmId) => {
    if (cache.current()?.info.realmId !== realmId) cache.clear();
    void trySync('full', 'connect');
  });
  tokenManager.on('disconnected', (realmId) => {
    // At once, not at the run's next check: a full sync's data thread would go on writing the company's rows meanwhile.
    engine.cancelRunning('the company was disconnected during the sync');
    // Once its data thread has exited, delete the search images it may have been writing (the rows are gone already).
    void runtime
      .forget()
      .then(() => store.deleteSearchImages(realmId))
      .catch((err: unknown) => syncLog.error({ err, realmId }, 'could not delete the disconnected company\'s data'));
  });

  // Admin and auth routes are rate-limited per IP, before the admin key is checked (README, HTTP API).
  const rateLimit = createAdminRateLimit(logger.child({ component: 'http' }));
  const adminGuard = inSequence(rateLimit, createAdminGuard(config.adminApiKey));
  const version = readVersion();
  const app = createApp({
    config,
    logger,
    observe: metrics.httpMiddleware,
    health: {
      mode: config.mode,
      version,
      lifecycle,
      now: () => new Date(),
      facts: () => healthFactsOf(tokenManager, cache, engine, () => runtime.dataUnavailable()),
      policy: { refreshIntervalMs: cronIntervalMs(config.schedules.cacheRefreshCron), refreshTokenWarningMs: 14 * DAY_MS },
    },
    mountRoutes: (app) =>
      mountSearchRoutes(app, {
        cache,
        entities: config.entities,
        responses: createSearchResponseCache(config.http.searchCacheBytes),
        observe: (index, seconds) => metrics.observeSearch(index, seconds),
        countCached: (result) => metrics.countSearchResponse(result),
      }),
    routers: [
      createCacheRouter({ cache, entities: config.entities, sync: engine, scheduler, adminGuard, startSync: (mode) => runtime.startSync(mode, 'manual'), verify: () => runtime.verify() }),
      createDataRouter({ cache, entities: config.entities, adminGuard, readRaw: (realmId, entity, ids) => store.readSnapshotRaw(realmId, entity, ids) }),
      createAuthRouter({ config, tokenManager, connectFlow, adminGuard, rateLimit }),
      createWebhookRouter({ verifierToken: config.quickbooks.webhookVerifierToken, trigger: webhookTrigger }),
      metrics.router,
      createOpenApiRouter({ version }),
    ],
  });

  return {
    config,
    app,
    lifecycle,
    store,
    tokenManager,
    connectFlow,
    scheduler,
    cache,
    sync: engine,
    runtime,
    metrics,
    async start() {
      scheduleTokenCheck(scheduler, config.schedules.tokenCheckCron, tokenManager);
      scheduleSyncJobs(scheduler, config.schedules, trySync);
      const warm = await runtime.warmStart().catch((err: unknown) => {
        syncLog.error({ err }, 'could not load the stored snapshot; a full sync will rebuild it');
        return false;
      });
      void trySync(warm ? 'incremental' : 'full', 'startup');
    },
    async stop() {
      webhookTrigger.stop();
      await Promise.all([engine.close(), scheduler.stop()]);
    },
    async close() {
      runtime.close();
      metrics.close();
      await store.close();
    },
  };
}
