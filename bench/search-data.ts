/**
 * Seeded synthetic QBO data for the search benches: realistic names (accents, ø/ł/ß, apostrophes,
 * ampersands, a few CJK), emails, SKUs like PRD-00123 / AB-12-X, 5–15-word descriptions.
 * Same seed → same records, so runs compare.
 */
import type { CustomerRecord, InvoiceRecord, ItemRecord } from '../src/qbo/records';

import { createRandom, pick, type Random } from '../test/support/seeded-random';

export { createRandom, pick, type Random };

const GIVEN = [
  'Amy', 'José', 'Søren', 'Łukasz', 'Zoë', 'Chloé', 'Jane', 'John', 'Miloš', 'Mill', 'Aoife', 'Siobhán', 'Björn',
  'François', 'Renée', 'Mohammed', 'Ana', 'Ángel', 'Nuñez', 'Ewa', 'Grzegorz', 'Dmitri', 'Olga', 'Kwame', 'Priya',
  'Raj', 'Mei', 'Hiroshi', 'Yuki', 'Ingrid', 'Sven', 'Åsa', 'Per', 'Marta', 'Tomás', 'Emma', 'Liam', 'Noah', 'Olivia',
  'Ava', 'Isabella', 'Lucas', 'Mateo', 'Élodie', 'Gaël', 'Ruairí', 'Dorota', 'Paweł', 'Jürgen', 'Käthe',
];
const FAMILY = [
  "O'Brien", "O’Neill", "D'Angelo", 'Müller', 'Ødegaard', 'Nowak', 'Groß', 'Miller', 'Milošević', 'Smith', 'Johnson',
  'García', 'Martínez', 'Núñez', 'Kowalski', 'Wiśniewski', 'Lefèvre', 'Dubois', 'Rossi', 'Bianchi', 'Schmidt',
  'Schneider', 'Fischer', 'Weiß', 'Nguyễn', 'Tran', 'Kim', 'Park', 'Patel', 'Singh', 'Khan', 'Andersen', 'Ødegård',
  'Björklund', 'Fernández', 'López', "McDonald", "MacLeod", 'Ó Súilleabháin', 'Brown', 'Taylor', 'Wilson', 'Moore',
];
const COMPANY_WORDS = [
  'Acme', 'Industrial', 'Metals', 'Supply', 'Global', 'Northern', 'Pacific', 'Atlantic', 'Bird', 'Sanctuary',
  'Hardware', 'Fasteners', 'Precision', 'Tools', 'Logistics', 'Foods', 'Bakery', 'Café', 'Construction', 'Electric',
  'Plumbing', 'Roofing', 'Landscaping', 'Consulting', 'Design', 'Studio', 'Garage', 'Auto', 'Marine', 'Medical',
  'Dental', 'Legal', 'Partners', 'Holdings', 'Ventures', 'Systems', 'Solutions', 'Labs', 'Works', 'Trading',
  'Østfold', 'Kraków', 'Zürich', 'Malmö', 'São Paulo', 'Montréal', 'Straße', 'Bäckerei', 'Ærø', 'Łódź',
];
const SUFFIXES = ['Co', 'Inc', 'LLC', 'Ltd', 'GmbH', 'AG', 'S.A.', '& Sons', '& Co', 'Group', 'AS', 'Sp. z o.o.'];
const CJK = ['山田商事', '東京精機', '大阪物産', 'さくら食品', 'ミドリ電機', '한국무역', '서울상사', '北京贸易', '上海机械'];
const DOMAINS = ['example.com', 'mail.example.org', 'acme.com', 'gmail.com', 'outlook.com', 'company.co.uk'];
const DESCRIPTION_WORDS = [
  'stainless', 'steel', 'hex', 'bolt', 'nut', 'washer', 'zinc', 'plated', 'galvanized', 'brass', 'copper', 'aluminium',
  'pipe', 'fitting', 'elbow', 'tee', 'valve', 'ball', 'gate', 'check', 'threaded', 'flanged', 'socket', 'screw',
  'wood', 'machine', 'self', 'tapping', 'drywall', 'anchor', 'sleeve', 'rivet', 'pop', 'blind', 'hinge', 'bracket',
  'angle', 'plate', 'sheet', 'rod', 'bar', 'tube', 'round', 'square', 'flat', 'heavy', 'duty', 'light', 'medium',
  'coarse', 'fine', 'thread', 'metric', 'imperial', 'M6', 'M8', 'M10', 'M12', '1/4"', '3/8"', '1/2"', 'inch', 'mm',
  'pack', 'box', 'of', '10', '25', '50', '100', 'black', 'oxide', 'coated', 'white', 'red', 'blue', 'green', 'yellow',
  'cable', 'wire', 'copper', 'insulated', 'PVC', 'rubber', 'seal', 'gasket', 'o-ring', 'spring', 'lock', 'key',
  'padlock', 'chain', 'hook', 'eye', 'shackle', 'rope', 'nylon', 'polyester', 'glove', 'safety', 'helmet', 'boots',
  'for', 'use', 'with', 'outdoor', 'indoor', 'marine', 'grade', 'food', 'safe', 'high', 'temperature', 'pressure',
];
const ITEM_TYPES = ['Inventory', 'NonInventory', 'Service'];

const UPDATED_AT = '2024-06-01T12:00:00-07:00';

function companyName(random: Random): string {
  if (random() < 0.02) return pick(random, CJK);
  const words = [pick(random, COMPANY_WORDS)];
  if (random() < 0.6) words.push(pick(random, COMPANY_WORDS));
  if (random() < 0.7) words.push(pick(random, SUFFIXES));
  return words.join(' ');
}

function emailOf(random: Random, given: string, family: string): string {
  const local = `${given}.${family}`
    .normalize('NFKD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  return `${local}${random() < 0.3 ? Math.floor(random() * 100) : ''}@${pick(random, DOMAINS)}`;
}

export function generateCustomers(count: number, seed = 1): CustomerRecord[] {
  const random = createRandom(seed);
  const customers: CustomerRecord[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const given = pick(random, GIVEN);
    const family = pick(random, FAMILY);
    const company = random() < 0.7 ? companyName(random) : undefined;
    const person = `${given} ${family}`;
    const base = company !== undefined && random() < 0.6 ? company : person;
    // Display names are unique in QBO: repeat ones get a number, as people do.
    const name = seen.has(base) ? `${base} ${i}` : base;
    seen.add(name);
    customers.push({
      id: String(i + 1),
      updatedAt: UPDATED_AT,
      active: random() >= 0.1,
      name,
      companyName: company,
      givenName: given,
      familyName: family,
      email: random() < 0.8 ? emailOf(random, given, family) : undefined,
      balance: Math.round(random() * 100000) / 100,
    });
  }
  return customers;
}

function sku(random: Random, i: number): string {
  const shape = random();
  if (shape < 0.5) return `PRD-${String(i).padStart(5, '0')}`;
  const letters = () => String.fromCharCode(65 + Math.floor(random() * 26), 65 + Math.floor(random() * 26));
  if (shape < 0.8) return `${letters()}-${Math.floor(random() * 100)}-${letters().slice(0, 1)}${i}`;
  return `${letters()}${String(i).padStart(6, '0')}`;
}

export function generateItems(count: number, seed = 2): ItemRecord[] {
  const random = createRandom(seed);
  const items: ItemRecord[] = [];
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 5 + Math.floor(random() * 11) }, () => pick(random, DESCRIPTION_WORDS));
    const name = `${words.slice(0, 3).join(' ')} ${i}`;
    items.push({
      id: String(i + 1),
      updatedAt: UPDATED_AT,
      active: random() >= 0.1,
      name: name.charAt(0).toUpperCase() + name.slice(1),
      sku: random() < 0.85 ? sku(random, i) : undefined,
      itemType: pick(random, ITEM_TYPES),
      description: words.join(' '),
      purchaseDescription: random() < 0.3 ? `Supplier ${pick(random, COMPANY_WORDS)} ${words.slice(2, 6).join(' ')}` : undefined,
      unitPrice: Math.round(random() * 50000) / 100,
    });
  }
  return items;
}

export function generateInvoices(count: number, customers: readonly CustomerRecord[], seed = 3): InvoiceRecord[] {
  const random = createRandom(seed);
  const invoices: InvoiceRecord[] = [];
  for (let i = 0; i < count; i++) {
    const customer = pick(random, customers);
    invoices.push({
      id: String(i + 1),
      updatedAt: UPDATED_AT,
      active: true,
      docNumber: String(1000 + i),
      customerId: customer.id,
      customerName: customer.name,
      txnDate: '2024-05-01',
      total: Math.round(random() * 500000) / 100,
      balance: 0,
      poNumber: random() < 0.4 ? `PO-${Math.floor(random() * 90000) + 10000}` : undefined,
    });
  }
  return invoices;
}
