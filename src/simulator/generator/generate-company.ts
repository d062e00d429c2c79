import type { SimEntity } from '../entities';
import { createRandom } from '../random';
import type { StoredRecord } from '../records';
import { TIME } from '../qbo-time';
import { fixtureCustomers, fixtureInvoices, fixtureItems, fixtureVendors } from './fixture-records';
import { generateBills } from './generate-bills';
import { generateCustomers } from './generate-customers';
import { generateEstimates } from './generate-estimates';
import { generateInvoices } from './generate-invoices';
import { generateItems } from './generate-items';
import { generatePurchaseOrders, type PurchaseContext } from './generate-purchase-orders';
import { generateVendors } from './generate-vendors';
import { createNameRegistry, type NameRegistry } from './party-names';

/** How many records of each entity (fixtures included), keyed like the service's entity names. */
export interface CompanySizes {
  readonly customers: number;
  readonly vendors: number;
  readonly items: number;
  readonly invoices: number;
  readonly estimates: number;
  readonly purchase_orders: number;
  readonly bills: number;
}

export type GeneratedCompany = Readonly<Record<SimEntity, readonly StoredRecord[]>>;

/** What a generator gets: its size and random stream, and the company generated before it (for references). */
export interface GenerationContext {
  readonly seed: number;
  readonly stream: number;
  readonly anchorMs: number;
  readonly size: number;
  /** The entities earlier in GENERATORS, complete. */
  readonly company: Partial<GeneratedCompany>;
  /** DisplayNames are unique across customers and vendors (docs/quickbooks.md#entities). */
  readonly partyNames: NameRegistry;
}

interface Generator {
  readonly size: keyof CompanySizes;
  /** One independent random stream per entity: a bigger invoice count never changes a customer. */
  readonly stream: number;
  readonly generate: (ctx: GenerationContext) => readonly StoredRecord[];
}

/** Items that can be sold on a line: the active, non-category, non-group fixtures (stable for any item count). */
export function sellableItems(anchorMs: number): StoredRecord[] {
  return fixtureItems(anchorMs).filter((i) => i.json.Type !== 'Category' && i.json.Type !== 'Group' && i.json.Active !== false);
}

/** What purchase orders and bills refer to: vendors, customers (jobs a purchase is for) and items. */
function purchaseContext({ seed, stream, anchorMs, company }: GenerationContext): PurchaseContext {
  return { seed, stream, anchorMs, vendors: company.Vendor ?? [], customers: company.Customer ?? [], items: sellableItems(anchorMs) };
}

/** Fixtures first (the lowest Ids), then generated records up to the size; a smaller size still yields every fixture. */
function withFixtures(fixtures: StoredRecord[], generate: (firstId: number) => StoredRecord[]): StoredRecord[] {
  // concat, not push(...): spreading 200,000 records overflows the call stack.
  return fixtures.concat(generate(fixtures.length + 1));
}

/** The generators in dependency order (a transaction refers to the parties and items before it). */
const GENERATORS: { readonly [E in SimEntity]: Generator } = {
  Customer: {
    size: 'customers',
    stream: 1,
    generate: ({ seed, stream, anchorMs, size, partyNames }) => {
      const fixtures = fixtureCustomers(anchorMs);
      fixtures.forEach((c) => partyNames.claim(String(c.json.DisplayName)));
      return withFixtures(fixtures, (first) => generateCustomers(createRandom(seed, stream), first, size, anchorMs, partyNames));
    },
  },
  Vendor: {
    size: 'vendors',
    stream: 2,
    generate: ({ seed, stream, anchorMs, size, partyNames }) => {
      const fixtures = fixtureVendors(anchorMs);
      fixtures.forEach((v) => partyNames.claim(String(v.json.DisplayName)));
      return withFixtures(fixtures, (first) => generateVendors(createRandom(seed, stream), first, size, anchorMs, partyNames));
    },
  },
  Item: {
    size: 'items',
    stream: 3,
    generate: ({ seed, stream, anchorMs, size }) => {
      const itemNames = createNameRegistry();
      const fixtures = fixtureItems(anchorMs);
      fixtures.forEach((i) => itemNames.claim(String(i.json.Name)));
      const categories = fixtures.filter((i) => i.json.Type === 'Category').map((i) => ({ id: i.id, name: String(i.json.Name) }));
      const context = { claimName: (name: string) => itemNames.claim(name), categories, sellable: sellableItems(anchorMs) };
      return withFixtures(fixtures, (first) => generateItems(createRandom(seed, stream), first, size, anchorMs, context));
    },
  },
  Invoice: {
    size: 'invoices',
    stream: 4,
    generate: ({ seed, stream, anchorMs, size, company }) => {
      const customers = company.Customer ?? [];
      return withFixtures(fixtureInvoices(anchorMs, customers, company.Item ?? []), (first) =>
        generateInvoices(first, size, { seed, stream, anchorMs, customers, sellable: sellableItems(anchorMs) }),
      );
    },
  },
  Estimate: {
    size: 'estimates',
    stream: 5,
    generate: ({ seed, stream, anchorMs, size, company }) => generateEstimates(1, size, { seed, stream, anchorMs, customers: company.Customer ?? [], sellable: sellableItems(anchorMs) }),
  },
  PurchaseOrder: { size: 'purchase_orders', stream: 6, generate: (ctx) => generatePurchaseOrders(1, ctx.size, purchaseContext(ctx)) },
  Bill: { size: 'bills', stream: 7, generate: (ctx) => generateBills(1, ctx.size, purchaseContext(ctx)) },
};

/**
 * The generated history ends at the start of the clock's UTC day, so the company is byte-identical for the same
 * seed and sizes all day long (and always, with an injected clock), and every timestamp lies in the past.
 */
export function generationAnchor(nowMs: number): number {
  return Math.floor(nowMs / TIME.DAY) * TIME.DAY;
}

/** Builds the company, entity by entity in GENERATORS' order. */
export function generateCompany(seed: number, sizes: CompanySizes, nowMs: number): GeneratedCompany {
  const anchorMs = generationAnchor(nowMs);
  const partyNames = createNameRegistry();
  const company: Partial<Record<SimEntity, readonly StoredRecord[]>> = {};
  for (const [entity, generator] of Object.entries(GENERATORS) as Array<[SimEntity, Generator]>) {
    company[entity] = generator.generate({ seed, stream: generator.stream, anchorMs, size: sizes[generator.size], company, partyNames });
  }
  return company as GeneratedCompany;
}
