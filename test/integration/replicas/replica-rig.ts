/**
 * Replicas as child processes (the built service, as `npm start` runs it) on one PostgreSQL database, with the
 * simulator as QuickBooks in this process, so a test can count every call the replicas made together.
 */
import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import type { SyncRunView } from '../../../src/sync';
import { freePort, spawnService, waitForOk, type ChildService } from '../../support/child-service';
import { authorizeInBrowser, startSimulator, tempDataDir, type SimulatorHandle } from '../../support/harness';
import type { SimulatorOptions } from '../../../src/simulator';
import { apiAt, eventually, SYNC_TEST_ENV, type Api } from '../sync/sync-rig';

/** Short leases, so failover tests take seconds (README "Several replicas": LEASE_TTL_MS). */
export const TEST_LEASE_TTL_MS = 3000;
export const VERIFIER_TOKEN = 'replica-test-verifier-token';

export interface Replica {
  readonly index: number;
  readonly api: Api;
  readonly service: ChildService;
}

export interface ReplicaHealth {
  readonly status: string;
  readonly replica: { readonly id: string; readonly companies: Record<string, { readonly role: 'leader' | 'follower'; readonly generation: number | null }> };
}

export interface ReplicaRig {
  readonly sim: SimulatorHandle;
  readonly url: string;
  readonly replicas: Replica[];
  /** Starts replica `index` (`databaseUrl`: another way to the same database, such as a TCP proxy's). */
  start(index: number, databaseUrl?: string): Promise<Replica>;
  /** Connects the simulator's company through replica `via` (the browser flow); resolves once it serves. */
  connect(via: Replica): Promise<void>;
  health(replica: Replica): Promise<ReplicaHealth>;
  /** The replica that leads the company, once exactly one of `among` says so. */
  leader(among?: readonly Replica[], timeoutMs?: number): Promise<Replica>;
  /** Every call the simulator answered on a route (`query`, `cdc`, `token`…). */
  calls(route: string): number;
  /** A signed CloudEvents webhook for one customer, posted to `to`. */
  webhook(to: Replica, customerId: string): Promise<number>;
  /** Runs SQL on the replicas' database (as the superuser). */
  sql<T extends Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export async function startReplicaRig(url: string, simulator: SimulatorOptions = {}): Promise<ReplicaRig> {
  const sim = await startSimulator(simulator);
  const replicas: Replica[] = [];
  const dirs: { dir: string; remove: () => void }[] = [];
  const admin = new Client({ connectionString: url });
  await admin.connect();
  admin.on('error', () => undefined); // the database is dropped WITH (FORCE) after the tests

  const start = async (index: number, databaseUrl = url): Promise<Replica> => {
    const port = await freePort();
    const dir = (dirs[index] ??= tempDataDir()).dir;
    const env = { ...sim.env, ...SYNC_TEST_ENV, DATABASE_URL: databaseUrl, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', LEASE_TTL_MS: String(TEST_LEASE_TTL_MS), QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER_TOKEN };
    const service = spawnService(env, dir);
    const api = apiAt(`http://127.0.0.1:${port}`);
    await waitForOk(`${api.url}/api/health`, 20_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${service.output()}`);
    });
    const replica = { index, api, service };
    replicas[index] = replica;
    return replica;
  };
  const health = async (replica: Replica) => (await replica.api.get('/api/health')).body as ReplicaHealth;
  const realmId = sim.simulator.realmId;

  return {
    sim,
    url,
    replicas,
    start,
    async connect(via) {
      const connect = await via.api.post('/api/auth/connect');
      const callback = await via.api.get(`/callback${await authorizeInBrowser(connect.body.authorize_url as string)}`);
      if (callback.status !== 302) throw new Error(`callback answered ${callback.status}`);
      await waitForOk(`${via.api.url}/api/health/ready`, 30_000);
    },
    health,
    async leader(among = replicas.filter(Boolean), timeoutMs = 4 * TEST_LEASE_TTL_MS) {
      return eventually(
        async () => {
          const roles = await Promise.all(among.map(async (replica) => ({ replica, role: (await health(replica)).replica.companies[realmId]?.role })));
          const leaders = roles.filter(({ role }) => role === 'leader');
          return leaders.length === 1 ? leaders[0]!.replica : undefined;
        },
        timeoutMs,
        100,
      );
    },
    calls: (route) => Object.values(sim.simulator.control.counters().requests[route] ?? {}).reduce((sum, n) => sum + n, 0),
    async webhook(to, customerId) {
      const body = JSON.stringify([
        { specversion: '1.0', id: `customer-${customerId}-${Date.now()}`, source: 'intuit.test', type: 'qbo.customer.updated.v1', time: new Date().toISOString(), intuitentityid: customerId, intuitaccountid: realmId, data: {} },
      ]);
      const signature = createHmac('sha256', VERIFIER_TOKEN).update(body).digest('base64');
      const res = await to.api.call('POST', '/api/webhooks/quickbooks', { body, admin: false, headers: { 'Content-Type': 'application/json', 'intuit-signature': signature } });
      return res.status;
    },
    async sql(text, values) {
      return (await admin.query(text, values)).rows;
    },
    async close() {
      // REPLICA_LOGS=<folder>: each replica's log written there (replica-<index>.log), to read after a failure.
      const logs = process.env.REPLICA_LOGS;
      if (logs) for (const replica of replicas.filter(Boolean)) writeFileSync(path.join(logs, `replica-${replica.index}.log`), replica.service.output());
      await Promise.all(replicas.filter(Boolean).map((replica) => replica.service.stop('SIGKILL')));
      await admin.end().catch(() => undefined);
      await sim.close();
      for (const dir of dirs) dir.remove();
    },
  };
}

/** The run a refresh answered with (wait=true), failing with the replica's answer otherwise. */
export async function refreshVia(replica: Replica, query = ''): Promise<SyncRunView> {
  const res = await replica.api.post(`/api/cache/refresh${query}`);
  if (res.status !== 200) throw new Error(`refresh on replica ${replica.index} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return (res.body as { sync: SyncRunView }).sync;
}

/** The `total` of a search on a replica (throws unless it answered 200). */
export async function searchTotal(replica: Replica, path: string): Promise<number> {
  const res = await replica.api.call('GET', path, { admin: false });
  if (res.status !== 200) throw new Error(`${path} on replica ${replica.index} answered ${res.status}`);
  return (res.body as { total: number }).total;
}
