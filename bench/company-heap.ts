/**
 * What a small company's data costs in a data thread's heap, in-process: its normalized records, then its search
 * indexes (all, and each entity's alone), per company, over several companies held at once so that what one-time
 * code and caches cost is averaged out. The per-company figure of `companies-scale` (RSS) includes this and the
 * rest of a company (its share of a data thread, its connection, its logger); this one says which part is which.
 *
 *   npm run bench -- company-heap [--companies=10] [--customers=2000] [--vendors=100] [--items=500] [--invoices=3000]
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EntityName, RawByEntity, RecordByEntity } from '../src/qbo';
import type { SearchRecords } from '../src/search';
import type { CompanySizes } from '../src/simulator/generator/generate-company';

const built = <T>(module: string): T => createRequire(__filename)(`../dist/${module}`) as T;
const { ENTITIES, normalizeRecord } = built<typeof import('../src/qbo')>('qbo');
const { createSearchIndexes } = built<typeof import('../src/search')>('search');
const { generateCompany } = built<typeof import('../src/simulator/generator/generate-company')>('simulator/generator/generate-company');

const { values: flags } = parseArgs({
  options: {
    companies: { type: 'string', default: '10' },
    customers: { type: 'string', default: '2000' },
    vendors: { type: 'string', default: '100' },
    items: { type: 'string', default: '500' },
    invoices: { type: 'string', default: '3000' },
  },
});
const ENTITY_LIST: readonly EntityName[] = ['customers', 'vendors', 'items', 'invoices'];
const sizes: CompanySizes = {
  customers: Number(flags.customers),
  vendors: Number(flags.vendors),
  items: Number(flags.items),
  invoices: Number(flags.invoices),
  estimates: 0,
  purchase_orders: 0,
  bills: 0,
};
const companies = Number(flags.companies);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heapMb = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

type Raw = Record<EntityName, string[]>;
type Records = Partial<{ [E in EntityName]: RecordByEntity[E][] }>;

/** The company as the store holds it: JSON text per record, generated before anything is measured. */
function rawCompany(seed: number): Raw {
  const company = generateCompany(seed, sizes, Date.parse('2026-12-01T00:00:00Z'));
  const raw = {} as Raw;
  for (const entity of ENTITY_LIST) raw[entity] = company[ENTITIES[entity].qboName].map((stored) => JSON.stringify(stored.json));
  return raw;
}

function normalized(raw: Raw, entities: readonly EntityName[]): Records {
  const records: Records = {};
  for (const entity of entities) {
    (records as Record<EntityName, unknown[]>)[entity] = raw[entity].map((json) => normalizeRecord(entity, JSON.parse(json) as RawByEntity[typeof entity]));
  }
  return records;
}

/** Heap per company, in MB, of `companies` companies each holding its records and, when `indexed`, their indexes. */
async function perCompany(raws: readonly Raw[], entities: readonly EntityName[], indexed: boolean): Promise<number> {
  const held: unknown[] = [];
  const before = heapMb();
  for (const raw of raws) {
    const records = normalized(raw, entities);
    held.push(records, indexed ? await createSearchIndexes(records as SearchRecords, {}) : undefined);
  }
  const after = heapMb();
  held.length = 0;
  return (after - before) / raws.length;
}

async function main(): Promise<void> {
  const raws = Array.from({ length: companies }, (_, k) => rawCompany(k + 1));
  console.log(`# company-heap, ${new Date().toISOString()}, Node ${process.version}`);
  console.log(`${companies} companies of ${ENTITY_LIST.map((e) => `${sizes[e]} ${e}`).join(', ')}, held at once; heap after two collections, MB per company\n`);
  const records = await perCompany(raws, ENTITY_LIST, false);
  const all = await perCompany(raws, ENTITY_LIST, true);
  console.log('| part | MB per company |');
  console.log('| --- | --- |');
  console.log(`| records (normalized) | ${records.toFixed(1)} |`);
  console.log(`| indexes, all | ${(all - records).toFixed(1)} |`);
  for (const entity of ENTITY_LIST) {
    const alone = (await perCompany(raws, [entity], true)) - (await perCompany(raws, [entity], false));
    console.log(`| indexes of ${entity} alone | ${alone.toFixed(1)} |`);
  }
  console.log(`| records and indexes | ${all.toFixed(1)} |`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
