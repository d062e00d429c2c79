/**
 * Several companies in one process (README, Several companies): one big company and many small ones.
 *
 *   npm run bench -- companies-scale [--small 50 --small-customers 2000 --small-vendors 100 --small-items 500
 *     --small-invoices 3000] [--customers 100000 --vendors 10000 --items 50000 --invoices 200000] [--rate 200]
 *     ["--node-flags=--max-semi-space-size=1"] [--service-env MALLOC_ARENA_MAX=2]...
 *
 * The simulator (its own process) holds the big company (first realm) and `--small` more; the service runs as
 * `npm start` does, in live mode against it. Measured:
 * - RSS: after start with no company, after the small companies' first syncs (their overhead, per company), and after
 *   the big one's, each 10 s after the last sync so the heap settles;
 * - a quiet hour: with CACHE_REFRESH_CRON every minute, the simulator's API calls per company over one run of the
 *   schedule (spread over half the interval; counted from 5 s before a minute to 45 s into it), which must be one CDC
 *   call each;
 * - searches of a small company at `--rate` a second (open loop, latency from each request's due time) while the
 *   big company runs a full sync;
 * - a warm restart of all of them: from the new process's start until every company serves (GET /api/companies), with
 *   the API calls made until then, against the sum of their first full syncs.
 */
import { parseArgs } from 'node:util';
import { ADMIN, cachedEntities, rssMb, sleep, SIZE_OPTIONS, sizesOf, start, until, type Started, type SyncView } from './live-rig';
import { freePort, startArgs } from '../test/support/child-service';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const { values } = parseArgs({
  options: {
    ...SIZE_OPTIONS,
    small: { type: 'string', default: '50' },
    'small-customers': { type: 'string', default: '2000' },
    'small-vendors': { type: 'string', default: '100' },
    'small-items': { type: 'string', default: '500' },
    'small-invoices': { type: 'string', default: '3000' },
    rate: { type: 'string', default: '200' },
    // Experiments on what a company costs: V8 flags after npm start's, and environment variables of the service.
    'node-flags': { type: 'string' },
    'service-env': { type: 'string', multiple: true },
  },
});

interface Company {
  realm_id: string;
  state: string;
  health: string;
  counts: Record<string, number>;
  last_sync: SyncView | null;
}

async function main(): Promise<void> {
  const sizes = sizesOf(values);
  const small = Number(values.small);
  const root = path.resolve(__dirname, '..');
  const simPort = await freePort();
  const sim = start(
    [
      'dist/simulator/cli.js', '--port', String(simPort), '--control', '--customers', sizes.customers, '--vendors', sizes.vendors, '--items', sizes.items,
      '--invoices', sizes.invoices, '--estimates', '0', '--purchase-orders', '0', '--bills', '0', '--more-companies', String(small),
      '--more-customers', values['small-customers']!, '--more-vendors', values['small-vendors']!, '--more-items', values['small-items']!,
      '--more-invoices', values['small-invoices']!,
    ],
    {},
    root,
  );
  const simOut = await until(async () => (sim.output().includes('QUICKBOOKS_REVOKE_URL=') ? sim.output() : undefined), 600_000, 'the simulator');
  const simUrl = `http://127.0.0.1:${simPort}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qbo-companies-'));
  const appPort = await freePort();
  const base = `http://127.0.0.1:${appPort}`;
  const env: Record<string, string> = {
    PORT: String(appPort),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SECRET_KEY: 'bench-secret-key-0123456789abcdef',
    ADMIN_API_KEY: ADMIN,
    LOG_LEVEL: 'warn',
    QUICKBOOKS_ENTITIES: cachedEntities(sizes).join(','),
    // The quiet hour, one minute long: every company's incremental refresh, spread over 30 s.
    CACHE_REFRESH_CRON: '* * * * *',
    FULL_SYNC_CRON: '0 0 1 1 *',
    ...Object.fromEntries((values['service-env'] ?? []).map((pair) => pair.split('=', 2) as [string, string])),
  };
  for (const line of simOut.split('\n')) {
    const match = /^(APP_MODE|QUICKBOOKS_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  const admin = { 'X-API-Key': ADMIN };
  // The OAuth routes allow 60 requests a minute per client: 51 connections in a row meet that limit, and wait as
  // the answer's Retry-After says, like any client.
  const json = async <T>(url: string, init?: RequestInit): Promise<T> => {
    for (;;) {
      const res = await fetch(url, init);
      if (res.status === 429) {
        await sleep(1000 * Number(res.headers.get('retry-after') ?? '5'));
        continue;
      }
      if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as T;
    }
  };
  const companies = async () => (await json<{ companies: Company[] }>(`${base}/api/companies`, { headers: admin })).companies;
  const counters = async () => json<{ apiRequestsByRealm: Record<string, number> }>(`${simUrl}/__control/counters`);
  const startService = (): Started => {
    const args = startArgs();
    const main = args.pop()!;
    return start([...args, ...(values['node-flags']?.split(/\s+/).filter(Boolean) ?? []), main], env, dataDir);
  };
  const settledRss = async (pid: number) => {
    await sleep(10_000);
    return Math.round(rssMb(pid));
  };

  const first = startService();
  const pid = first.child.pid!;
  await until(async () => ((await fetch(`${base}/api/health`)).ok ? true : undefined), 60_000, 'the service');
  const rssEmpty = await settledRss(pid);

  /** Connects the company the simulated user picks, and waits for its first full sync. */
  const connect = async (realmId: string): Promise<SyncView> => {
    await fetch(`${simUrl}/__control/connect-next/${realmId}`, { method: 'POST' });
    const { authorize_url } = await json<{ authorize_url: string }>(`${base}/api/auth/connect`, { method: 'POST', headers: admin });
    const location = (await fetch(authorize_url, { redirect: 'manual' })).headers.get('location')!;
    for (;;) {
      const callback = await fetch(`${base}/callback${new URL(location).search}`, { redirect: 'manual' });
      if (callback.status !== 429) break;
      await sleep(1000 * Number(callback.headers.get('retry-after') ?? '5'));
    }
    return until(async () => {
      const { syncs } = await json<{ syncs: SyncView[] }>(`${base}/api/companies/${realmId}/sync/history?limit=1`, { headers: admin });
      return syncs[0] && syncs[0].status !== 'running' ? syncs[0] : undefined;
    }, 1_800_000, `the first full sync of ${realmId}`, 500);
  };
  const bigRealm = /company (\d+)|companies (\d+)/.exec(simOut);
  const realms = Array.from({ length: small }, (_, i) => String(4620816365100000 + i));
  const big = bigRealm?.[1] ?? bigRealm?.[2] ?? '';
  const syncMs = (run: SyncView) => Date.parse(run.finished_at ?? run.started_at) - Date.parse(run.started_at);

  const smallRuns: SyncView[] = [];
  for (const realmId of realms) smallRuns.push(await connect(realmId));
  const rssSmall = await settledRss(pid);
  const bigRun = await connect(big);
  const rssAll = await settledRss(pid);

  // The quiet hour: one run of the minute's schedule for every company, nothing changed at QuickBooks. The counters
  // reset 5 s before a minute starts, when the previous run's 30 s spread is over, and are read 45 s into the minute:
  // a reset at any other second would count the end of one run and all of the next for the companies after it.
  await until(async () => (new Date().getSeconds() === 55 ? true : undefined), 70_000, "a minute's end", 200);
  await fetch(`${simUrl}/__control/counters/reset`, { method: 'POST' });
  await sleep(50_000);
  const quiet = (await counters()).apiRequestsByRealm;
  const quietCalls = [big, ...realms].map((realmId) => quiet[realmId] ?? 0);
  const quietOff = [big, ...realms].filter((realmId) => (quiet[realmId] ?? 0) !== 1).map((realmId) => `${realmId}: ${quiet[realmId] ?? 0}`);

  // Searches of a small company while the big one runs a full sync.
  const target = realms[0]!;
  const queries = ['a', 'ac', 'acm', 'acme', 'b', 'ba', 'c', 'co', 'd', 'de', 'm', 'ma', 'mi', 's', 'st', 'su'];
  const idleTotals = new Map<string, number>();
  for (const q of queries) idleTotals.set(q, (await json<{ total: number }>(`${base}/api/companies/${target}/search/client_names?q=${q}`)).total);
  const { sync_id } = await json<{ sync_id: string }>(`${base}/api/companies/${big}/cache/refresh?mode=full&wait=false`, { method: 'POST', headers: admin });
  const latencies: number[] = [];
  let wrong = 0;
  const interval = 1000 / Number(values.rate);
  const startedAt = performance.now();
  let running = true;
  const inFlight: Promise<void>[] = [];
  const watch = (async () => {
    await until(async () => {
      const run = await json<SyncView>(`${base}/api/sync/${sync_id}`, { headers: admin });
      return run.status !== 'running' ? run : undefined;
    }, 1_800_000, 'the big full sync', 1000);
    running = false;
  })();
  for (let n = 0; running; n++) {
    const due = startedAt + n * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const q = queries[n % queries.length]!;
    inFlight.push(
      fetch(`${base}/api/companies/${target}/search/client_names?q=${q}`).then(async (res) => {
        const body = (await res.json()) as { total: number };
        if (res.status !== 200 || body.total !== idleTotals.get(q)) wrong++;
        latencies.push(performance.now() - due);
      }),
    );
  }
  await watch;
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  const pick = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 10) / 10;

  // The warm restart.
  first.child.kill('SIGTERM');
  await new Promise((resolve) => first.child.once('exit', resolve));
  await fetch(`${simUrl}/__control/counters/reset`, { method: 'POST' });
  const restartAt = Date.now();
  const second = startService();
  const allServing = await until(async () => {
    const list = await companies();
    return list.length === small + 1 && list.every((company) => company.state !== 'empty') ? list : undefined;
  }, 1_800_000, 'every company serving after the restart', 100);
  const warmMs = Date.now() - restartAt;
  const callsAtReady = Object.values((await counters()).apiRequestsByRealm).reduce((a, b) => a + b, 0);
  const rssWarm = await settledRss(second.child.pid!);
  second.child.kill('SIGTERM');
  sim.child.kill('SIGTERM');

  const fullSum = smallRuns.reduce((sum, run) => sum + syncMs(run), 0) + syncMs(bigRun);
  console.log(
    JSON.stringify(
      {
        date: new Date().toISOString(),
        node: process.version,
        node_flags: values['node-flags'] ?? null,
        service_env: values['service-env'] ?? [],
        companies: { big: { realm: big, sizes }, small: { count: small, sizes: { customers: values['small-customers'], vendors: values['small-vendors'], items: values['small-items'], invoices: values['small-invoices'] } } },
        rss_mb: {
          no_company: rssEmpty,
          small_loaded: rssSmall,
          all_loaded: rssAll,
          small_overhead_total: rssSmall - rssEmpty,
          small_overhead_each: Math.round(((rssSmall - rssEmpty) / small) * 10) / 10,
          goal_small_total_at_most: 750,
          after_warm_restart: rssWarm,
        },
        first_full_syncs: { small_ms_median: smallRuns.map(syncMs).sort((a, b) => a - b)[Math.floor(small / 2)], big_ms: syncMs(bigRun), sum_ms: fullSum, api_calls: smallRuns.reduce((s, r) => s + r.api_calls, 0) + bigRun.api_calls },
        quiet_hour: { calls_per_company_min: Math.min(...quietCalls), calls_per_company_max: Math.max(...quietCalls), companies: quietCalls.length, not_one: quietOff, goal: 1 },
        searches_of_a_small_company_during_the_big_full_sync: {
          requests: latencies.length,
          rate_per_s: Number(values.rate),
          p50_ms: pick(0.5),
          p99_ms: pick(0.99),
          max_ms: pick(1),
          wrong_or_non_200: wrong,
          goal: 'p99 <= 25 ms, none over 100 ms',
        },
        warm_restart: { all_serving_ms: warmMs, api_calls_until_then: callsAtReady, ratio_to_full_syncs: Math.round((warmMs / fullSum) * 1000) / 1000, goal_at_most: 0.25, companies: allServing.length },
      },
      null,
      2,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
