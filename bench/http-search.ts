/**
 * Search over HTTP with every production middleware (request metrics, request logging, security headers, CORS `*`,
 * query validation, error handling) against a bare Express 5 route, under a typeahead-like load.
 *
 * The simulator (its own process) holds a company of the given size; the service runs as `npm start` runs it, in
 * live mode against it, and is connected through the OAuth flow (a real full sync). The load is
 * `GET /api/search/client_names?q=…` over a rotation of distinct queries made from customer names read back from the
 * service (typeahead-queries.ts: 1–5-letter prefixes and two-word queries; seeded, so every run asks the same list),
 * each of the 50 connections starting at its own place in the rotation. The bare route answers, through `res.json`,
 * the body of the median-sized answer of that list, whatever is asked.
 * Each round runs the service (A), then the bare route (B), 10 s each, after a 3 s warm-up of both, so each pair sees
 * the same noise; every pair's ratios are printed. A second figure, labelled as such, asks one repeated query
 * (`q=ac`) against a bare route answering that query's body.
 * Goal (at 100k customers, 10k vendors, 50k items, 200k invoices): req/s ≥ 0.8× the bare route's, p99 ≤ 1.5×.
 *
 *   npm run bench -- http-search [--customers 100000 --vendors 10000 --items 50000 --invoices 200000]
 *     [--connections 50 --duration 10 --rounds 3 --repeated-rounds 2 --queries 400 --seed 1]
 *     [--compare label=/path/to/checkout ...]   another build (its dist/ built) as one more A in each round
 *     [--cache-off]                             one more A: this build with SEARCH_CACHE_MB=0 (every request searched)
 *     [--node-flags "--cpu-prof --cpu-prof-dir=/tmp/prof" --windows /tmp/prof/windows.json]
 *
 * `--windows` writes each load run's time span (CLOCK_MONOTONIC µs, the clock of V8's CPU profiles) with its server's
 * pid, so a profile can be cut to the load (cpu-profile-top.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Request } from 'autocannon';
import express from 'express';
import { freePort } from '../test/support/child-service';
import { createRandom } from '../test/support/seeded-random';
import { ROOT, SIZE_OPTIONS, sleep, startLiveRig, until, type Started } from './live-rig';
import { typeaheadMix } from './typeahead-queries';

const { values } = parseArgs({
  options: {
    ...SIZE_OPTIONS,
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    'repeated-rounds': { type: 'string', default: '2' },
    queries: { type: 'string', default: '400' },
    seed: { type: 'string', default: '1' },
    repeated: { type: 'string', default: 'ac' },
    compare: { type: 'string', multiple: true, default: [] },
    'cache-off': { type: 'boolean', default: false },
    'node-flags': { type: 'string', default: '' },
    'log-level': { type: 'string', default: 'info' },
    windows: { type: 'string' },
    'serve-bare': { type: 'string' },
    port: { type: 'string' },
  },
});

const SEARCH = '/api/search/client_names';
const pathOf = (q: string) => `${SEARCH}?q=${encodeURIComponent(q)}`;
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

interface Figures {
  readonly rps: number;
  readonly p99: number;
  readonly errors: number;
}
interface Server {
  readonly label: string;
  readonly base: string;
  readonly pid: number;
}

/** Child mode: the bare Express 5 route, answering the body stored in `file` to every search. */
function serveBare(file: string, port: number): void {
  const body: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const app = express();
  app.get('/api/search/:index', (_req, res) => {
    res.json(body);
  });
  app.listen(port, '127.0.0.1');
}

async function startBare(bodyFile: string): Promise<Server & { child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'http-search.ts'), '--serve-bare', bodyFile, '--port', String(port)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await until(async () => ((await fetch(`${base}${pathOf('x')}`)).ok ? true : undefined), 30_000, 'the bare route');
  return { label: 'bare', base, pid: child.pid!, child };
}

/** Every connection rotates through `queries`, each from its own offset, so the connections do not ask in step. */
async function load(server: Server, queries: readonly string[], seconds: number): Promise<Figures & { fromUs: number; toUs: number }> {
  const requests: Request[] = queries.map((q) => ({ method: 'GET', path: pathOf(q) }));
  const connections = Number(values.connections);
  let client = 0;
  const fromUs = monotonicUs();
  const result = await autocannon({
    url: server.base,
    connections,
    duration: seconds,
    requests,
    setupClient: (c) => {
      const offset = Math.floor((client++ * requests.length) / connections);
      c.setRequests([...requests.slice(offset), ...requests.slice(0, offset)]);
    },
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx, fromUs, toUs: monotonicUs() };
}

/** Resolves once the process has written under 1 MB in 2 s (a full sync writes its search images after the swap). */
async function untilQuiet(pid: number): Promise<void> {
  const wchar = () => Number(/wchar: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))?.[1] ?? 0);
  for (let last = wchar(), quietFor = 0, waited = 0; quietFor < 2000 && waited < 120_000; waited += 250) {
    await sleep(250);
    const now = wchar();
    quietFor = now - last > 1e6 ? 0 : quietFor + 250;
    last = now;
  }
}

async function main(): Promise<void> {
  const sizes = { customers: values.customers!, vendors: values.vendors!, items: values.items!, invoices: values.invoices! };
  const started = Date.now();
  const rig = await startLiveRig(sizes);
  const running: Started[] = [rig.sim];
  const bares: ChildProcess[] = [];
  try {
    rig.env.LOG_LEVEL = values['log-level']!;
    rig.env.CORS_ORIGINS = '*'; // what demo mode serves; in live mode CORS is off unless configured
    const nodeFlags = values['node-flags']!.split(' ').filter(Boolean);
    const variants: Array<{ label: string; main?: string; env?: Record<string, string> }> = [{ label: 'service' }];
    if (values['cache-off']) variants.push({ label: 'service, cache off', env: { SEARCH_CACHE_MB: '0' } });
    for (const spec of values.compare!) {
      const [label, dir] = spec.split('=');
      if (!label || !dir) throw new Error(`--compare wants label=/path/to/checkout, got "${spec}"`);
      variants.push({ label, main: path.resolve(dir, 'dist', 'main.js') });
    }
    // One full sync at a time: the simulator throttles each company to 500 calls a minute, as QuickBooks does.
    const services: Server[] = [];
    for (const variant of variants) {
      const service = await rig.startAnother({ nodeFlags, main: variant.main, env: variant.env });
      running.push(service);
      const sync = await rig.connectAndSync(service, service.base);
      if (sync.status !== 'succeeded') throw new Error(`${variant.label}: first sync ${sync.status}\n${service.output()}`);
      await untilQuiet(service.child.pid!);
      services.push({ label: variant.label, base: service.base, pid: service.child.pid! });
    }
    console.log(`data: ${sizes.customers} customers, ${sizes.vendors} vendors, ${sizes.items} items, ${sizes.invoices} invoices; ready in ${((Date.now() - started) / 1000).toFixed(0)} s (${services.length} service(s), one full sync each)`);

    // Names from across the customer table, at seeded offsets.
    const first = services[0]!;
    const { total } = await rig.json<{ total: number }>(`${first.base}/api/data/customers?limit=0`, { headers: rig.admin });
    const names: string[] = [];
    const random = createRandom(Number(values.seed));
    for (let page = 0; page < 8; page++) {
      const offset = Math.floor(random() * Math.max(0, total - 50));
      const { results } = await rig.json<{ results: Array<{ DisplayName: string }> }>(`${first.base}/api/data/customers?limit=50&offset=${offset}`, { headers: rig.admin });
      names.push(...results.map((r) => r.DisplayName));
    }
    const mix = typeaheadMix(names, Number(values.queries), Number(values.seed));

    // Every service answers every query alike; the median-sized answer is the bare route's body.
    const answers: Array<{ q: string; body: string }> = [];
    for (const q of [...mix.queries, values.repeated!]) {
      const bodies = await Promise.all(services.map(async (s) => (await fetch(`${s.base}${pathOf(q)}`)).text()));
      if (bodies.some((b) => b !== bodies[0])) throw new Error(`the services answer "${q}" differently`);
      answers.push({ q, body: bodies[0]! });
    }
    const repeatedBody = answers.pop()!.body;
    const bySize = [...answers].sort((a, b) => Buffer.byteLength(a.body) - Buffer.byteLength(b.body));
    const median = bySize[Math.floor(bySize.length / 2)]!;
    const size = (a: { body: string }) => Buffer.byteLength(a.body);
    console.log(
      `queries: ${mix.queries.length} distinct (seed ${values.seed}; prefixes of 1–5 letters: ${mix.prefixesByLength.slice(1).join('/')}, two-word: ${mix.twoWord}) from ${names.length} customer names; ` +
        `answers ${size(bySize[0]!)}–${size(bySize.at(-1)!)} bytes, median ${size(median)} bytes ("${median.q}", ${(JSON.parse(median.body) as { total: number }).total} results); ` +
        `repeated query "${values.repeated}": ${Buffer.byteLength(repeatedBody)} bytes`,
    );
    writeFileSync(path.join(rig.dataDir, 'median.json'), median.body);
    writeFileSync(path.join(rig.dataDir, 'repeated.json'), repeatedBody);
    const bareMix = await startBare(path.join(rig.dataDir, 'median.json'));
    const bareRepeated = await startBare(path.join(rig.dataDir, 'repeated.json'));
    bares.push(bareMix.child, bareRepeated.child);
    console.log(`${values.connections} connections, ${values.duration} s per run, ${values.warmup} s warm-up; pids: ${[...services, bareMix].map((s) => `${s.label} ${s.pid}`).join(', ')}`);

    const mixQueries = mix.queries;
    const repeatedQueries = [values.repeated!];
    for (const s of [...services, bareMix]) await load(s, mixQueries, Number(values.warmup));
    for (const s of [...services, bareRepeated]) await load(s, repeatedQueries, Number(values.warmup));

    const windows: Array<{ label: string; pid: number; figure: string; fromUs: number; toUs: number }> = [];
    const pairs = new Map<string, Array<{ rps: number; p99: number }>>();
    const figures = [
      { name: 'typeahead mix', queries: mixQueries, bare: bareMix, rounds: Number(values.rounds) },
      { name: `repeated "${values.repeated}"`, queries: repeatedQueries, bare: bareRepeated, rounds: Number(values['repeated-rounds']) },
    ];
    for (const figure of figures) {
      for (let round = 1; round <= figure.rounds; round++) {
        for (const service of services) {
          const a = await load(service, figure.queries, Number(values.duration));
          const b = await load(figure.bare, figure.queries, Number(values.duration));
          windows.push({ label: service.label, pid: service.pid, figure: figure.name, fromUs: a.fromUs, toUs: a.toUs }, { label: 'bare', pid: figure.bare.pid, figure: figure.name, fromUs: b.fromUs, toUs: b.toUs });
          const ratio = { rps: a.rps / b.rps, p99: a.p99 / b.p99 };
          const key = `${figure.name} | ${service.label}`;
          pairs.set(key, [...(pairs.get(key) ?? []), ratio]);
          console.log(
            `${figure.name.padEnd(14)} round ${round} ${service.label.padEnd(20)} A ${a.rps.toFixed(0).padStart(6)} req/s p99 ${a.p99.toFixed(1).padStart(5)} ms | bare B ${b.rps.toFixed(0).padStart(6)} req/s p99 ${b.p99.toFixed(1).padStart(5)} ms | ` +
              `ratio req/s ${ratio.rps.toFixed(2)}× p99 ${ratio.p99.toFixed(2)}×${a.errors + b.errors > 0 ? ` | errors/non-2xx ${a.errors}/${b.errors}` : ''}`,
          );
        }
      }
    }
    console.log('summary (goal: req/s ≥ 0.80×, p99 ≤ 1.50× the bare route, in each pair):');
    for (const [key, ratios] of pairs) {
      const met = ratios.filter((r) => r.rps >= 0.8 && r.p99 <= 1.5).length;
      const list = (k: 'rps' | 'p99') => ratios.map((r) => r[k].toFixed(2)).join(', ');
      console.log(`  ${key}: req/s ${list('rps')}; p99 ${list('p99')}; goal met in ${met} of ${ratios.length} pairs`);
    }
    if (values.windows) writeFileSync(values.windows, JSON.stringify(windows, null, 1));
  } finally {
    for (const child of bares) child.kill('SIGTERM');
    // Services exit on SIGTERM after their graceful shutdown (and write a --cpu-prof profile then).
    await Promise.all(running.map((s) => (s.child.exitCode === null ? new Promise((resolve) => s.child.once('exit', resolve).kill('SIGTERM')) : undefined)));
    rmSync(rig.dataDir, { recursive: true, force: true });
  }
}

if (values['serve-bare']) {
  serveBare(values['serve-bare'], Number(values.port));
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
