/**
 * What the live-mode benchmarks share: the simulator CLI in its own process with a given company, the service as
 * `npm start`'s command (startArgs: `node <V8 flags> dist/main.js`) in live mode pointed at it (a fresh DATA_DIR), and the first connect through the OAuth flow.
 * Nothing but loopback is contacted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startArgs } from '../test/support/child-service';

export const ROOT = path.resolve(__dirname, '..');
export const ADMIN = 'bench-admin-key-0123456789';

export interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
}

export interface SyncView {
  id: string;
  mode: string;
  status: string;
  api_calls: number;
  started_at: string;
  finished_at: string | null;
  records: number;
  progress: { total: number };
}

/**
 * `parseArgs` options for the company's size; defaults are the issues' benchmark scale. Estimates, purchase orders
 * and bills default to none: the service then caches the four default entities. Give any of them and it caches all
 * seven (`QUICKBOOKS_ENTITIES`).
 */
export const SIZE_OPTIONS = {
  customers: { type: 'string', default: '100000' },
  vendors: { type: 'string', default: '10000' },
  items: { type: 'string', default: '50000' },
  invoices: { type: 'string', default: '200000' },
  estimates: { type: 'string', default: '0' },
  'purchase-orders': { type: 'string', default: '0' },
  bills: { type: 'string', default: '0' },
} as const;

export interface Sizes {
  readonly customers: string;
  readonly vendors: string;
  readonly items: string;
  readonly invoices: string;
  readonly estimates?: string;
  readonly purchase_orders?: string;
  readonly bills?: string;
}

/** The sizes parsed from SIZE_OPTIONS. */
export function sizesOf(values: { readonly [K in keyof typeof SIZE_OPTIONS]?: string }): Sizes {
  return {
    customers: values.customers ?? '0',
    vendors: values.vendors ?? '0',
    items: values.items ?? '0',
    invoices: values.invoices ?? '0',
    estimates: values.estimates ?? '0',
    purchase_orders: values['purchase-orders'] ?? '0',
    bills: values.bills ?? '0',
  };
}

/** The entities the service caches for these sizes (SIZE_OPTIONS), keyed like `QUICKBOOKS_ENTITIES`. */
export function cachedEntities(sizes: Sizes): Array<keyof Sizes> {
  const extra = Number(sizes.estimates ?? 0) + Number(sizes.purchase_orders ?? 0) + Number(sizes.bills ?? 0) > 0;
  return extra ? ['customers', 'vendors', 'items', 'invoices', 'estimates', 'purchase_orders', 'bills'] : ['customers', 'vendors', 'items', 'invoices'];
}

export function start(args: string[], env: Record<string, string>, cwd: string, node = process.execPath): Started {
  const child = spawn(node, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

export interface LiveRig {
  readonly dataDir: string;
  readonly sim: Started;
  /** The service's environment: live mode against the simulator. */
  readonly env: Record<string, string>;
  readonly base: string;
  readonly admin: Record<string, string>;
  /** Milliseconds the simulator took to generate the company. */
  readonly generationMs: number;
  json<T>(url: string, init?: RequestInit): Promise<T>;
  startService(nodeFlags?: readonly string[]): Started;
  /**
   * One more service on the same simulator, on a free port with a DATA_DIR of its own: `main` in place of this
   * checkout's dist/main.js (another build, run with the same node flags), `nodeFlags` after npm start's (so they
   * override them), `env` over the rig's, `node` in place of this node binary.
   */
  startAnother(options: { nodeFlags?: readonly string[]; main?: string; env?: Record<string, string>; node?: string }): Promise<Started & { base: string }>;
  /** Waits for the service, connects through the OAuth flow (which starts the first full sync) and waits for that sync. */
  connectAndSync(service: Started, at?: string): Promise<SyncView>;
}

export async function startLiveRig(sizes: Sizes): Promise<LiveRig> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qbo-bench-'));
  const simPort = 18000 + Math.floor(Math.random() * 1000);
  const appPort = simPort + 1000;
  const generationStarted = Date.now();
  const sim = start(
    [
      'dist/simulator/cli.js', '--port', String(simPort), '--customers', sizes.customers, '--vendors', sizes.vendors, '--items', sizes.items,
      '--invoices', sizes.invoices, '--estimates', sizes.estimates ?? '0', '--purchase-orders', sizes.purchase_orders ?? '0', '--bills', sizes.bills ?? '0',
    ],
    {},
    ROOT,
  );
  const simEnv = await until(async () => (sim.output().includes('QUICKBOOKS_REVOKE_URL=') ? sim.output() : undefined), 300_000, 'the simulator');
  const generationMs = Date.now() - generationStarted;
  const env: Record<string, string> = {
    PORT: String(appPort),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SECRET_KEY: 'bench-secret-key-0123456789abcdef',
    ADMIN_API_KEY: ADMIN,
    LOG_LEVEL: 'warn',
    QUICKBOOKS_ENTITIES: cachedEntities(sizes).join(','),
    // BENCH_DATABASE_URL: the same benchmark with the store in PostgreSQL (an empty database; BENCHMARKS.md).
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
  };
  for (const line of simEnv.split('\n')) {
    const match = /^(APP_MODE|QUICKBOOKS_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  const base = `http://127.0.0.1:${appPort}`;
  const admin = { 'X-API-Key': ADMIN };
  const json = async <T>(url: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(url, init);
    if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  return {
    dataDir,
    sim,
    env,
    base,
    admin,
    generationMs,
    json,
    startService: (nodeFlags = []) => start([...nodeFlags, ...startArgs()], env, dataDir),
    async startAnother({ nodeFlags = [], main, env: extra = {}, node }) {
      const port = await freePort();
      const dir = mkdtempSync(path.join(dataDir, 'service-'));
      const args = startArgs();
      const script = args.pop()!;
      // After npm start's flags, so that a given flag overrides its value there (V8 takes the last one).
      const started = start([...args, ...nodeFlags, main ?? script], { ...env, ...extra, PORT: String(port), DATA_DIR: dir }, dir, node);
      return { ...started, base: `http://127.0.0.1:${port}` };
    },
    async connectAndSync(service, at = base) {
      await until(async () => ((await fetch(`${at}/api/health`)).ok ? true : undefined), 30_000, 'the service').catch((err: unknown) => {
        console.error(service.output());
        throw err;
      });
      const { authorize_url } = await json<{ authorize_url: string }>(`${at}/api/auth/connect`, { method: 'POST', headers: admin });
      const location = (await fetch(authorize_url, { redirect: 'manual' })).headers.get('location')!;
      await fetch(`${at}/callback${new URL(location).search}`, { redirect: 'manual' });
      // Polled once a second: admin reads are rate-limited to 600 a minute.
      return until(async () => {
        const { syncs } = await json<{ syncs: SyncView[] }>(`${at}/api/sync/history?limit=1`, { headers: admin });
        return syncs[0] && syncs[0].status !== 'running' ? syncs[0] : undefined;
      }, 900_000, 'the first full sync', 1000);
    },
  };
}
