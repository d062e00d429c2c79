import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatorOptions } from '../../../src/simulator';
import type { SyncRunView } from '../../../src/sync';
import { ADMIN_KEY, authorizeInBrowser, startService, startSimulator, tempDataDir, type ServiceHandle, type SimulatorHandle } from '../../support/harness';

/**
 * Retries fast (the production policy, small numbers) and no schedule firing mid-test: the hourly refresh would
 * otherwise start an unexpected sync whenever a run crosses the top of the hour.
 */
export const SYNC_TEST_ENV = {
  QUICKBOOKS_RETRY_BASE_DELAY_MS: '5',
  QUICKBOOKS_RETRY_MAX_DELAY_MS: '50',
  QUICKBOOKS_MAX_ATTEMPTS: '5',
  CACHE_REFRESH_CRON: '0 0 1 1 *',
  FULL_SYNC_CRON: '0 0 1 1 *',
  TOKEN_CHECK_CRON: '0 0 1 1 *',
  LOG_LEVEL: 'info',
} as const;

export interface ApiAnswer {
  readonly status: number;
  // Each test states what it expects of the JSON it reads.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
  readonly headers: Headers;
  readonly ms: number;
}

/** The service's HTTP API over a real listening socket (concurrent callers need one server, not one per request). */
export interface Api {
  readonly url: string;
  call(method: string, path: string, init?: { body?: string; headers?: Record<string, string>; admin?: boolean }): Promise<ApiAnswer>;
  get(path: string): Promise<ApiAnswer>;
  post(path: string): Promise<ApiAnswer>;
}

export function apiAt(url: string): Api {
  const call: Api['call'] = async (method, path, init = {}) => {
    const started = performance.now();
    const headers: Record<string, string> = { ...(init.admin === false ? {} : { 'X-API-Key': ADMIN_KEY }), ...init.headers };
    const res = await fetch(`${url}${path}`, { method, headers, body: init.body, redirect: 'manual' });
    const text = await res.text();
    const ms = performance.now() - started;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (a redirect, a page): keep the text
    }
    return { status: res.status, body, headers: res.headers, ms };
  };
  return { url, call, get: (path) => call('GET', path), post: (path) => call('POST', path) };
}

export interface SyncRig {
  readonly sim: SimulatorHandle;
  readonly svc: ServiceHandle;
  readonly api: Api;
  readonly dataDir: string;
  /** The real code flow (connect → authorize → callback); resolves when the full sync it starts has finished. */
  connect(): Promise<SyncRunView>;
  /** Polls `GET /api/sync/:id` until the run is no longer running. */
  waitForSync(id: string, timeoutMs?: number): Promise<SyncRunView>;
  /** Stops the service (the simulator keeps running), e.g. before a restart on the same DATA_DIR. */
  stopService(): Promise<void>;
  close(): Promise<void>;
}

export interface SyncRigOptions {
  readonly simulator?: SimulatorOptions;
  readonly env?: Record<string, string>;
}

/** A simulator and the real service listening on loopback ports, sharing nothing but HTTP. */
export async function startSyncRig(options: SyncRigOptions = {}): Promise<SyncRig> {
  const sim = await startSimulator(options.simulator);
  const data = tempDataDir();
  const svc = await startService(sim.env, data.dir, { ...SYNC_TEST_ENV, ...options.env });
  const server = await listen(svc);
  const api = apiAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  let stopped = false;

  const waitForSync = async (id: string, timeoutMs = 20_000): Promise<SyncRunView> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await api.get(`/api/sync/${id}`);
      if (res.status !== 200) throw new Error(`GET /api/sync/${id} answered ${res.status}`);
      if (res.body.status !== 'running') return res.body as SyncRunView;
      if (Date.now() > deadline) throw new Error(`sync ${id} still running after ${timeoutMs} ms`);
      await sleep(40); // an admin route: 600 reads a minute per client (ADMIN_RATE_LIMITS), shared with the test's own
    }
  };

  const stopService = async () => {
    if (stopped) return;
    stopped = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await svc.close();
  };

  return {
    sim,
    svc,
    api,
    dataDir: data.dir,
    async connect() {
      const connect = await api.post('/api/auth/connect');
      if (connect.status !== 200) throw new Error(`connect answered ${connect.status}`);
      const callback = await api.get(`/callback${await authorizeInBrowser(connect.body.authorize_url as string)}`);
      if (callback.status !== 302) throw new Error(`callback answered ${callback.status}`);
      // The `connected` event started the full sync as the callback answered: it is the newest run, recorded as soon as
      // the store has written it (a moment later with PostgreSQL).
      const run = await eventually(async () => (await api.get('/api/sync/history?limit=1')).body.syncs[0] as SyncRunView | undefined, 5_000).catch(() => {
        throw new Error('connecting started no sync');
      });
      return waitForSync(run.id);
    },
    waitForSync,
    stopService,
    async close() {
      await stopService();
      await sim.close();
      data.remove();
    },
  };
}

async function listen(svc: ServiceHandle): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = svc.service.app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/** API requests the simulator answered (or saw dropped) on one route: `query`, `cdc`, `read`. */
export function requestsOn(sim: SimulatorHandle, route: string): number {
  return Object.values(sim.simulator.control.counters().requests[route] ?? {}).reduce((sum, n) => sum + n, 0);
}

const SP = '(%20|\\+| )';

/** Matches the query of a page (`SELECT * … STARTPOSITION n`) of one entity in the request URL, however it is encoded. */
export function pageOf(entity: string, startPosition: number): RegExp {
  return new RegExp(`select${SP}(\\*|%2A)${SP}from${SP}${entity}.*startposition${SP}${startPosition}(%20|\\+| |&|$)`, 'i');
}

/** Matches the `SELECT COUNT(*)` query of one entity. */
export function countOf(entity: string): RegExp {
  return new RegExp(`count.*from${SP}${entity}(%20|\\+| |&|$)`, 'i');
}

export const COUNT_KEYS = ['customers_count', 'vendors_count', 'items_count', 'invoices_count'] as const;

/** The four cached counts of a `/api/cache/status` answer, in one string so a mix of two snapshots is visible. */
export function countsKey(status: Record<string, unknown>): string {
  return COUNT_KEYS.map((key) => String(status[key])).join('/');
}

/** The simulator's record counts (inactive included) in the same form as `countsKey`. */
export function simulatorCountsKey(sim: SimulatorHandle): string {
  return (['Customer', 'Vendor', 'Item', 'Invoice'] as const).map((entity) => sim.simulator.control.countRecords(entity)).join('/');
}
