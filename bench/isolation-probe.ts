/**
 * Design probe for issue 5 (not a product measurement): what search latency would a thread see that holds a static
 * set of indexes and answers every search, while another thread builds a complete new set? It is the best case of
 * moving the served data out of the HTTP thread (BENCHMARKS.md, "Search while a full sync runs"): no pull, no
 * simulator, no SQLite, no records arriving in the thread that answers HTTP.
 *
 *   npm run bench -- isolation-probe [--nice 10] [--idle 15] [--load-nice=-10] [--pin]
 *
 * The main thread runs a bare HTTP server that forwards each `/s?q=` to the search thread (100k customers, 50k items,
 * 200k invoices from bench/search-data.ts, every index built). A load process sends the same kind of open-loop load as
 * search-under-sync (16 clients, 200 req/s, 1–5-letter prefixes of customer name words, latency from the due time):
 * idle, then while a builder thread at nice `--nice` builds a second complete set (unpaced: it serves nothing), then
 * idle again. `--load-nice` sets the load process's nice value (below 0 needs CAP_SYS_NICE), so its own scheduling
 * delays weigh less in the latencies; `--pin` puts the builder thread alone on CPU 1 and everything else (this process's
 * other threads, the load process) on CPU 0 (`taskset`), to see what a core kept for the build would give.
 */
import { execFileSync, fork } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createSearchIndexes, type SearchIndexes } from '../src/search';
import { generateCustomers, generateInvoices, generateItems } from './search-data';

const { values, positionals } = parseArgs({
  options: { nice: { type: 'string', default: '10' }, idle: { type: 'string', default: '15' }, 'load-nice': { type: 'string', default: '0' }, pin: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const role = isMainThread ? (positionals[0] ?? 'main') : (workerData as { role: string }).role;

function startThread(threadRole: string): Worker {
  // The bench runs under tsx: the thread loads this file through tsx's require hook.
  const source = `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(__filename)});`;
  return new Worker(source, { eval: true, workerData: { role: threadRole }, argv: process.argv.slice(2) });
}

function buildSet(): Promise<SearchIndexes> {
  const customers = generateCustomers(100_000);
  const items = generateItems(50_000);
  const invoices = generateInvoices(200_000, customers);
  return createSearchIndexes({ customers, vendors: [], items, invoices });
}

async function searchThread(port: NonNullable<typeof parentPort>): Promise<void> {
  const indexes = await buildSet();
  port.on('message', (message: { id: number; q: string }) => {
    const { results, total } = indexes.search('client_names', message.q, { limit: 15 });
    port.postMessage({ id: message.id, body: JSON.stringify({ query: message.q, index: 'client_names', results, total }) });
  });
  port.postMessage({ ready: true });
}

async function builderThread(port: NonNullable<typeof parentPort>): Promise<void> {
  try {
    os.setPriority(Number(values.nice)); // pid 0: this thread only
  } catch {
    // not allowed here: the build runs at the process's priority
  }
  // --pin: this thread alone on CPU 1 (the rest of the process and the load process are on CPU 0).
  if (values.pin) execFileSync('taskset', ['-pc', '1', readlinkSync('/proc/thread-self').split('/').pop()!], { stdio: 'ignore' });
  const started = performance.now();
  await buildSet();
  port.postMessage({ builtMs: performance.now() - started });
}

async function mainThread(): Promise<void> {
  if (values.pin) execFileSync('taskset', ['-a', '-pc', '0', String(process.pid)], { stdio: 'ignore' }); // threads started later inherit it
  const search = startThread('search');
  await new Promise((resolve) => search.once('message', resolve));
  const pending = new Map<number, (body: string) => void>();
  let next = 0;
  search.on('message', (message: { id: number; body: string }) => {
    pending.get(message.id)?.(message.body);
    pending.delete(message.id);
  });
  let built: Promise<number> | null = null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://probe');
    if (url.pathname === '/build') {
      const builder = startThread('builder');
      built = new Promise((resolve) => builder.once('message', (message: { builtMs: number }) => resolve(message.builtMs)));
      res.end('started');
    } else if (url.pathname === '/built') {
      void (built ?? Promise.resolve(-1)).then((ms) => res.end(String(ms)));
    } else {
      const id = next++;
      pending.set(id, (body) => res.setHeader('content-type', 'application/json').end(body));
      search.postMessage({ id, q: url.searchParams.get('q') ?? '' });
    }
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    const load = fork(__filename, ['load', String(port), ...process.argv.slice(2)], { execArgv: ['--import', 'tsx'] });
    if (Number(values['load-nice']) !== 0) os.setPriority(load.pid!, Number(values['load-nice']));
    load.on('exit', () => process.exit(0));
  });
}

interface Latency { requests: number; p50_ms: number; p99_ms: number; max_ms: number }

async function loadProcess(port: number): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  const queries: string[] = [];
  for (const { name } of generateCustomers(200, 9)) {
    for (const word of name.toLowerCase().split(/[^a-z]+/).filter(Boolean)) {
      for (let n = 1; n <= Math.min(5, word.length); n++) queries.push(word.slice(0, n));
    }
  }
  const clients = 16;
  const intervalMs = (1000 * clients) / 200;
  const run = async (stop: () => boolean): Promise<Latency> => {
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: clients }, async (_, id) => {
        let due = performance.now() + (id * intervalMs) / clients;
        for (let i = id * 97; !stop(); i++, due += intervalMs) {
          if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
          await (await fetch(`${base}/s?q=${encodeURIComponent(queries[i % queries.length] as string)}`)).text();
          latencies.push(performance.now() - due);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const at = (p: number) => Math.round((latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] ?? Number.NaN) * 10) / 10;
    return { requests: latencies.length, p50_ms: at(0.5), p99_ms: at(0.99), max_ms: at(1) };
  };
  const forMs = (ms: number) => ((end) => () => Date.now() > end)(Date.now() + ms);
  await run(forMs(3000)); // warm-up
  const idle = await run(forMs(Number(values.idle) * 1000));
  await fetch(`${base}/build`);
  let builtMs: number | undefined;
  void fetch(`${base}/built`).then(async (res) => (builtMs = Number(await res.text())));
  const during = await run(() => builtMs !== undefined);
  const idleAfter = await run(forMs(Number(values.idle) * 1000));
  console.log(JSON.stringify({ date: new Date().toISOString(), builder_nice: Number(values.nice), load_nice: Number(values['load-nice']), pinned: values.pin, idle, during_build: during, idle_after: idleAfter, build_ms: Math.round(builtMs ?? 0), p99_ratio_to_quieter_idle: Math.round((during.p99_ms / Math.min(idle.p99_ms, idleAfter.p99_ms)) * 100) / 100 }, null, 2));
  process.exit(0);
}

if (role === 'search') void searchThread(parentPort as NonNullable<typeof parentPort>);
else if (role === 'builder') void builderThread(parentPort as NonNullable<typeof parentPort>);
else if (role === 'load') void loadProcess(Number(positionals[1]));
else void mainThread();
