/**
 * A naive reference for the search contract, written from the README's Search section and independent of
 * src/search's tokenizer: fold each record on every call, split on anything that is not a letter or
 * digit, scan every record, sort everything. Slow on purpose; correct by inspection.
 */
import type { BillRecord, CustomerRecord, EstimateRecord, InvoiceRecord, ItemRecord, PartyRecord, PurchaseOrderRecord } from '../../../src/qbo/records';
import type { IndexName, SearchSnapshot } from '../../../src/search';

type Mode = 'text' | 'code' | 'code-infix';
interface RefRecord {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  /** [text, mode, is the primary field (the one the result's name comes from)]. */
  readonly fields: ReadonlyArray<readonly [string | undefined, Mode, boolean?]>;
}

const SPECIAL: Record<string, string> = { ø: 'o', ł: 'l', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h' };
const SPACELESS = /[\p{scx=Han}\p{scx=Hira}\p{scx=Kana}\p{scx=Hang}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmr}\p{scx=Mymr}]/u;

export function refFold(text: string): string {
  let out = '';
  for (const char of text.replace(/[’‘ʼʻ`´′＇]/g, "'").toLowerCase()) {
    if (SPACELESS.test(char)) {
      out += char.normalize('NFKC');
      continue;
    }
    const base = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    out += [...base].map((c) => SPECIAL[c] ?? c).join('');
  }
  // Recompose kana voicing marks split off by the compatibility forms.
  return out.normalize('NFC');
}

/** Words with apostrophes removed; space-less script runs split off from other letters. */
function refWords(text: string): string[] {
  const words: string[] = [];
  for (const raw of refFold(text).split(/[^\p{L}\p{N}\p{M}']+/u)) {
    let current = '';
    let currentSpaceless = false;
    for (const char of raw.replaceAll("'", '')) {
      const spaceless = SPACELESS.test(char);
      if (current !== '' && spaceless !== currentSpaceless) {
        words.push(current);
        current = '';
      }
      current += char;
      currentSpaceless = spaceless;
    }
    if (current !== '') words.push(current);
  }
  return words;
}

function apostropheParts(text: string): string[] {
  return refFold(text)
    .split(/[^\p{L}\p{N}\p{M}']+/u)
    .filter((w) => w.replace(/^'+|'+$/g, '').includes("'"))
    .flatMap((w) => w.split("'"))
    .flatMap(refWords);
}

export function refQueryWords(query: string): string[] {
  return refWords(query);
}

interface Analysed {
  readonly words: string[];
  readonly inside: string[];
  /** Whole-field keys of the primary field. */
  readonly nameKeys: string[];
  /** Whole-field keys of the other fields. */
  readonly otherKeys: string[];
}

const analysed = new WeakMap<RefRecord, Analysed>();

function analyse(record: RefRecord): Analysed {
  const known = analysed.get(record);
  if (known) return known;
  const words: string[] = [];
  const inside: string[] = [];
  const nameKeys: string[] = [];
  const otherKeys: string[] = [];
  for (const [text, mode, primary] of record.fields) {
    if (!text) continue;
    const keys = primary ? nameKeys : otherKeys;
    const fieldWords = refWords(text);
    if (fieldWords.length === 0) continue;
    words.push(...fieldWords, ...apostropheParts(text));
    inside.push(...fieldWords.filter((w) => SPACELESS.test(w)));
    keys.push(fieldWords.join(' '));
    if (mode !== 'text') {
      words.push(fieldWords.join(''));
      keys.push(fieldWords.join(''));
    }
    if (mode === 'code-infix') inside.push(fieldWords.join(''));
  }
  const result = { words, inside, nameKeys, otherKeys };
  analysed.set(record, result);
  return result;
}

/** Every query word starts a word of the record, or lies inside a SKU / space-less text. */
export function refMatches(record: RefRecord, query: string): boolean {
  const q = refQueryWords(query);
  const { words, inside } = analyse(record);
  return q.length > 0 && q.every((w) => words.some((word) => word.startsWith(w)) || inside.some((s) => s.includes(w)));
}

function tier(record: RefRecord, query: string): number {
  const q = refQueryWords(query);
  const key = q.join(' ');
  const { words, nameKeys, otherKeys } = analyse(record);
  // Within the exact and the field-prefix tier, a match in the name before one only in another field.
  if (nameKeys.includes(key)) return 0;
  if (otherKeys.includes(key)) return 1;
  if (nameKeys.some((k) => k.startsWith(key))) return 2;
  if (otherKeys.some((k) => k.startsWith(key))) return 3;
  if (q.every((w) => words.some((word) => word.startsWith(w)))) return 4;
  return 5;
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Ids of the top `limit` records for `query`, by the contract's order. */
export function refSearch(records: readonly RefRecord[], query: string, limit: number, activeOnly = false): string[] {
  return records
    .filter((r) => (!activeOnly || r.active) && refMatches(r, query))
    .map((r) => ({ r, tier: tier(r, query), nameKey: refWords(r.name).join(' ') }))
    .sort(
      (a, b) =>
        a.tier - b.tier ||
        Number(b.r.active) - Number(a.r.active) ||
        a.nameKey.length - b.nameKey.length ||
        (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0) ||
        compareIds(a.r.id, b.r.id),
    )
    .slice(0, limit)
    .map((x) => x.r.id);
}

const partyRef = (r: PartyRecord): RefRecord => ({
  id: r.id,
  name: r.name,
  active: r.active,
  fields: [
    [r.name, 'text', true],
    [r.companyName, 'text'],
    [[r.givenName, r.familyName].filter(Boolean).join(' '), 'text'],
    [r.email, 'text'],
  ],
});
const itemRef = (fields: (r: ItemRecord) => RefRecord['fields']) => (r: ItemRecord): RefRecord => ({ id: r.id, name: r.name, active: r.active, fields: fields(r) });

/** The records of one index as the reference sees them (the contract's indexes table). */
export function refRecords(snapshot: SearchSnapshot, index: IndexName): RefRecord[] {
  const all = <R>(c: SearchSnapshot[keyof SearchSnapshot] & (readonly R[] | ReadonlyMap<string, R>)): R[] =>
    c instanceof Map ? [...c.values()] : [...(c as readonly R[])];
  const customers = all<CustomerRecord>(snapshot.customers);
  const items = all<ItemRecord>(snapshot.items);
  const invoices = all<InvoiceRecord>(snapshot.invoices);
  switch (index) {
    case 'client_names':
      return customers.map(partyRef);
    case 'vendor_names':
      return all<PartyRecord>(snapshot.vendors).map(partyRef);
    case 'product_names':
    case 'part_names':
      return items.map(itemRef((r) => [[r.name, 'text', true], [r.fullyQualifiedName, 'text'], [r.sku, 'code']]));
    case 'product_descriptions':
      return items.map(itemRef((r) => [[r.description, 'text'], [r.purchaseDescription, 'text'], [r.name, 'text', true]]));
    case 'part_numbers':
      return items.filter((r) => r.sku?.trim()).map(itemRef((r) => [[r.sku, 'code-infix'], [r.name, 'text', true], [r.fullyQualifiedName, 'text']]));
    case 'client_pos':
      return invoices
        .filter((r) => r.poNumber?.trim())
        .map((r) => ({ id: r.id, name: r.poNumber ?? '', active: r.active, fields: [[r.poNumber, 'code', true]] }));
    case 'invoice_numbers':
      return invoices
        .filter((r) => r.docNumber?.trim())
        .map((r) => ({ id: r.id, name: r.docNumber ?? '', active: r.active, fields: [[r.docNumber, 'code', true], [r.customerName, 'text']] }));
    // Every transaction listed; one without a DocNumber is named by its id.
    case 'estimate_numbers':
      return all<EstimateRecord>(snapshot.estimates).map((r) => ({ id: r.id, name: r.docNumber ?? r.id, active: r.active, fields: [[r.docNumber ?? r.id, 'code', true], [r.customerName, 'text']] }));
    case 'purchase_orders':
      return all<PurchaseOrderRecord>(snapshot.purchase_orders).map((r) => ({
        id: r.id,
        name: r.docNumber ?? r.id,
        active: r.active,
        fields: [[r.docNumber ?? r.id, 'code', true], [r.vendorName, 'text'], [r.memo, 'text']],
      }));
    case 'bill_numbers':
      return all<BillRecord>(snapshot.bills).map((r) => ({ id: r.id, name: r.docNumber ?? r.id, active: r.active, fields: [[r.docNumber ?? r.id, 'code', true], [r.vendorName, 'text']] }));
  }
}
