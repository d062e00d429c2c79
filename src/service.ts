import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createConnectFlow, createOAuthGateway, createReadKeys, type ConnectFlow, type ReadKeys } from './auth';
import { createCompanyRegistry, type Company, type CompanyRegistry } from './companies';
import type { Config } from './config';
import { assessCompanies } from './health';
import {
  companyScope,
  createAdminGuard,
  createAdminRateLimit,
  createApp,
  createAuthRouter,
  createCacheRouter,
  createCompaniesRouter,
  createDataRouter,
  createLifecycle,
  createOpenApiRouter,
  createReadAccess,
  createReadKeyRouter,
  createSearchResponseCache,
  createWebhookRouter,
  inSequence,
  mountSearchRoutes,
  type Lifecycle,
} from './http';
import { addStoreProbe, createScheduler, cronIntervalMs, type Scheduler } from './jobs';
import { createMetrics, type Metrics } from './metrics';
import type { Store } from './store';
import { openConfiguredStore } from './store-wait';
import { readVersion } from './version';
import { createWebhookTrigger, type WebhookTrigger } from './webhooks';
import { createSharedDataThreads } from './sync';
import { countTokenRefreshes, watchTokensAndCache } from './wiring';

/** Every long-lived component of one running service, built from one Config. */
export interface Service {
  readonly config: Config;
  readonly app: Express;
  readonly lifecycle: Lifecycle;
  readonly store: Store;
  readonly connectFlow: ConnectFlow;
  readonly scheduler: Scheduler;
  /** The connected companies (README, Several companies). */
  readonly companies: CompanyRegistry;
  /** Their read keys (README, Read keys). */
  readonly readKeys: ReadKeys;
  readonly metrics: Metrics;
  /** The company the unscoped routes answer for (throws as they would answer: 404 or 409 when there is none). */
  company(realmId?: string): Company;
  /** After the server listens: serves the stored snapshots, starts the schedules and the first syncs. */
  start(): Promise<void>;
  /** Stops schedules and webhook timers, cancels running syncs, and waits for running jobs. */
  stop(): Promise<void>;
  /** Closes the QBO clients and the store; call after the HTTP server has drained. */
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Wires the components together: dependencies are passed in, nothing is a module-level singleton. */
export async function buildService(config: Config, logger: Logger, opened?: Store): Promise<Service> {
  const store = opened ?? (await openConfiguredStore(config, logger));
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
  const readKeys = createReadKeys(store);
  await readKeys.init();
  const sharedThreads = createSharedDataThreads({ logger: logger.child({ component: 'data' }) });
  const replicaId = replicaIdOf();
  const companies = createCompanyRegistry({
    config,
    store,
    gateway,
    logger,
    sharedThreads,
    connectFlow: () => connectFlow,
    onQboCall: (realmId, event) => metrics.observeQboCall(realmId, event),
    onSyncFinished: (realmId, run, durationMs) => metrics.observeSync(realmId, run, durationMs),
    onDataThreadDelay: (_realmId, maxMs) => metrics.observeDataThreadDelay(maxMs),
    watchTokens: (realmId, tokenManager) => countTokenRefreshes(metrics, realmId, tokenManager),
    onDisconnected: (realmId) => readKeys.forget(realmId),
    replicaId,
    // Keys made or revoked through another replica sharing the store count here from the next poll.
    onStorePoll: () => readKeys.init(),
    onForwardedWebhook: (realmId) => webhookTrigger.forwarded(realmId),
  });
  const connectFlow: ConnectFlow = createConnectFlow({ store, gateway, adopt: (tokens) => companies.adopt(tokens), logger: authLogger });
  watchTokensAndCache(metrics, () => companies.list(), () => companies.list().reduce((sum, company) => sum + company.runtime.dataThreads(), sharedThreads.threads()));
  await companies.init();
  const scheduler = createScheduler(logger.child({ component: 'jobs' }));
  const storeProbe = addStoreProbe(scheduler, store, logger.child({ component: 'store' }));
  const lifecycle = createLifecycle();

  const webhookTrigger: WebhookTrigger = createWebhookTrigger({
    isConnected: (realmId) => companies.get(realmId) !== undefined,
    sync: (realmId) => void companies.get(realmId)?.trySync('incremental', 'webhook'),
    // A follower hands each delivery to the leader at once; the leader's debounce coalesces every replica's events.
    debouncesHere: (realmId) => companies.get(realmId)?.role() !== 'follower',
    logger: logger.child({ component: 'webhooks' }),
  });

  // Admin and auth routes are rate-limited per IP, before the admin key is checked (README, HTTP API).
  const rateLimit = createAdminRateLimit(logger.child({ component: 'http' }));
  const adminGuard = inSequence(rateLimit, createAdminGuard(config.adminApiKey));
  const version = readVersion();
  const access = config.http.searchAuth === 'keys' ? createReadAccess({ adminApiKey: config.adminApiKey, verify: (key) => readKeys.verify(key), logger: logger.child({ component: 'http' }) }) : undefined;
  const healthPolicy = { refreshIntervalMs: cronIntervalMs(config.schedules.cacheRefreshCron), refreshTokenWarningMs: 14 * DAY_MS };
  // Every connected company, or the stand-in when none is: health reads as it always did without a company.
  const companiesOrVacant = (): readonly Company[] => (companies.list().length > 0 ? companies.list() : [companies.resolve(undefined)]);
  const app = createApp({
    config,
    logger,
    observe: metrics.httpMiddleware,
    scope: companyScope,
    health: {
      mode: config.mode,
      version,
      lifecycle,
      now: () => new Date(),
      companies: () => {
        const fallback = companies.defaultCompany();
        return companiesOrVacant().map((company) => ({ realmId: company.realmId, facts: company.healthFacts(), servesStored: company.hadStoredSnapshot, isDefault: company === fallback }));
      },
      policy: healthPolicy,
      serviceProblem: () => storeProbe.problem(),
      replica: () => ({
        id: replicaId,
        companies: Object.fromEntries(companies.list().map((company) => [company.realmId ?? '', { role: company.role(), generation: company.cache.current()?.info.generation ?? null }])),
      }),
    },
    mountRoutes: (app) =>
      mountSearchRoutes(app, {
        companies,
        access,
        entities: config.entities,
        responses: createSearchResponseCache(config.http.searchCacheBytes),
        observe: (index, seconds) => metrics.observeSearch(index, seconds),
        countCached: (result) => metrics.countSearchResponse(result),
      }),
    routers: [
      createCacheRouter({ companies, access, entities: config.entities, adminGuard, findSync: (id) => companies.findSync(id), cancelSync: (id) => companies.cancelSync(id) }),
      createDataRouter({ companies, entities: config.entities, adminGuard, readRaw: (realmId, generation, entity, ids) => store.readSnapshotRaw(realmId, generation, entity, ids) }),
      createAuthRouter({ config, companies, connectFlow, adminGuard, rateLimit }),
      createCompaniesRouter({
        adminGuard,
        companies: () => {
          const list = companies.list();
          const assessment = assessCompanies(list.map((company) => ({ realmId: company.realmId ?? '', facts: company.healthFacts() })), healthPolicy, new Date());
          return list.map((company) => ({ company, health: assessment.companies.get(company.realmId ?? '') ?? { status: 'unhealthy', reasons: [], cacheAgeMinutes: null } }));
        },
      }),
      createReadKeyRouter({
        adminGuard,
        companies,
        create: (realmId) => readKeys.create(realmId),
        revoke: (realmId, id) => readKeys.revoke(realmId, id),
        list: (realmId) => readKeys.list(realmId),
      }),
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
    connectFlow,
    scheduler,
    companies,
    readKeys,
    metrics,
    company: (realmId) => companies.resolve(realmId),
    async start() {
      await companies.start(scheduler);
    },
    async stop() {
      webhookTrigger.stop();
      await Promise.all([companies.stop(), scheduler.stop()]);
    },
    async close() {
      companies.close();
      await sharedThreads.close();
      metrics.close();
      await store.close();
    },
  };
}

/** This process among the replicas sharing a store: unique per process, so a restarted one never inherits a lease. */
function replicaIdOf(): string {
  return `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
