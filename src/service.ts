import type { Express } from 'express';
import type { Logger } from 'pino';
import { createConnectFlow, createOAuthGateway, TokenManager, type ConnectFlow } from './auth';
import type { Config } from './config';
import type { HealthFacts } from './health';
import { createApp, createLifecycle, type Lifecycle } from './http';
import { createAdminGuard } from './http/middleware/admin-guard';
import { createAuthRouter } from './http/routes/auth';
import { createScheduler, cronIntervalMs, scheduleTokenCheck, type Scheduler } from './jobs';
import { openSqliteStore, type Store } from './store';
import { readVersion } from './version';

/** Every long-lived component of one running service, built from one Config. */
export interface Service {
  readonly config: Config;
  readonly app: Express;
  readonly lifecycle: Lifecycle;
  readonly store: Store;
  readonly tokenManager: TokenManager;
  readonly connectFlow: ConnectFlow;
  readonly scheduler: Scheduler;
  /** Starts the schedules (after the server listens). */
  start(): void;
  /** Stops schedules and waits for running jobs. */
  stop(): Promise<void>;
  /** Closes the store; call after the HTTP server has drained. */
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
  const tokenManager = new TokenManager({ store, gateway, logger: authLogger, bootstrap: config.quickbooks.bootstrap });
  await tokenManager.init();
  const connectFlow = createConnectFlow({ store, gateway, tokenManager, logger: authLogger });
  const scheduler = createScheduler(logger.child({ component: 'jobs' }));
  const lifecycle = createLifecycle();

  const healthFacts = (): HealthFacts => {
    const status = tokenManager.status();
    const deadline = status.refreshTokenExpiresAt === null ? null : refreshTokenDeadlineOf(status);
    return {
      connection: status.connection,
      cacheUpdatedAt: null,
      lastSyncFailed: false,
      syncRunning: false,
      refreshTokenExpiresAt: deadline,
    };
  };

  const app = createApp({
    config,
    logger,
    health: {
      mode: config.mode,
      version: readVersion(),
      lifecycle,
      now: () => new Date(),
      facts: healthFacts,
      policy: { refreshIntervalMs: cronIntervalMs(config.schedules.cacheRefreshCron), refreshTokenWarningMs: 14 * DAY_MS },
    },
    routers: [createAuthRouter({ config, tokenManager, connectFlow, adminGuard: createAdminGuard(config.adminApiKey) })],
  });

  return {
    config,
    app,
    lifecycle,
    store,
    tokenManager,
    connectFlow,
    scheduler,
    start() {
      scheduleTokenCheck(scheduler, config.schedules.tokenCheckCron, tokenManager);
    },
    stop: () => scheduler.stop(),
    close: () => store.close(),
  };
}

function refreshTokenDeadlineOf(status: { refreshTokenExpiresAt: number | null; refreshTokenHardExpiresAt: number | null }): Date {
  const hard = status.refreshTokenHardExpiresAt ?? Number.POSITIVE_INFINITY;
  return new Date(Math.min(status.refreshTokenExpiresAt ?? Number.POSITIVE_INFINITY, hard));
}
