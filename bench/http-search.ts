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
 * the same noise; every pair's ratios are printed, and how many pairs met the goal. A second figure, labelled as
 * such, asks one repeated query (`q=ac`) against a bare route answering that query's body. Every server is a process
 * of its own; each run waits until all of them are idle, and prints its server's CPU time a request (/proc), which
 * is steadier than req/s on a shared host, and the CPU time the idle servers used meanwhile.
 * Goal (at 100k customers, 10k vendors, 50k items, 200k invoices): req/s ≥ 0.8× the bare route's, p99 ≤ 1.5×.
 *
 *   npm run bench -- http-search [--customers 100000 --vendors 10000 --items 50000 --invoices 200000]
 *     [--connections 50 --duration 10 --rounds 3 --repeated-rounds 2 --queries 400 --seed 1]
 *     [--compare label=/path/to/checkout ...]   another build (its dist/ built; `.` for this one) as one more A in each round
 *     [--flags label=<node flags> ...]          extra node flags for the service of that label (`service`: this build)
 *     [--node label=/path/to/node ...]          another node binary for the service of that label (its native modules built for it)
 *     [--cache-off]                             one more A: this build with SEARCH_CACHE_MB=0 (every request searched)
 *     [--node-flags="--cpu-prof --cpu-prof-dir=/tmp/prof" --windows /tmp/prof/windows.json] [--service-log /tmp/prof]
 *                                               node flags for every server measured, the bare routes too
 *
 * `--windows` writes each load run's time span (CLOCK_MONOTONIC µs, the clock of V8's CPU profiles) with its server's
 * pid, so a profile can be cut to the load (cpu-profile-top.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import express from 'express';
import { freePort } from '../test/support/child-service';
import { createRandom } from '../test/support/seeded-random';
import { load, startedUsOf, untilIdle, untilQuiet, type Server } from './http-load';
import { ROOT, SIZE_OPTIONS, sizesOf, startLiveRig, until, type Started } from './live-rig';
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
    flags: { type: 'string', multiple: true, default: [] },
    node: { type: 'string', multiple: true, default: [] },
    'cache-off': { type: 'boolean', default: false },
    'node-flags': { type: 'string', default: '' },
    'log-level': { type: 'string', default: 'info' },
    windows: { type: 'string' },
    // A folder to write each service's output to at the end (e.g. with --node-flags=--trace-gc).
    'service-log': { type: 'string' },
    'serve-bare': { type: 'string' },
    port: { type: 'string' },
  },
});

const SEARCH = '/api/search/client_names';
const pathOf = (q: string) => `${SEARCH}?q=${encodeURIComponent(q)}`;

/** Child mode: the bare Express 5 route, answering the body stored in `file` to every search. */
function serveBare(file: string, port: number): void {
  const body: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const app = express();
  app.get('/api/search/:index', (_req, res) => {
    res.json(body);
  });
  app.listen(port, '127.0.0.1');
  process.once('SIGTERM', () => process.exit(0)); // an exit, not a kill: --cpu-prof writes its profile then
}

async function startBare(bodyFile: string, nodeFlags: readonly string[]): Promise<Server & { child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', path.join(ROOT, 'bench', 'http-search.ts'), '--serve-bare', bodyFile, '--port', String(port)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await until(async () => ((await fetch(`${base}${pathOf('x')}`)).ok ? true : undefined), 30_000, 'the bare route');
  return { label: 'bare', base, pid: child.pid!, child };
}

async function main(): Promise<void> {
  const sizes = sizesOf(values);
  const started = Date.now();
  const rig = await startLiveRig(sizes);
  const running: Started[] = [rig.sim];
  const bares: ChildProcess[] = [];
  const logs: Array<{ label: string; service: Started }> = [];
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
    const byLabel = (specs: readonly string[]) => new Map(specs.map((spec) => [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)]));
    const flagsOf = byLabel(values.flags!);
    const nodeOf = byLabel(values.node!);
    for (const variant of variants) {
      const extraFlags = (flagsOf.get(variant.label) ?? '').split(' ').filter(Boolean);
      const service = await rig.startAnother({ nodeFlags: [...nodeFlags, ...extraFlags], main: variant.main, env: variant.env, node: nodeOf.get(variant.label) });
      running.push(service);
      logs.push({ label: variant.label, service });
      const exited = new Promise<never>((_resolve, reject) => {
        service.child.once('exit', (code, signal) => reject(new Error(`${variant.label} exited (${code ?? signal}) before its first sync ended:\n${service.output().slice(-4000)}`)));
      });
      exited.catch(() => undefined); // it exits at the end too, when the bench stops it
      const sync = await Promise.race([rig.connectAndSync(service, service.base), exited]);
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
    const bareMix = await startBare(path.join(rig.dataDir, 'median.json'), nodeFlags);
    const bareRepeated = await startBare(path.join(rig.dataDir, 'repeated.json'), nodeFlags);
    bares.push(bareMix.child, bareRepeated.child);
    console.log(`${values.connections} connections, ${values.duration} s per run, ${values.warmup} s warm-up; pids: ${[...services, bareMix].map((s) => `${s.label} ${s.pid}`).join(', ')}`);

    const mixPaths = mix.queries.map(pathOf);
    const repeatedPaths = [pathOf(values.repeated!)];
    const connections = Number(values.connections);
    const warmup = { seconds: Number(values.warmup), connections };
    for (const s of [...services, bareMix]) await load(s, mixPaths, warmup);
    for (const s of [...services, bareRepeated]) await load(s, repeatedPaths, warmup);

    const windows: Array<{ label: string; pid: number; startedUs: number; figure: string; requests: number; fromUs: number; toUs: number }> = [];
    const pairs = new Map<string, Array<{ rps: number; p99: number; cpu: number }>>();
    const figures = [
      { name: 'typeahead mix', paths: mixPaths, bare: bareMix, rounds: Number(values.rounds) },
      { name: `repeated "${values.repeated}"`, paths: repeatedPaths, bare: bareRepeated, rounds: Number(values['repeated-rounds']) },
    ];
    for (const figure of figures) {
      for (let round = 1; round <= figure.rounds; round++) {
        for (const service of services) {
          const all = [...services, bareMix, bareRepeated];
          const run = async (server: Server) => {
            await untilIdle(all);
            const figures = await load(server, figure.paths, { seconds: Number(values.duration), connections, others: all.filter((s) => s !== server) });
            const { requests, fromUs, toUs } = figures;
            windows.push({ label: server.label, pid: server.pid, startedUs: startedUsOf(server.pid), figure: figure.name, requests, fromUs, toUs });
            return figures;
          };
          const a = await run(service);
          const b = await run(figure.bare);
          const ratio = { rps: a.rps / b.rps, p99: a.p99 / b.p99, cpu: a.cpuUs / b.cpuUs };
          const key = `${figure.name} | ${service.label}`;
          pairs.set(key, [...(pairs.get(key) ?? []), ratio]);
          console.log(
            `${figure.name.padEnd(14)} round ${round} ${service.label.padEnd(18)} A ${a.rps.toFixed(0).padStart(5)} req/s p99 ${a.p99.toFixed(1).padStart(5)} ms ${a.cpuUs.toFixed(0).padStart(4)} µs CPU | ` +
              `bare B ${b.rps.toFixed(0).padStart(5)} req/s p99 ${b.p99.toFixed(1).padStart(5)} ms ${b.cpuUs.toFixed(0).padStart(4)} µs CPU | ` +
              `ratio req/s ${ratio.rps.toFixed(2)}× p99 ${ratio.p99.toFixed(2)}× CPU ${ratio.cpu.toFixed(2)}× | idle servers ${a.othersMs.toFixed(0)}/${b.othersMs.toFixed(0)} ms CPU${a.errors + b.errors > 0 ? ` | errors/non-2xx ${a.errors}/${b.errors}` : ''}`,
          );
        }
      }
    }
    console.log('summary (goal: req/s ≥ 0.80×, p99 ≤ 1.50× the bare route, in each pair):');
    for (const [key, ratios] of pairs) {
      const met = ratios.filter((r) => r.rps >= 0.8 && r.p99 <= 1.5).length;
      const list = (k: 'rps' | 'p99' | 'cpu') => ratios.map((r) => r[k].toFixed(2)).join(', ');
      console.log(`  ${key}: req/s ${list('rps')}; p99 ${list('p99')}; goal met in ${met} of ${ratios.length} pairs (CPU a request ${list('cpu')}× the bare route's)`);
    }
    if (values.windows) writeFileSync(values.windows, JSON.stringify(windows, null, 1));
  } finally {
    await Promise.all(bares.map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))));
    // Services exit on SIGTERM after their graceful shutdown (and write a --cpu-prof profile then).
    await Promise.all(running.map((s) => (s.child.exitCode === null ? new Promise((resolve) => s.child.once('exit', resolve).kill('SIGTERM')) : undefined)));
    const logDir = values['service-log'];
    if (logDir) for (const { label, service } of logs) writeFileSync(path.join(logDir, `${label.replace(/\W+/g, '-')}.log`), service.output());
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
