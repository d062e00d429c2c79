import { INDEX_DEFINITIONS } from '../src/search/index-registry';
import { prepareEntry } from '../src/search/record-entry';
import { foldText } from '../src/search/fold-text';
import { tokenizeField } from '../src/search/tokenize';
import { generateCustomers } from './search-data';
const customers = generateCustomers(100000);
const d = INDEX_DEFINITIONS.customers[0]!;
const texts = customers.flatMap((c) => [c.name, c.companyName ?? '', `${c.givenName} ${c.familyName}`, c.email ?? '']);
const time = (label: string, f: () => void) => { const t = performance.now(); f(); console.log(label, (performance.now() - t).toFixed(0)); };
for (let r = 0; r < 2; r++) {
time('fold', () => { for (const t of texts) foldText(t); });
time('tokenizeField', () => { for (const t of texts) tokenizeField(t, 'text'); });
time('prepareEntry', () => { for (const c of customers) prepareEntry(d, c); });
time('match WORD_RUN', () => { for (const t of texts) t.match(/[\p{L}\p{N}\p{M}']+/gu); });
time('match SCRIPT', () => { for (const t of texts) t.match(/[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Hang}]+|[^\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Hang}]+/gu); });
}
console.log('ascii share', texts.filter((t) => /^[\x20-\x7e]*$/.test(t)).length / texts.length);
