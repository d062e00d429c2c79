/**
 * Issue 6 benchmark: what the production HTTP stack (request metrics, pino-http logging, helmet, cors, query
 * validation, error handling) costs on the search path. In the same run it loads
 *   - the real service in demo mode (`npm start`'s command, startArgs(): in-process simulator, OAuth code flow, a real full sync),
 *     `GET /api/search/client_names?q=ac`, and
 *   - a bare Express 5 route answering, through `res.json`, the very body that search returned,
 * each in its own process, after a 3 s warm-up, alternately, twice each (50 connections, 10 s), and prints req/s,
 * p99 and the ratios. The real service answers a repeated query from its response cache (a typeahead's common
 * case); the same service with SEARCH_CACHE_MB=0 runs too, so the cost of a query that was not asked before is
 * printed beside it.
 * Goal: real ≥ 0.8× the bare req/s, p99 ≤ 1.5× the bare p99.
 *
 *   npm run bench -- http-search [--connections 50 --duration 10 --rounds 2]   (builds dist/ first)
 *
 * The service logs at info to stdout, which goes to /dev/null here (pino still formats every line).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import express from 'express';
import { startArgs } from '../test/support/child-service';

const ROOT = path.resolve(__dirname, '..');
const SEARCH_PATH = '/api/search/client_names?q=ac';
const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '50' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    'serve-bare': { type: 'string' },
    port: { type: 'string' },
    headers: { type: 'string' },
    'log-level': { type: 'string', default: 'info' },
  },
});

interface Figures {
  readonly rps: number;
  readonly p99: number;
  readonly errors: number;
}

/**
 * Child mode: the bare Express 5 route, answering the body stored in `file`; with `headersFile`, it also sends the
 * real service's extra response headers (helmet's, CORS), to separate what those bytes cost from the middleware.
 */
function serveBare(file: string, port: number, headersFile?: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const body: unknown = require(file);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const headers = Object.entries((headersFile ? require(headersFile) : {}) as Record<string, string>);
  const app = express();
  app.get('/api/search/:index', (_req, res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    res.json(body);
  });
  app.listen(port, '127.0.0.1');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `node <args>`: the real service runs its production build (`dist/main.js`, what `npm start` runs), the bare route through tsx. */
function startChild(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until(url: string, timeoutMs: number): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await fetch(url).catch(() => undefined);
    if (res?.ok) return res;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function load(url: string): Promise<Figures> {
  const result = await autocannon({ url, connections: Number(values.connections), duration: Number(values.duration) });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qbo-cache-bench-http-'));
  const children: ChildProcess[] = [];
  try {
    const startReal = async (env: Record<string, string>) => {
      const port = await freePort();
      const dir = mkdtempSync(path.join(dataDir, 'service-'));
      children.push(startChild(startArgs(), { APP_MODE: 'demo', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: values['log-level'], ...env }));
      const base = `http://127.0.0.1:${port}`;
      await until(`${base}/api/health/ready`, 120_000);
      return base;
    };
    const realBase = await startReal({});
    // The same service with the response cache off: every request searched, projected, serialized and hashed.
    const searchedBase = await startReal({ SEARCH_CACHE_MB: '0' });
    if ((await (await until(`${searchedBase}${SEARCH_PATH}`, 10_000)).text()) !== (await (await until(`${realBase}${SEARCH_PATH}`, 10_000)).text())) {
      throw new Error('the service answers differently with the response cache off');
    }
    const realAnswer = await until(`${realBase}${SEARCH_PATH}`, 10_000);
    const sample = await realAnswer.text();
    const bodyFile = path.join(dataDir, 'search-body.json');
    writeFileSync(bodyFile, sample);
    const standard = new Set(['content-type', 'content-length', 'etag', 'date', 'connection', 'keep-alive']);
    const extraHeaders = Object.fromEntries([...realAnswer.headers].filter(([name]) => !standard.has(name)));
    const headersFile = path.join(dataDir, 'search-headers.json');
    writeFileSync(headersFile, JSON.stringify(extraHeaders));

    const barePort = await freePort();
    children.push(startChild(['--import', 'tsx', path.join('bench', 'http-search.ts'), '--serve-bare', bodyFile, '--port', String(barePort)]));
    const bareBase = `http://127.0.0.1:${barePort}`;
    const bareBody = await (await until(`${bareBase}${SEARCH_PATH}`, 30_000)).text();
    if (bareBody !== sample) throw new Error('the bare route does not answer the same body');
    const headersPort = await freePort();
    children.push(startChild(['--import', 'tsx', path.join('bench', 'http-search.ts'), '--serve-bare', bodyFile, '--port', String(headersPort), '--headers', headersFile]));
    const headersBase = `http://127.0.0.1:${headersPort}`;
    await until(`${headersBase}${SEARCH_PATH}`, 30_000);
    console.log(`body: ${Buffer.byteLength(sample)} bytes, ${(JSON.parse(sample) as { total: number }).total} results; ${values.connections} connections, ${values.duration} s per run`);

    // Warm both up first (JIT, the service's post-sync garbage), so round 1 measures steady state too.
    for (const base of [realBase, searchedBase, bareBase, headersBase]) await autocannon({ url: `${base}${SEARCH_PATH}`, connections: Number(values.connections), duration: 3 });

    const real: Figures[] = [];
    const searched: Figures[] = [];
    const bare: Figures[] = [];
    const bareHeaders: Figures[] = [];
    for (let round = 1; round <= Number(values.rounds); round += 1) {
      for (const [name, base, into] of [['real', realBase, real], ['real, no cache', searchedBase, searched], ['bare', bareBase, bare], ['bare+headers', headersBase, bareHeaders]] as const) {
        const figures = await load(`${base}${SEARCH_PATH}`);
        into.push(figures);
        console.log(`round ${round} ${name.padEnd(14)}  ${figures.rps.toFixed(0).padStart(6)} req/s  p99 ${String(figures.p99).padStart(3)} ms  errors/non-2xx ${figures.errors}`);
      }
    }
    const mean = (runs: Figures[], key: 'rps' | 'p99') => runs.reduce((sum, run) => sum + run[key], 0) / runs.length;
    const rpsRatio = mean(real, 'rps') / mean(bare, 'rps');
    const p99Ratio = mean(real, 'p99') / mean(bare, 'p99');
    console.log(`mean real ${mean(real, 'rps').toFixed(0)} req/s p99 ${mean(real, 'p99').toFixed(1)} ms; bare ${mean(bare, 'rps').toFixed(0)} req/s p99 ${mean(bare, 'p99').toFixed(1)} ms`);
    console.log(`real with SEARCH_CACHE_MB=0 (every request searched): ${mean(searched, 'rps').toFixed(0)} req/s p99 ${mean(searched, 'p99').toFixed(1)} ms, ${(mean(searched, 'rps') / mean(bare, 'rps')).toFixed(2)}× the bare req/s, p99 ${(mean(searched, 'p99') / mean(bare, 'p99')).toFixed(2)}×`);
    console.log(`bare+headers (the same route sending the real service's ${Object.keys(extraHeaders).length} extra headers): ${mean(bareHeaders, 'rps').toFixed(0)} req/s p99 ${mean(bareHeaders, 'p99').toFixed(1)} ms, ${(mean(real, 'rps') / mean(bareHeaders, 'rps')).toFixed(2)}× for real`);
    console.log(`ratio req/s ${rpsRatio.toFixed(2)}× (goal ≥ 0.80), p99 ${p99Ratio.toFixed(2)}× (goal ≤ 1.50): ${rpsRatio >= 0.8 && p99Ratio <= 1.5 ? 'goal met' : 'goal MISSED'}`);
  } finally {
    for (const child of children) child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (values['serve-bare']) {
  serveBare(values['serve-bare'], Number(values.port), values.headers);
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
