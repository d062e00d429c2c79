/**
 * In-process cost of the hop to a company's data thread (README, Sync and cache): the same search asked of the data
 * thread (`DataWorker.search`, a message each way) and of the same indexes in the asking thread, p50 and p99 over a
 * typeahead mix, at 100k customers, 10k vendors, 50k items and 200k invoices. The snapshot is written to a fresh
 * store once, then loaded by a data thread and, for the in-thread figure, here.
 *
 *   npm run bench -- data-hop [--scale=1] [--rounds=5] [--queries=400]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { CompanySizes } from '../src/simulator/generator/generate-company';
import { fmt, percentile } from './search-measure';
import { typeaheadMix } from './typeahead-queries';

// The compiled service (`npm run bench` builds it first): what `npm start` runs, and the data thread's own file.
const built = <T>(module: string): T => createRequire(__filename)(`../dist/${module}`) as T;
const { ENTITIES, normalizeRecord } = built<typeof import('../src/qbo')>('qbo');
const { createSearchIndexes } = built<typeof import('../src/search')>('search');
const { openSqliteStore } = built<typeof import('../src/store')>('store');
const { loadSnapshotFromStore, startDataWorker } = built<typeof import('../src/sync')>('sync');
const { upsertOf, replaceHead } = built<typeof import('../src/sync/persistence')>('sync/persistence');
const { generateCompany } = built<typeof import('../src/simulator/generator/generate-company')>('simulator/generator/generate-company');

const { values: flags } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, rounds: { type: 'string', default: '5' }, queries: { type: 'string', default: '400' } },
});
const scale = Number(flags.scale);
const rounds = Number(flags.rounds);
const ENTITY_LIST = ['customers', 'vendors', 'items', 'invoices'] as const;
const FULL = { customers: 100_000, vendors: 10_000, items: 50_000, invoices: 200_000, estimates: 0, purchase_orders: 0, bills: 0 };
const sizes = Object.fromEntries(Object.entries(FULL).map(([entity, n]) => [entity, Math.round(n * scale)])) as unknown as CompanySizes;
const REALM = '9130350000000999';

async function timeAll(queries: readonly string[], ask: (q: string) => unknown): Promise<{ p50: number; p99: number; max: number }> {
  for (const q of queries) await ask(q); // warm-up
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      const started = performance.now();
      await ask(q);
      samples.push((performance.now() - started) * 1000);
    }
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99), max: samples[samples.length - 1] ?? NaN };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qbo-hop-'));
  const store = openSqliteStore({ dataDir, allowGeneratedKey: true });
  try {
    const company = generateCompany(1, sizes, Date.parse('2026-12-01T00:00:00Z'));
    const upserts = ENTITY_LIST.flatMap((entity) =>
      company[ENTITIES[entity].qboName].map((stored) => {
        const record = normalizeRecord(entity, stored.json as never);
        return upsertOf(entity, { id: stored.id, record, raw: JSON.stringify(stored.json), lastUpdated: new Date(stored.updatedMs).toISOString() });
      }),
    );
    const syncedThrough = new Date().toISOString();
    await store.applySnapshotChanges(REALM, { ...replaceHead(syncedThrough, syncedThrough, [...ENTITY_LIST]), upserts });
    const logger = pino({ level: 'warn' });
    const worker = startDataWorker({ logger }, { realmId: REALM, store: store.location, entities: ENTITY_LIST, fill: { mode: 'load' }, logLevel: 'warn' });
    const report = await worker.ready;
    if (report === null) throw new Error('nothing stored');
    const snapshot = await loadSnapshotFromStore(store, REALM, ENTITY_LIST);
    if (snapshot === null) throw new Error('nothing stored');
    const inThread = await createSearchIndexes(Object.fromEntries(ENTITY_LIST.map((entity) => [entity, snapshot[entity].records])));
    const mix = typeaheadMix([...snapshot.customers.records.values()].map((c) => c.name), Number(flags.queries), 7).queries;
    const options = { limit: 15 };

    console.log(`# data-hop, ${new Date().toISOString()}, Node ${process.version}\n`);
    console.log(`${upserts.length} records (${ENTITY_LIST.map((e) => `${sizes[e]} ${e}`).join(', ')}); ${mix.length} typeahead queries on client_names, limit 15, ${rounds} rounds after a warm-up, µs\n`);
    console.log('| search | p50 | p99 | max |');
    console.log('| --- | --- | --- | --- |');
    // Alternated, so both see the same noise.
    const figures = { thread: [] as Array<{ p50: number; p99: number; max: number }>, local: [] as Array<{ p50: number; p99: number; max: number }> };
    for (let pair = 0; pair < 3; pair++) {
      figures.local.push(await timeAll(mix, (q) => inThread.search('client_names', q, options)));
      figures.thread.push(await timeAll(mix, (q) => worker.search('client_names', q, options)));
    }
    for (const [label, runs] of [['in this thread', figures.local], ['through the data thread', figures.thread]] as const) {
      for (const run of runs) console.log(`| ${label} | ${fmt(run.p50, 0)} | ${fmt(run.p99, 0)} | ${fmt(run.max, 0)} |`);
    }
    const hop = figures.thread.map((run, i) => `p50 +${fmt(run.p50 - (figures.local[i]?.p50 ?? 0), 0)} µs, p99 +${fmt(run.p99 - (figures.local[i]?.p99 ?? 0), 0)} µs`);
    console.log(`\nthe hop, by pair: ${hop.join('; ')}`);
    worker.close();
    await worker.exited;
  } finally {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
