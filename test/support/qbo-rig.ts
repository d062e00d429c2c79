import { createConnectFlow, createOAuthGateway, TokenManager } from '../../src/auth';
import {
  createQboClient,
  createRealmLimiter,
  type QboCallEvent,
  type QboClient,
  type QboClientDeps,
  type RealmLimiter,
} from '../../src/qbo';
import type { SimulatorOptions } from '../../src/simulator';
import { openSqliteStore, type Store } from '../../src/store';
import { authorizeInBrowser, REDIRECT_URI, SECRET_KEY, startSimulator, tempDataDir, type SimulatorHandle } from './harness';
import { captureLogs } from './log-capture';

/** Retry settings small enough for a fast suite; the policy is the production one. */
export const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 40 } as const;

export interface QboRig {
  readonly sim: SimulatorHandle;
  readonly realmId: string;
  readonly tokenManager: TokenManager;
  readonly store: Store;
  readonly logs: ReturnType<typeof captureLogs>;
  /** A client on the rig's shared limiter unless one is given; closed with the rig. */
  client(overrides?: Partial<QboClientDeps>): QboClient;
  readonly limiter: RealmLimiter;
  /** Every HTTP attempt reported by clients built with `client()`. */
  readonly calls: QboCallEvent[];
  close(): Promise<void>;
}

/**
 * The simulator on a random port, connected through the real OAuth code flow (intuit-oauth, connect flow, token
 * manager over an SQLite store in a temp dir), so access tokens and 401 renewals are the real thing.
 */
export async function startQboRig(options: SimulatorOptions = {}): Promise<QboRig> {
  const sim = await startSimulator(options);
  const data = tempDataDir();
  const logs = captureLogs();
  const store = openSqliteStore({ dataDir: data.dir, secretKey: SECRET_KEY, allowGeneratedKey: false });
  const { endpoints } = sim.running;
  const gateway = createOAuthGateway({
    clientId: sim.simulator.clientId,
    clientSecret: sim.simulator.clientSecret,
    environment: 'sandbox',
    redirectUri: REDIRECT_URI,
    authorizeUrl: endpoints.authorizeUrl,
    tokenUrl: endpoints.tokenUrl,
    revokeUrl: endpoints.revokeUrl,
    retry: { maxRetries: 0, retryDelayMs: 10 },
  });
  const tokenManager = new TokenManager({ store, gateway, logger: logs.logger, realmId: sim.simulator.realmId });
  await tokenManager.init();
  const flow = createConnectFlow({ store, gateway, adopt: (tokens) => tokenManager.adoptConnection(tokens), logger: logs.logger });
  const { authorizeUrl } = await flow.begin();
  const callback = new URLSearchParams(await authorizeInBrowser(authorizeUrl));
  const { realmId } = await flow.complete({
    code: callback.get('code') ?? undefined,
    state: callback.get('state') ?? undefined,
    realmId: callback.get('realmId') ?? undefined,
  });

  const limiter = createRealmLimiter();
  const calls: QboCallEvent[] = [];
  const clients: QboClient[] = [];
  return {
    sim,
    realmId,
    tokenManager,
    store,
    logs,
    limiter,
    calls,
    client(overrides = {}) {
      const client = createQboClient({
        realmId,
        tokens: tokenManager,
        apiBaseUrl: endpoints.apiBaseUrl,
        minorVersion: 75,
        limiter,
        retry: FAST_RETRY,
        timeoutMs: 5_000,
        logger: logs.logger,
        onCall: (event) => calls.push(event),
        ...overrides,
      });
      clients.push(client);
      return client;
    },
    async close() {
      clients.forEach((client) => client.close());
      await store.close();
      await sim.close();
      data.remove();
    },
  };
}
