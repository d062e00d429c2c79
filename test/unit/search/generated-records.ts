/**
 * Seeded random records and queries for the property tests (no extra dependency).
 */
import type { BillRecord, CustomerRecord, EstimateRecord, InvoiceRecord, ItemRecord, PurchaseOrderRecord } from '../../../src/qbo/records';
import type { SearchSnapshot } from '../../../src/search';

import { createRandom, pick, type Random } from '../../support/seeded-random';

export { createRandom, pick, type Random };
export const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));

const WORDS = [
  'Acme', 'Amy', "Amy's", 'Bird', 'Sanctuary', "O'Brien", 'O’Neill', 'Sons', 'José', 'Müller', 'Industrial', 'Metals',
  'Søren', 'Ødegaard', 'Łukasz', 'Nowak', 'Groß', 'GmbH', 'Miloš', 'Mill', 'Miller', 'Millbrook', 'Café', 'Cafe',
  'Olé', 'Núñez', 'Æble', 'Œuvre', 'Þór', 'Đorđe', 'Supply', 'Co', 'Inc', '&', 'Hardware', 'Hex', 'Bolt', 'Nut',
  'Stainless', 'Steel', 'M8', 'Zinc', 'a', 'A', 'Ab', 'Abba', 'Ace', 'Aces', 'Al', 'Alba', '山田', '商事', '東京',
  'さくら', 'ミドリ電機', '서울상사', 'Zoë', 'Chloé', 'Björn', 'Jürgen', 'Weiß', 'Straße', 'Ærø', 'Łódź',
];
const DOMAINS = ['example.com', 'acme.com', 'mail.example.org'];

function phrase(random: Random, min: number, max: number): string {
  return Array.from({ length: int(random, min, max) }, () => pick(random, WORDS)).join(' ');
}

function email(random: Random): string {
  const local = pick(random, ['jane.doe', 'orders', 'j.smith', 'sales', 'amy_b', 'o.brien']);
  return `${local}${random() < 0.3 ? int(random, 1, 99) : ''}@${pick(random, DOMAINS)}`;
}

function sku(random: Random, i: number): string | undefined {
  const shape = random();
  if (shape < 0.15) return undefined;
  if (shape < 0.55) return `PRD-${String(i).padStart(5, '0')}`;
  if (shape < 0.8) return `${pick(random, ['AB', 'GI', 'XY'])}-${int(random, 0, 99)}-${pick(random, ['X', 'Q', 'Z'])}`;
  return `${pick(random, ['GI', 'AB', 'ZZ'])}${String(int(random, 0, 999)).padStart(3, '0')}${pick(random, ['I', 'X', ''])}`;
}

export function generateSnapshot(seed: number, sizes: { customers: number; items: number; invoices: number }): SearchSnapshot {
  const random = createRandom(seed);
  const customers: CustomerRecord[] = Array.from({ length: sizes.customers }, (_, i) => ({
    id: String(1000 + i),
    updatedAt: '2024-06-01T00:00:00Z',
    active: random() > 0.15,
    name: phrase(random, 1, 4),
    companyName: random() < 0.6 ? phrase(random, 1, 3) : undefined,
    givenName: random() < 0.5 ? pick(random, WORDS) : undefined,
    familyName: random() < 0.5 ? pick(random, WORDS) : undefined,
    email: random() < 0.6 ? email(random) : undefined,
  }));
  const items: ItemRecord[] = Array.from({ length: sizes.items }, (_, i) => ({
    id: String(5000 + i),
    updatedAt: '2024-06-01T00:00:00Z',
    active: random() > 0.15,
    name: phrase(random, 1, 3),
    sku: sku(random, i),
    description: random() < 0.8 ? phrase(random, 3, 10) : undefined,
    purchaseDescription: random() < 0.2 ? phrase(random, 2, 5) : undefined,
  }));
  const invoices: InvoiceRecord[] = Array.from({ length: sizes.invoices }, (_, i) => ({
    id: String(9000 + i),
    updatedAt: '2024-06-01T00:00:00Z',
    active: true,
    docNumber: random() < 0.9 ? String(int(random, 1000, 1400)) : undefined,
    customerName: random() < 0.9 ? pick(random, customers).name : undefined,
    poNumber: random() < 0.5 ? `${pick(random, ['PO-', 'PO ', '', 'A-'])}${int(random, 1, 9999)}` : undefined,
  }));
  const vendors = customers.slice(0, Math.floor(sizes.customers / 4));
  // Transactions: a tenth as many of each as invoices; DocNumbers share prefixes, some have none.
  const docNumber = (prefix: string): string | undefined => (random() < 0.9 ? `${prefix}${int(random, 1, 400)}` : undefined);
  const base = (id: number) => ({ id: String(id), updatedAt: '2024-06-01T00:00:00Z', active: true as const });
  const n = Math.ceil(sizes.invoices / 10);
  const estimates: EstimateRecord[] = Array.from({ length: n }, (_, i) => ({ ...base(20_000 + i), docNumber: docNumber('EST-'), customerName: pick(random, customers).name }));
  const purchaseOrders: PurchaseOrderRecord[] = Array.from({ length: n }, (_, i) => ({
    ...base(30_000 + i),
    docNumber: docNumber('PO-'),
    vendorName: pick(random, vendors).name,
    memo: random() < 0.4 ? phrase(random, 2, 5) : undefined,
  }));
  const bills: BillRecord[] = Array.from({ length: n }, (_, i) => ({ ...base(40_000 + i), docNumber: docNumber(''), vendorName: pick(random, vendors).name }));
  return { customers, vendors, items, invoices, estimates, purchase_orders: purchaseOrders, bills };
}

/** Texts a user might type: prefixes of real words (with case, accent and apostrophe variants), codes, noise. */
export function randomQuery(random: Random, texts: readonly string[]): string {
  const roll = random();
  if (roll < 0.05) return pick(random, ['', ' ', '!!!', '&', '@', '😀', '.*+?()[]{}|\\^$', 'zzqx', '\ud800', 'a'.repeat(200)]);
  const source = pick(random, texts);
  const words = source.split(/[\s&@.]+/).filter((w) => w !== '');
  if (words.length === 0) return source;
  if (roll < 0.2) {
    // A piece from inside a word (infix queries for SKUs and CJK, misses elsewhere).
    const word = pick(random, words);
    const start = int(random, 0, Math.max(0, word.length - 1));
    return word.slice(start, start + int(random, 1, 6));
  }
  const count = Math.min(words.length, int(random, 1, 3));
  const first = int(random, 0, words.length - count);
  const query = words
    .slice(first, first + count)
    .map((w) => w.slice(0, int(random, 1, w.length)))
    .join(pick(random, [' ', '  ', ' & ', '-', '@', '.']));
  const variant = random();
  if (variant < 0.15) return query.toUpperCase();
  if (variant < 0.3) return query.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  if (variant < 0.4) return query.replaceAll("'", '’');
  return query;
}
