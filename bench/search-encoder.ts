/**
 * Which FlexSearch encoder/tokenizer set-up for the search core? Compares, over seeded customers
 * (client_names fields), build time, heap, query latency and precision/recall against the
 * contract's matching rule (our tokenizer + a naive full scan).
 *
 *   npx tsx bench/search-encoder.ts [customers=100000]
 */
import { Charset, Document, Encoder, Index } from 'flexsearch';
import { INDEX_DEFINITIONS } from '../src/search/index-registry';
import { foldText } from '../src/text';
import { prepareEntry } from '../src/search/record-entry';
import { tokenizeField, tokenizeQuery } from '../src/search/tokenize';
import type { CustomerRecord } from '../src/qbo/records';
import { generateCustomers } from './search-data';
import { fmt, heapUsedMb, percentile } from './search-measure';

const COUNT = Number(process.argv[2] ?? 100_000);
const PROBES = ['mill', 'soren', 'lukasz', 'gross', 'obrien', "o'brien", 'brien', 'jose indus', 'muller', 'nunez',
  'jane@ex', '@example.com', '山田', 'acme sup', 'a', 'mi', 'zur'];
/** FlexSearch's own search, multi-word queries included (query.ts intersects itself; see search-core). */
const LATENCY_QUERIES = ['a', 'mi', 'sor', 'acme s', 'jo mu', 'indus'];

interface Variant {
  readonly name: string;
  /** Text handed to FlexSearch for a record. */
  readonly content: (record: CustomerRecord) => string;
  /** Text handed to FlexSearch for a query. */
  readonly query: (q: string) => string;
  readonly create: () => { add(id: number, content: string): unknown; search(q: string, o: { limit: number }): unknown };
}

const definition = INDEX_DEFINITIONS.customers[0]!;
const rawContent = (r: CustomerRecord): string =>
  [r.name, r.companyName, r.givenName, r.familyName, r.email].filter((v) => v !== undefined).join(' ');
const ourContent = (r: CustomerRecord): string => prepareEntry(definition, r).content;
const ourQuery = (q: string): string => tokenizeQuery(q).words.join(' ');
const splitOnSpace = (s: string): string[] => s.split(' ');
/** What a tuned Encoder can do on raw text: apostrophes out, letters NFKD keeps (ø, ł, ß...) spelled out. */
const prepare = (s: string): string => foldText(s).replaceAll("'", '');

const VARIANTS: Variant[] = [
  { name: 'default encoder, raw text', content: rawContent, query: (q) => q, create: () => new Index({ tokenize: 'forward' }) },
  {
    name: 'Normalize+numeric/dedupe off+prepare, raw',
    content: rawContent,
    query: (q) => q,
    create: () => new Index({ tokenize: 'forward', encoder: new Encoder({ ...Charset.Normalize, numeric: false, dedupe: false, prepare }) }),
  },
  {
    name: 'ours → Encoder(split " ", no normalize)',
    content: ourContent,
    query: ourQuery,
    create: () => new Index({ tokenize: 'forward', resolution: 1, encoder: new Encoder({ normalize: false, split: ' ', numeric: false, dedupe: false }) }),
  },
  { name: 'ours → encode fn, resolution 9', content: ourContent, query: ourQuery, create: () => new Index({ tokenize: 'forward', encode: splitOnSpace }) },
  { name: 'ours → encode fn, resolution 1 (chosen)', content: ourContent, query: ourQuery, create: () => new Index({ tokenize: 'forward', resolution: 1, encode: splitOnSpace }) },
  {
    name: 'ours → encode fn, resolution 1, keystore 8',
    content: ourContent,
    query: ourQuery,
    create: () => new Index({ tokenize: 'forward', resolution: 1, encode: splitOnSpace, keystore: 8 }),
  },
  {
    name: 'ours → encode fn, resolution 1, keystore 12',
    content: ourContent,
    query: ourQuery,
    create: () => new Index({ tokenize: 'forward', resolution: 1, encode: splitOnSpace, keystore: 12 }),
  },
  {
    name: 'ours → Document 1 field, resolution 1',
    content: ourContent,
    query: ourQuery,
    create: () => {
      const document = new Document({ document: { id: 'id', index: [{ field: 'text', tokenize: 'forward', resolution: 1, encode: splitOnSpace }] } });
      return {
        add: (id: number, text: string) => document.add({ id, text }),
        search: (q: string, o: { limit: number }) => document.search(q, { ...o, merge: true }),
      };
    },
  },
];

interface Analysed {
  readonly words: string;
  readonly infix: string;
}

/** The contract's rule by full scan: each query word starts a word, or lies inside CJK text. */
function referenceMatches(records: readonly Analysed[], q: string): Set<number> {
  const words = tokenizeQuery(q).words;
  const hits = new Set<number>();
  if (words.length === 0) return hits;
  records.forEach((record, id) => {
    if (words.every((w) => record.words.includes(` ${w}`) || record.infix.includes(w))) hits.add(id);
  });
  return hits;
}

function analyse(record: CustomerRecord): Analysed {
  const tokens = definition.fields.map((field) => tokenizeField(field.read(record) ?? '', field.mode));
  return { words: ` ${tokens.flatMap((t) => t.words).join(' ')}`, infix: tokens.flatMap((t) => t.infixSources).join(' ') };
}

function idsOf(result: unknown): number[] {
  const list = Array.isArray(result) ? result : [];
  return list.map((hit: unknown) => (typeof hit === 'object' && hit !== null && 'id' in hit ? Number(hit.id) : Number(hit)));
}

function main(): void {
  const customers = generateCustomers(COUNT);
  const analysed = customers.map(analyse);
  const references = new Map(PROBES.map((q) => [q, referenceMatches(analysed, q)]));
  console.log(`search-encoder: ${COUNT} customers, ${new Date().toISOString()}, node ${process.version}`);
  console.log('| variant | prepare ms | add ms | worst add ms | heap MB | recall | precision | misses (probe: found/expected) | p50 µs | p99 µs |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const variant of VARIANTS) {
    const heapBefore = heapUsedMb();
    let start = performance.now();
    const contents = customers.map(variant.content);
    const prepareMs = performance.now() - start;
    const index = variant.create();
    start = performance.now();
    let worstAdd = 0;
    contents.forEach((content, id) => {
      const t = performance.now();
      index.add(id, content);
      worstAdd = Math.max(worstAdd, performance.now() - t);
    });
    const addMs = performance.now() - start;
    contents.length = 0;
    const heap = heapUsedMb() - heapBefore;
    let found = 0;
    let expected = 0;
    let returned = 0;
    let correct = 0;
    const misses: string[] = [];
    for (const [q, reference] of references) {
      const ids = idsOf(index.search(variant.query(q), { limit: COUNT }));
      const hit = ids.filter((id) => reference.has(id)).length;
      found += hit;
      expected += reference.size;
      returned += ids.length;
      correct += hit;
      if (hit < reference.size || ids.length > hit) misses.push(`${q}: ${hit}/${reference.size}${ids.length > hit ? ` +${ids.length - hit} wrong` : ''}`);
    }
    const latencies: number[] = [];
    for (let round = 0; round < 200; round++) {
      for (const q of LATENCY_QUERIES) {
        const t = performance.now();
        index.search(variant.query(q), { limit: 15 });
        latencies.push((performance.now() - t) * 1000);
      }
    }
    latencies.sort((a, b) => a - b);
    console.log(
      `| ${variant.name} | ${fmt(prepareMs, 0)} | ${fmt(addMs, 0)} | ${fmt(worstAdd)} | ${fmt(heap, 0)} | ${fmt(found / expected, 3)} | ${fmt(correct / Math.max(1, returned), 3)} | ${misses.slice(0, 6).join('; ') || '—'} | ${fmt(percentile(latencies, 0.5))} | ${fmt(percentile(latencies, 0.99))} |`,
    );
  }
}

/**
 * Why `keystore`: a JS Map rehashes all entries at once when it grows. Slowest single `set` while
 * filling one Map vs 4,096 shards (what `keystore: 12` does), same keys.
 */
function mapGrowth(entries: number): void {
  const slowest = (shards: number): number => {
    const maps = Array.from({ length: shards }, () => new Map<string, number[]>());
    let worst = 0;
    for (let i = 0; i < entries; i++) {
      const key = `term${i}`;
      const start = performance.now();
      (maps[i % shards] as Map<string, number[]>).set(key, [i]);
      worst = Math.max(worst, performance.now() - start);
    }
    return worst;
  };
  console.log(`\nMap growth to ${entries} keys: slowest set ${fmt(slowest(1))} ms in one Map, ${fmt(slowest(4096))} ms over 4,096 shards`);
}

main();
mapGrowth(300_000);
mapGrowth(1_100_000);
