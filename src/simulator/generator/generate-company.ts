import type { SimEntity } from '../entities';
import { createRandom } from '../random';
import type { StoredRecord } from '../records';
import { TIME } from '../qbo-time';
import { fixtureCustomers, fixtureInvoices, fixtureItems, fixtureVendors } from './fixture-records';
import { generateCustomers } from './generate-customers';
import { generateInvoices } from './generate-invoices';
import { generateItems } from './generate-items';
import { generateVendors } from './generate-vendors';
import { createNameRegistry } from './party-names';

export interface CompanySizes {
  readonly customers: number;
  readonly vendors: number;
  readonly items: number;
  readonly invoices: number;
}

export type GeneratedCompany = Readonly<Record<SimEntity, readonly StoredRecord[]>>;

/** One independent random stream per entity: a bigger invoice count never changes a customer. */
const STREAMS = { Customer: 1, Vendor: 2, Item: 3, Invoice: 4 } as const;

/**
 * The generated history ends at the start of the clock's UTC day, so the company is byte-identical for the same
 * seed and sizes all day long (and always, with an injected clock), and every timestamp lies in the past.
 */
export function generationAnchor(nowMs: number): number {
  return Math.floor(nowMs / TIME.DAY) * TIME.DAY;
}

/**
 * Builds the company: the fixtures (SIM_FIXTURES) at the lowest Ids, then generated records up to each size.
 * A size smaller than the fixture count still yields all fixtures.
 */
export function generateCompany(seed: number, sizes: CompanySizes, nowMs: number): GeneratedCompany {
  const anchorMs = generationAnchor(nowMs);
  const names = createNameRegistry();

  const customerFixtures = fixtureCustomers(anchorMs);
  customerFixtures.forEach((c) => names.claim(String(c.json.DisplayName)));
  const vendorFixtures = fixtureVendors(anchorMs);
  vendorFixtures.forEach((v) => names.claim(String(v.json.DisplayName)));
  // concat, not push(...): spreading 200,000 records overflows the call stack.
  const customers = customerFixtures.concat(
    generateCustomers(createRandom(seed, STREAMS.Customer), customerFixtures.length + 1, sizes.customers, anchorMs, names),
  );
  const vendors = vendorFixtures.concat(
    generateVendors(createRandom(seed, STREAMS.Vendor), vendorFixtures.length + 1, sizes.vendors, anchorMs, names),
  );

  const itemNames = createNameRegistry();
  const itemFixtures = fixtureItems(anchorMs);
  itemFixtures.forEach((i) => itemNames.claim(String(i.json.Name)));
  const categories = itemFixtures.filter((i) => i.json.Type === 'Category').map((i) => ({ id: i.id, name: String(i.json.Name) }));
  const sellable = itemFixtures.filter((i) => i.json.Type !== 'Category' && i.json.Type !== 'Group' && i.json.Active !== false);
  const items = itemFixtures.concat(generateItems(createRandom(seed, STREAMS.Item), itemFixtures.length + 1, sizes.items, anchorMs, {
    claimName: (name) => itemNames.claim(name),
    categories,
    sellable,
  }));

  const invoiceFixtures = fixtureInvoices(anchorMs, customers, items);
  const invoices = invoiceFixtures.concat(
    generateInvoices(invoiceFixtures.length + 1, sizes.invoices, { seed, stream: STREAMS.Invoice, anchorMs, customers, sellable }),
  );

  return { Customer: customers, Vendor: vendors, Item: items, Invoice: invoices };
}
