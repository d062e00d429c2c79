/**
 * Search core figures at scale: build time and heap per index, query latency by query length, the
 * longest event-loop block during a full rebuild, and the cost of deltas.
 *
 *   npx tsx bench/search-core.ts [customers=100000] [items=50000] [invoices=0]
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Index } from 'flexsearch';
import type { CustomerRecord, InvoiceRecord, ItemRecord } from '../src/qbo/records';
import { createSearchIndexes, type IndexName, type SearchIndexes, type SearchSnapshot } from '../src/search';
import { buildIndexState } from '../src/search/build-index';
import { INDEX_DEFINITIONS, type IndexDefinition } from '../src/search/index-registry';
import { prepareEntry, type IndexedRecord } from '../src/search/record-entry';
import { createRandom, generateCustomers, generateInvoices, generateItems, pick, type Random } from './search-data';
import { fmt, heapUsedMb, longestBlockMs, memoryImages, percentile } from './search-measure';

const rssMb = (): number => process.memoryUsage().rss / 1024 / 1024;

interface BenchData {
  readonly customers: CustomerRecord[];
  readonly vendors: CustomerRecord[];
  readonly items: ItemRecord[];
  readonly invoices: InvoiceRecord[];
}

const [CUSTOMERS, ITEMS, INVOICES] = [100_000, 50_000, 0].map((fallback, i) => Number(process.argv[2 + i] ?? fallback)) as [number, number, number];

async function buildPerIndex(data: BenchData): Promise<void> {
  console.log('\n## Build per index (each alone, in one go, as a data thread builds)\n');
  console.log('| index | records | build ms | heap MB |');
  console.log('| --- | --- | --- | --- |');
  const run = async <R extends IndexedRecord>(definition: IndexDefinition<R>, records: readonly R[]) => {
    const before = heapUsedMb();
    const start = performance.now();
    const state = buildIndexState(definition, records);
    const ms = performance.now() - start;
    const heap = heapUsedMb() - before;
    console.log(`| ${definition.name} | ${state.idToSlot.size} | ${fmt(ms, 0)} | ${fmt(heap, 0)} |`);
    return state;
  };
  const keep: unknown[] = [];
  for (const d of INDEX_DEFINITIONS.customers) keep.push(await run(d, data.customers));
  for (const d of INDEX_DEFINITIONS.items) keep.push(await run(d, data.items));
  for (const d of INDEX_DEFINITIONS.invoices) keep.push(await run(d, data.invoices));
  keep.length = 0;
}

function prefixQuery(random: Random, texts: readonly string[], letters: number): string {
  for (;;) {
    const words = pick(random, texts).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= letters);
    if (words.length > 0) return pick(random, words).slice(0, letters);
  }
}

function twoWordQuery(random: Random, texts: readonly string[]): string {
  for (;;) {
    const words = pick(random, texts).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2);
    if (words.length >= 2) {
      const first = Math.floor(random() * (words.length - 1));
      return `${words[first]!.slice(0, 1 + Math.floor(random() * words[first]!.length))} ${words[first + 1]!.slice(0, 2)}`;
    }
  }
}

function latency(indexes: SearchIndexes, index: IndexName, queries: readonly string[]): { p50: number; p99: number; max: number } {
  for (const q of queries.slice(0, 200)) indexes.search(index, q); // warm-up
  const times: number[] = [];
  for (const q of queries) {
    const start = performance.now();
    indexes.search(index, q);
    times.push((performance.now() - start) * 1000);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times[times.length - 1] ?? NaN };
}

function queryLatencies(indexes: SearchIndexes, data: BenchData, label: string): void {
  console.log(`\n## Query latency, in-process search() incl. projection, limit 15 (µs) — ${label}\n`);
  console.log('| index | query | p50 | p99 | max |');
  console.log('| --- | --- | --- | --- | --- |');
  const random = createRandom(11);
  const customerTexts = data.customers.map((c) => `${c.name} ${c.email ?? ''}`);
  const itemTexts = data.items.map((i) => `${i.name} ${i.description ?? ''}`);
  const skus = data.items.flatMap((i) => (i.sku ? [i.sku.replace(/[^A-Za-z0-9]/g, '')] : []));
  const cases: Array<[IndexName, string, () => string]> = [
    ['client_names', '1 letter', () => prefixQuery(random, customerTexts, 1)],
    ['client_names', '2 letters', () => prefixQuery(random, customerTexts, 2)],
    ['client_names', '3 letters', () => prefixQuery(random, customerTexts, 3)],
    ['client_names', '5 letters', () => prefixQuery(random, customerTexts, 5)],
    ['client_names', 'two words', () => twoWordQuery(random, customerTexts)],
    ['client_names', 'no match (5 letters)', () => `zq${prefixQuery(random, customerTexts, 3)}`],
    ['product_names', '1 letter', () => prefixQuery(random, itemTexts, 1)],
    ['product_names', '3 letters', () => prefixQuery(random, itemTexts, 3)],
    ['product_descriptions', '2 letters', () => prefixQuery(random, itemTexts, 2)],
    ['product_descriptions', 'two words', () => twoWordQuery(random, itemTexts)],
    ['part_numbers', '3 chars inside a SKU', () => { const s = pick(random, skus); const at = Math.floor(random() * (s.length - 3)); return s.slice(at, at + 3); }],
    ['part_numbers', '1 letter', () => prefixQuery(random, skus, 1)],
  ];
  for (const [index, label2, make] of cases) {
    const { p50, p99, max } = latency(indexes, index, Array.from({ length: 3000 }, make));
    console.log(`| ${index} | ${label2} | ${fmt(p50)} | ${fmt(p99)} | ${fmt(max)} |`);
  }
}

async function deltaCosts(indexes: SearchIndexes, data: BenchData): Promise<void> {
  console.log('\n## Deltas\n');
  console.log('| delta | applyDelta ms (sync, = event-loop block) |');
  console.log('| --- | --- |');
  const donors = generateCustomers(1000, 77);
  const targets = data.customers;
  let used = 0;
  for (const size of [1, 10, 100, 250]) {
    const upserts = donors.slice(used, used + size).map((d, i) => ({ ...d, id: targets[(used + i) * 37]!.id }));
    used += size;
    const start = performance.now();
    indexes.applyDelta({ customers: { upserts } });
    console.log(`| ${size} customer upserts | ${fmt(performance.now() - start, 2)} |`);
  }
  const flex = new Index({ tokenize: 'forward', resolution: 1, encode: (s: string) => s.split(' ') });
  const definition = INDEX_DEFINITIONS.customers[0]!;
  const contents = data.customers.map((c) => prepareEntry(definition, c).content);
  contents.forEach((content, slot) => flex.add(slot, content));
  const start = performance.now();
  for (let i = 0; i < 5; i++) flex.update(i * 101, contents[i * 101 + 1]!);
  console.log(`| for comparison: FlexSearch update() on the ${CUSTOMERS}-record main index, per record | ${fmt((performance.now() - start) / 5, 2)} |`);
}

/** Writing the search images of a full build (in memory here) and importing them as a warm start does. */
async function imageCosts(indexes: SearchIndexes, data: BenchData): Promise<void> {
  const { files, images } = memoryImages();
  const written = await longestBlockMs(() => indexes.writeImages(images));
  const byId = <R extends { id: string }>(records: readonly R[]) => new Map(records.map((r) => [r.id, r] as const));
  const snapshot = { customers: byId(data.customers), vendors: byId(data.vendors), items: byId(data.items), invoices: byId(data.invoices) };
  const imported = await longestBlockMs(() => createSearchIndexes(snapshot, { images }));
  const mb = [...files.values()].flat().reduce((sum, line) => sum + line.length, 0) / 1e6;
  console.log('\n## Search images (what a full build writes, what a warm start imports)\n');
  console.log('| step | total ms | longest event-loop block ms | longest GC pause ms | size MB | longest line MB |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const longest = Math.max(...[...files.values()].flat().map((line) => line.length)) / 1e6;
  console.log(`| write | ${fmt(written.ms, 0)} | ${fmt(written.maxBlockMs)} | ${fmt(written.maxGcMs)} | ${fmt(mb, 0)} | ${fmt(longest)} |`);
  console.log(`| import (${imported.value.loadReport.imported.length} of 6 imported) | ${fmt(imported.ms, 0)} | ${fmt(imported.maxBlockMs)} | ${fmt(imported.maxGcMs)} | | |`);
}

async function main(): Promise<void> {
  console.log(`# search-core bench — ${new Date().toISOString()}`);
  console.log(`node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, load average ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}`);
  console.log(`${CUSTOMERS} customers, ${ITEMS} items, ${INVOICES} invoices`);
  const customers = generateCustomers(CUSTOMERS);
  const data: BenchData = { customers, vendors: [], items: generateItems(ITEMS), invoices: generateInvoices(INVOICES, customers) };
  const snapshot: SearchSnapshot = { ...data, estimates: [], purchase_orders: [], bills: [] };
  await buildPerIndex(data);

  const heapBefore = heapUsedMb();
  const first = await longestBlockMs(() => createSearchIndexes(snapshot));
  const indexes = first.value;
  console.log("\n## Full rebuild (all indexes, createSearchIndexes, in one go as a data thread runs it)\n");
  // CPU s = wall × CPU share: the figure to compare on a shared machine; RSS includes the records.
  console.log('| run | total ms | CPU s | longest event-loop block ms | longest GC pause ms | CPU share | heap added MB | RSS MB after |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const row = (label: string, run: { ms: number; maxBlockMs: number; maxGcMs: number; cpuShare: number }, heap: string): void =>
    console.log(
      `| ${label} | ${fmt(run.ms, 0)} | ${fmt((run.ms * run.cpuShare) / 1000)} | ${fmt(run.maxBlockMs)} | ${fmt(run.maxGcMs)} | ${fmt(run.cpuShare, 2)} | ${heap} | ${fmt(rssMb(), 0)} |`,
    );
  row('first', first, fmt(heapUsedMb() - heapBefore, 0));
  const second = await longestBlockMs(() => createSearchIndexes(snapshot));
  row('beside the first (as in production)', second, '—');
  second.value.counts();

  await imageCosts(indexes, data);
  queryLatencies(indexes, data, 'fresh build');
  await deltaCosts(indexes, data);
  queryLatencies(indexes, data, 'after 361 delta upserts (overlay + stale main slots)');
}

void main();
