/**
 * Several replicas benchmark (README "Several replicas"): three replicas as child processes (`npm start`'s command)
 * on one PostgreSQL (BENCH_DATABASE_URL: an empty database), the simulator CLI as QuickBooks (with `--control`, for
 * its counters and record edits). Figures, as JSON:
 * - QuickBooks calls of the first full sync, all replicas together (a COUNT and ⌈n/1000⌉ pages per entity);
 * - a new replica's time to ready (an empty DATA_DIR: the snapshot and the shared search images from the database)
 *   against the full sync's (goal ≤ 0.25×), two started one after the other, and the QuickBooks and token calls
 *   meanwhile (goal 0 by the new replicas; the leader's minute schedule still runs);
 * - QuickBooks calls of one quiet refresh cycle, all replicas together (CACHE_REFRESH_CRON every minute: goal 1);
 * - commit-to-searchable lag on the followers: a delta (a customer renamed at QuickBooks, `POST /api/cache/refresh`
 *   on the leader; from its answer until each follower's search finds the new name), `--deltas` times; a full sync
 *   (`--fulls` times): from the leader's answer until each follower serves the new generation;
 * - search latency on a follower at `--rate` a second (open loop: from each request's due time, so a backlog counts)
 *   from the full sync's start until the follower has taken it in (goal p99 ≤ 25 ms, none over 100 ms; every answer
 *   200 with the total it had before).
 *
 *   BENCH_DATABASE_URL=postgres://… npm run bench -- replicas [--customers N …] [--deltas 20] [--fulls 2] [--rate 200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { freePort, startArgs } from '../test/support/child-service';
import { ADMIN, cachedEntities, rssMb, SIZE_OPTIONS, sizesOf, sleep, start, until, type Started, type SyncView } from './live-rig';
import { typeaheadMix } from './typeahead-queries';

const { values } = parseArgs({
  options: {
    ...SIZE_OPTIONS,
    deltas: { type: 'string', default: '20' },
    fulls: { type: 'string', default: '2' },
    rate: { type: 'string', default: '200' },
    clients: { type: 'string', default: '16' },
  },
});

interface Replica extends Started {
  readonly name: string;
  readonly base: string;
}
interface Health {
  status: string;
  replica: { id: string; companies: Record<string, { role: string; generation: number | null }> };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const pct = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return round1(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN);
};

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) throw new Error('set BENCH_DATABASE_URL to an empty PostgreSQL database (BENCHMARKS.md says how)');
  const sizes = sizesOf(values);
  const root = path.resolve(__dirname, '..');
  const simPort = await freePort();
  const sim = start(
    [
      'dist/simulator/cli.js', '--port', String(simPort), '--control', '--customers', sizes.customers, '--vendors', sizes.vendors, '--items', sizes.items,
      '--invoices', sizes.invoices, '--estimates', '0', '--purchase-orders', '0', '--bills', '0',
    ],
    {},
    root,
  );
  const simOut = await until(async () => (sim.output().includes('QUICKBOOKS_REVOKE_URL=') ? sim.output() : undefined), 600_000, 'the simulator');
  const simUrl = `http://127.0.0.1:${simPort}`;
  const top = mkdtempSync(path.join(os.tmpdir(), 'qbo-replicas-'));
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    SECRET_KEY: 'bench-secret-key-0123456789abcdef',
    ADMIN_API_KEY: ADMIN,
    LOG_LEVEL: 'warn',
    QUICKBOOKS_ENTITIES: cachedEntities(sizes).join(','),
    DATABASE_URL: databaseUrl,
    // One quiet cycle a minute; the daily full sync off.
    CACHE_REFRESH_CRON: '* * * * *',
    FULL_SYNC_CRON: '0 0 1 1 *',
  };
  for (const line of simOut.split('\n')) {
    const match = /^(APP_MODE|QUICKBOOKS_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) env[match[1]!] = match[2]!;
  }
  const admin = { 'X-API-Key': ADMIN };
  const json = async <T>(url: string, init?: RequestInit): Promise<T> => {
    const res = await fetch(url, init);
    if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const counters = async () => json<{ apiRequestsByRealm: Record<string, number>; tokenGrants: Record<string, number>; requests: Record<string, Record<string, number>> }>(`${simUrl}/__control/counters`);
  const resetCounters = () => fetch(`${simUrl}/__control/counters/reset`, { method: 'POST' });
  const apiCalls = async () => Object.values((await counters()).apiRequestsByRealm).reduce((sum, n) => sum + n, 0);
  const replicas: Replica[] = [];
  const startReplica = async (name: string): Promise<Replica> => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(top, `${name}-`));
    const replica = { ...start(startArgs(), { ...env, PORT: String(port), DATA_DIR: dir }, dir), name, base: `http://127.0.0.1:${port}` };
    replicas.push(replica);
    await until(async () => ((await fetch(`${replica.base}/api/health`)).ok ? true : undefined), 60_000, `replica ${name}`);
    return replica;
  };
  const health = (replica: Replica) => json<Health>(`${replica.base}/api/health`);
  let realmId = '';
  const generation = async (replica: Replica) => (await health(replica)).replica.companies[realmId]?.generation ?? null;
  const search = (replica: Replica, q: string) => json<{ total: number }>(`${replica.base}/api/search/client_names?q=${encodeURIComponent(q)}`);

  try {
    // The first full sync, through replica a.
    const a = await startReplica('a');
    await resetCounters();
    const { authorize_url } = await json<{ authorize_url: string }>(`${a.base}/api/auth/connect`, { method: 'POST', headers: admin });
    const location = (await fetch(authorize_url, { redirect: 'manual' })).headers.get('location')!;
    await fetch(`${a.base}/callback${new URL(location).search}`, { redirect: 'manual' });
    const first = await until(async () => {
      const { syncs } = await json<{ syncs: SyncView[] }>(`${a.base}/api/sync/history?limit=1`, { headers: admin });
      return syncs[0] && syncs[0].status !== 'running' ? syncs[0] : undefined;
    }, 1_800_000, 'the first full sync', 1000);
    if (first.status !== 'succeeded') throw new Error(`the first full sync ${first.status}`);
    const fullSyncMs = Date.parse(first.finished_at!) - Date.parse(first.started_at);
    const fullSyncCalls = await apiCalls();
    realmId = Object.keys((await health(a)).replica.companies)[0]!;

    // The leader's search images reach the database after its swap: then two new replicas, one after the other, on
    // empty DATA_DIRs, ready from the database.
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const wantedImages = cachedEntities(sizes).length === 4 ? 6 : 9;
    await until(async () => (Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM search_images')).rows[0]?.n) >= wantedImages ? true : undefined), 300_000, 'the shared images', 500);
    await db.end();
    await resetCounters();
    const readyMs: number[] = [];
    const followers: Replica[] = [];
    for (const name of ['b', 'c']) {
      const started = performance.now();
      const replica = await startReplica(name);
      await until(async () => ((await fetch(`${replica.base}/api/health/ready`)).ok ? true : undefined), 600_000, `replica ${name} ready`, 100);
      readyMs.push(Math.round(performance.now() - started));
      followers.push(replica);
    }
    const [b] = followers;
    const atReady = await counters();
    const rss = Object.fromEntries(replicas.map((replica) => [replica.name, Math.round(rssMb(replica.child.pid!))]));

    // One quiet refresh cycle: the counters reset 5 s before a minute starts, read 45 s into it (one run of the cron).
    await until(async () => (new Date().getSeconds() === 55 ? true : undefined), 70_000, 'a minute\'s end', 200);
    await resetCounters();
    await sleep(50_000);
    const quiet = await counters();

    // Deltas: a customer renamed at QuickBooks, refreshed on the leader; lag until each follower finds the name.
    const deltaLags: number[] = [];
    for (let k = 1; k <= Number(values.deltas); k++) {
      const name = `Lagprobe${k} Zyxwv`;
      await fetch(`${simUrl}/__control/records/Customer/${k + 10}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ DisplayName: name }) });
      const res = await json<{ sync: SyncView }>(`${a.base}/api/cache/refresh?mode=incremental`, { method: 'POST', headers: admin });
      if (res.sync.status !== 'succeeded') throw new Error(`delta ${k}: ${res.sync.status}`);
      const committed = performance.now();
      await Promise.all(
        followers.map(async (follower) => {
          await until(async () => ((await search(follower, `lagprobe${k}`)).total >= 1 ? true : undefined), 60_000, `delta ${k} on ${follower.name}`, 5);
          deltaLags.push(Math.round(performance.now() - committed));
        }),
      );
    }

    // Full syncs on the leader, with an open-loop search load on follower b meanwhile.
    const names = (await json<{ results: Array<{ DisplayName: string }> }>(`${b!.base}/api/data/customers?limit=200`, { headers: admin })).results.map((row) => row.DisplayName);
    const { queries } = typeaheadMix(names, 300, 7);
    const expected = new Map<string, number>();
    for (const q of queries) expected.set(q, (await search(b!, q)).total);
    const fullRuns: Array<{ lag_ms: number[]; search: Record<string, unknown>; leader_sync_ms: number }> = [];
    for (let k = 1; k <= Number(values.fulls); k++) {
      const before = await generation(b!);
      let stop = false;
      const latencies: number[] = [];
      let non200 = 0;
      let wrong = 0;
      const intervalMs = (1000 * Number(values.clients)) / Number(values.rate);
      const load = Promise.all(
        Array.from({ length: Number(values.clients) }, async (_, id) => {
          let due = performance.now() + (id * intervalMs) / Number(values.clients);
          for (let i = id * 31; !stop; i++, due += intervalMs) {
            if (due > performance.now()) await sleep(due - performance.now());
            const q = queries[i % queries.length]!;
            try {
              const res = await fetch(`${b!.base}/api/search/client_names?q=${encodeURIComponent(q)}`, { signal: AbortSignal.timeout(60_000) });
              const body = (await res.json()) as { total?: number };
              if (res.status !== 200) non200++;
              else if (body.total !== expected.get(q)) wrong++;
            } catch {
              non200++;
            }
            latencies.push(performance.now() - due);
            dues.push(due);
          }
        }),
      );
      const dues: number[] = [];
      const started = performance.now();
      const res = await json<{ sync: SyncView }>(`${a.base}/api/cache/refresh?mode=full`, { method: 'POST', headers: admin });
      if (res.sync.status !== 'succeeded') throw new Error(`full ${k}: ${res.sync.status}`);
      const committed = performance.now();
      const target = await generation(a);
      const lags: number[] = [];
      await Promise.all(
        followers.map(async (follower) => {
          await until(async () => ((await generation(follower)) === target ? true : undefined), 600_000, `full ${k} on ${follower.name}`, 20);
          lags.push(Math.round(performance.now() - committed));
        }),
      );
      if (before === target) throw new Error('the full sync did not change the generation');
      const takenIn = performance.now();
      await sleep(2000);
      stop = true;
      await load;
      // Split by phase: while the leader pulled and committed, and while the followers took the new generation in.
      const phase = (from: number, to: number) => {
        const picked = latencies.filter((_, i) => dues[i]! >= from && dues[i]! < to);
        return { requests: picked.length, p99_ms: pct(picked, 99), max_ms: round1(Math.max(...picked)), over_100ms: picked.filter((ms) => ms > 100).length };
      };
      fullRuns.push({
        lag_ms: lags,
        leader_sync_ms: Math.round(committed - started),
        search: {
          requests: latencies.length,
          p50_ms: pct(latencies, 50),
          p99_ms: pct(latencies, 99),
          max_ms: round1(Math.max(...latencies)),
          over_100ms: latencies.filter((ms) => ms > 100).length,
          non_200: non200,
          wrong_total: wrong,
          during_leader_sync: phase(started, committed),
          during_take_in: phase(committed, takenIn),
        },
      });
    }

    console.log(
      JSON.stringify(
        {
          sizes,
          replicas: 3,
          first_full_sync: { api_calls_all_replicas: fullSyncCalls, records: first.records, ms: fullSyncMs },
          new_replica_ready: { ms: readyMs, ratio_to_full_sync: readyMs.map((ms) => Math.round((ms / fullSyncMs) * 1000) / 1000), goal_at_most: 0.25, api_calls_by_route: atReady.requests, token_grants: atReady.tokenGrants, note: 'calls while the new replicas started: the leader\'s minute schedule (cdc) included' },
          rss_mb_after_ready: rss,
          quiet_refresh_cycle: { api_calls_all_replicas: Object.values(quiet.apiRequestsByRealm).reduce((s, n) => s + n, 0), token_grants: quiet.tokenGrants, goal: 1 },
          delta_lag_ms: { count: deltaLags.length, p50: pct(deltaLags, 50), p99: pct(deltaLags, 99), max: Math.max(...deltaLags) },
          full_syncs: fullRuns,
        },
        null,
        2,
      ),
    );
  } catch (err) {
    for (const replica of replicas) console.error(`--- replica ${replica.name}\n${replica.output().slice(-4000)}`);
    throw err;
  } finally {
    for (const replica of replicas) replica.child.kill('SIGKILL');
    sim.child.kill('SIGKILL');
    rmSync(top, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
