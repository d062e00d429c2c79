/**
 * In-process cost of the two search shapes the entity table added (README, Search):
 *
 * 1. One query across every index (`GET /api/search`) against the same query on one index, p50/p99 over a
 *    typeahead mix. Goal: all 11 indexes at ≤ 3× one index's p99.
 * 2. A filtered search against the unfiltered one on `invoice_numbers`: `customer_id=` of a customer with 2,000
 *    invoices and of one with 3, `open=true`, a date range. Goal: filtered p99 within 1.2× of the unfiltered. Each
 *    filtered case takes turns with the unfiltered search query by query, so both see the same collections and
 *    noise; the first search with each filter (what it builds on first use) is timed apart.
 *
 * The company is the bundled simulator's generator (the records a real pull would cache, through the same
 * normalizers), at 100k customers, 10k vendors, 50k items, 200k invoices, 50k estimates, 20k purchase orders and
 * 30k bills. Each shape is timed with the function its route calls, without HTTP or the response cache, in the
 * compiled code `npm start` runs.
 *
 *   npm run bench -- search-multi [--scale=1] [--rounds=5] [--queries=400]
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import type { EntityName, InvoiceRecord, RawByEntity, RecordByEntity } from '../src/qbo';
import type { IndexName, SearchFilter, SearchIndexes, SearchRecords } from '../src/search';
import type { CompanySizes } from '../src/simulator/generator/generate-company';
import { fmt, heapUsedMb, percentile } from './search-measure';
import { typeaheadMix } from './typeahead-queries';

/*
 * The compiled service (`npm run bench` builds it first), not the TypeScript through tsx: tsx keeps function names
 * by wrapping every closure the search creates, which costs ~15 % of a search that production does not pay.
 */
const built = <T>(module: string): T => createRequire(__filename)(`../dist/${module}`) as T;
const { ENTITY_NAMES, ENTITIES, normalizeRecord } = built<typeof import('../src/qbo')>('qbo');
const { createSearchIndexes, indexNamesFor } = built<typeof import('../src/search')>('search');
const { generateCompany } = built<typeof import('../src/simulator/generator/generate-company')>('simulator/generator/generate-company');

const { values: flags } = parseArgs({
  options: { scale: { type: 'string', default: '1' }, rounds: { type: 'string', default: '5' }, queries: { type: 'string', default: '400' } },
});
const scale = Number(flags.scale);
const rounds = Number(flags.rounds);
const queryCount = Number(flags.queries);

const FULL: CompanySizes = { customers: 100_000, vendors: 10_000, items: 50_000, invoices: 200_000, estimates: 50_000, purchase_orders: 20_000, bills: 30_000 };
const sizes = Object.fromEntries(Object.entries(FULL).map(([entity, n]) => [entity, Math.max(50, Math.round(n * scale))])) as unknown as CompanySizes;

/** A fixed clock: the same seed and day make the same company, so runs compare. */
const GENERATED_AT = Date.parse('2026-12-01T00:00:00Z');

function loadSnapshot(): { [E in EntityName]: RecordByEntity[E][] } {
  const company = generateCompany(1, sizes, GENERATED_AT);
  const normalized = <E extends EntityName>(entity: E): RecordByEntity[E][] =>
    company[ENTITIES[entity].qboName].map((stored) => normalizeRecord(entity, stored.json as unknown as RawByEntity[E]));
  return {
    customers: normalized('customers'),
    vendors: normalized('vendors'),
    items: normalized('items'),
    invoices: normalized('invoices'),
    estimates: normalized('estimates'),
    purchase_orders: normalized('purchase_orders'),
    bills: normalized('bills'),
  };
}

/**
 * Gives one customer 2,000 invoices and another exactly 3 (the filter goal's two cases) by moving other customers'
 * invoices, spread over the whole list so their DocNumbers and dates look like everyone else's; returns their ids.
 */
function concentrateInvoices(invoices: InvoiceRecord[], customers: readonly RecordByEntity['customers'][]): { busy: string; quiet: string } {
  const owned = new Map<string, number>();
  for (const invoice of invoices) if (invoice.customerId !== undefined) owned.set(invoice.customerId, (owned.get(invoice.customerId) ?? 0) + 1);
  const [busy, quiet] = [...customers].sort((a, b) => (owned.get(a.id) ?? 0) - (owned.get(b.id) ?? 0)).slice(-1).concat(customers[0] ?? []);
  if (busy === undefined || quiet === undefined || busy === quiet) throw new Error('need two customers');
  const want = new Map([[busy.id, Math.min(2000, Math.floor(invoices.length / 4))], [quiet.id, 3]]);
  const reassign = (at: number, owner: RecordByEntity['customers']) => {
    invoices[at] = { ...(invoices[at] as InvoiceRecord), customerId: owner.id, customerName: owner.name };
  };
  // First the quiet one's own invoices beyond 3 go to the busy one, then each takes evenly spaced invoices of others.
  let kept = 0;
  invoices.forEach((invoice, at) => {
    if (invoice.customerId === quiet.id && ++kept > 3) reassign(at, busy);
  });
  for (const owner of [busy, quiet]) {
    const need = (want.get(owner.id) ?? 0) - invoices.filter((invoice) => invoice.customerId === owner.id).length;
    const step = Math.max(1, Math.floor(invoices.length / Math.max(1, need + 1)));
    // Every step-th invoice, then the ones after those: ends once `need` are moved or the list is exhausted.
    for (let offset = 0, moved = 0; offset < step && moved < need; offset++) {
      for (let at = offset; at < invoices.length && moved < need; at += step) {
        const other = invoices[at]?.customerId;
        if (other === busy.id || other === quiet.id) continue;
        reassign(at, owner);
        moved++;
      }
    }
  }
  return { busy: busy.id, quiet: quiet.id };
}

interface Figures {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Runs every one of `works` on every query, `rounds` times after one untimed warm-up round, and returns each one's
 * latency spread in µs. The works take turns query by query (and who goes first rotates), so a collection or the
 * machine's noise falls on all of them alike instead of on whichever ran during it: the ratios compare like with like.
 */
function measure(queries: readonly string[], works: ReadonlyArray<(q: string) => unknown>): Figures[] {
  for (const work of works) for (const q of queries) work(q);
  const samples: number[][] = works.map(() => []);
  let turn = 0;
  for (let round = 0; round < rounds; round++) {
    for (const q of queries) {
      turn++;
      for (let k = 0; k < works.length; k++) {
        const at = (k + turn) % works.length;
        const started = performance.now();
        (works[at] as (q: string) => unknown)(q);
        (samples[at] as number[]).push((performance.now() - started) * 1000);
      }
    }
  }
  return samples.map((list) => {
    list.sort((a, b) => a - b);
    return { p50: percentile(list, 0.5), p99: percentile(list, 0.99), max: list[list.length - 1] ?? NaN };
  });
}

const row = (label: string, f: Figures, base?: Figures) =>
  `| ${label} | ${fmt(f.p50, 0)} | ${fmt(f.p99, 0)} | ${fmt(f.max, 0)} | ${base ? `${fmt(f.p50 / base.p50, 2)}× / ${fmt(f.p99 / base.p99, 2)}×` : '—'} |`;

/** Prefixes of the DocNumbers a person types into an invoice box (1–4 characters), plus the customer mix. */
function docNumberQueries(invoices: readonly InvoiceRecord[], nameQueries: readonly string[]): string[] {
  const prefixes = new Set<string>();
  for (const invoice of invoices) {
    const doc = invoice.docNumber ?? '';
    for (let n = 1; n <= Math.min(4, doc.length); n++) prefixes.add(doc.slice(0, n).toLowerCase());
    if (prefixes.size >= queryCount / 2) break;
  }
  return [...prefixes, ...nameQueries.slice(0, queryCount / 2)];
}

async function main(): Promise<void> {
  const started = performance.now();
  const snapshot = loadSnapshot();
  const { busy, quiet } = concentrateInvoices(snapshot.invoices, snapshot.customers);
  const count = (id: string) => snapshot.invoices.filter((invoice) => invoice.customerId === id).length;
  const counts = ENTITY_NAMES.map((entity) => `${snapshot[entity].length} ${entity}`).join(', ');
  const indexes: SearchIndexes = await createSearchIndexes(snapshot satisfies SearchRecords, {});
  const names: readonly IndexName[] = indexNamesFor(ENTITY_NAMES);
  console.log(`# search-multi, ${new Date().toISOString()}, Node ${process.version}\n`);
  console.log(`${counts} (customer ${busy}: ${count(busy)} invoices, customer ${quiet}: ${count(quiet)}); built in ${fmt((performance.now() - started) / 1000)} s, heap ${fmt(heapUsedMb(), 0)} MB; ${rounds} rounds after a warm-up\n`);

  const mix = typeaheadMix(snapshot.customers.map((c) => c.name), queryCount, 7).queries;
  console.log(`## One query across all ${names.length} indexes against one index (${mix.length} typeahead queries, limit 15), µs\n`);
  console.log('| search | p50 | p99 | max | ÷ client_names (p50 / p99) |');
  console.log('| --- | --- | --- | --- | --- |');
  const others = names.filter((n) => n !== 'client_names');
  // client_names and all 11 take turns; the other indexes are timed beside client_names one by one, for the table.
  const [one, all] = measure(mix, [(q) => indexes.search('client_names', q, { limit: 15 }), (q) => indexes.searchGroups(names, q, { limit: 15 })]) as [Figures, Figures];
  console.log(row('client_names', one));
  for (const name of others) console.log(row(name, (measure(mix, [(q) => indexes.search(name, q, { limit: 15 })]) as [Figures])[0], one));
  console.log(row(`all ${names.length} (GET /api/search)`, all, one));
  console.log(`\nall ÷ one, p99: **${fmt(all.p99 / one.p99, 2)}×** (goal ≤ 3×)\n`);

  const invoiceQueries = docNumberQueries(snapshot.invoices, mix);
  console.log(`## Filtered against unfiltered on invoice_numbers (${invoiceQueries.length} queries: DocNumber prefixes and the name mix), µs\n`);
  console.log('| search | p50 | p99 | max | ÷ unfiltered (p50 / p99) |');
  console.log('| --- | --- | --- | --- | --- |');
  const search = (filter?: SearchFilter) => (q: string) => indexes.search('invoice_numbers', q, { limit: 15, filter });
  const cases: Array<[string, SearchFilter]> = [
    ['customer_id (2,000 invoices)', { customerId: busy }],
    ['customer_id (3 invoices)', { customerId: quiet }],
    ['open=true', { open: true }],
    ['from/to (one year)', { from: '2025-01-01', to: '2025-12-31' }],
    ['customer_id (2,000) + open=true', { customerId: busy, open: true }],
  ];
  // The first search with a filter builds what the index keeps for it (filter-slots.ts): timed apart, once each.
  const firsts = cases.map(([, filter]) => {
    const started = performance.now();
    search(filter)(invoiceQueries[0] ?? '1');
    return performance.now() - started;
  });
  // Each filtered case takes turns with the unfiltered search (a pair per case).
  const ratios: number[] = [];
  for (const [label, filter] of cases) {
    const [unfiltered, figures] = measure(invoiceQueries, [search(), search(filter)]) as [Figures, Figures];
    ratios.push(figures.p99 / unfiltered.p99);
    console.log(row('unfiltered', unfiltered));
    console.log(row(label, figures, unfiltered));
  }
  console.log(`\nfiltered ÷ unfiltered, p99: ${ratios.map((r) => `${fmt(r, 2)}×`).join(', ')} (goal ≤ 1.2× each)`);
  console.log(`first search with each filter (builds its slot mask): ${firsts.map((ms) => `${fmt(ms, 1)} ms`).join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
