import { performance } from 'node:perf_hooks';
import { Index } from 'flexsearch';
import { INDEX_DEFINITIONS } from '../src/search/index-registry';
import { prepareEntry } from '../src/search/record-entry';
import { generateCustomers, generateItems } from './search-data';
import { heapUsedMb } from './search-measure';
const customers = generateCustomers(100000);
const items = generateItems(50000);
const contents = [
  ...customers.map((c) => prepareEntry(INDEX_DEFINITIONS.customers[0]!, c).content),
];
const itemContents = items.map((c) => prepareEntry(INDEX_DEFINITIONS.items[2]!, c).content);
for (const keystore of [0, 8, 12, 16]) {
  for (const [label, list] of [['customers', contents], ['part_numbers', itemContents]] as const) {
    const before = heapUsedMb();
    const idx = new Index({ tokenize: 'forward', resolution: 1, encode: (s: string) => s.split(' '), ...(keystore ? { keystore } : {}) });
    let worst = 0;
    const t0 = performance.now();
    list.forEach((c, i) => { const t = performance.now(); idx.add(i, c); const d = performance.now() - t; if (d > worst) worst = d; });
    const total = performance.now() - t0;
    const q = []; for (let k = 0; k < 20000; k++) { const t = performance.now(); idx.search(['a','mi','sor','jo','prd','~12'][k % 6]!, { limit: 2 ** 31 - 1 }); q.push(performance.now() - t); }
    q.sort((a, b) => a - b);
    console.log(`keystore ${keystore} ${label}: add ${total.toFixed(0)} ms, worst single add ${worst.toFixed(1)} ms, heap ${(heapUsedMb() - before).toFixed(0)} MB, lookup p50 ${(q[10000]! * 1000).toFixed(2)} µs`);
  }
}
