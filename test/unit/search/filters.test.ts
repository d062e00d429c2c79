/**
 * Filters: a filtered search answers the reference ranking of the records that pass the filter (filters never
 * reorder), whatever the query, before and after the filtered records change. How fast a filtered search is against
 * an unfiltered one is measured by bench/search-multi.ts (BENCHMARKS.md), not here.
 */
import type { InvoiceRecord } from '../../../src/qbo/records';
import { createSearchIndexes, type SearchIndexes, type SearchSnapshot } from '../../../src/search';
import { createRandom, generateSnapshot, int, pick } from './generated-records';
import { refRecords, refSearch } from './reference-search';

const INVOICES = 40_000;
const BIG = '1000'; // 2,000 invoices
const SMALL = '1001'; // 3 invoices

function company(): SearchSnapshot {
  const base = generateSnapshot(11, { customers: 400, items: 10, invoices: 10 });
  const random = createRandom(5);
  const customers = [...(base.customers as readonly { id: string; name: string }[])];
  const invoices: InvoiceRecord[] = Array.from({ length: INVOICES }, (_, i) => {
    const customer = i < 2000 ? customers[0]! : i < 2003 ? customers[1]! : pick(random, customers.slice(2));
    return {
      id: String(100_000 + i),
      updatedAt: '2024-06-01T00:00:00Z',
      active: true,
      docNumber: String(int(random, 1000, 60_000)),
      customerId: customer.id,
      customerName: customer.name,
      txnDate: `2024-${String(int(random, 1, 12)).padStart(2, '0')}-15`,
      balance: random() < 0.3 ? 10 : 0,
      poNumber: random() < 0.4 ? `PO-${int(random, 1, 9999)}` : undefined,
    };
  });
  return { ...base, invoices };
}

describe('filtered search', () => {
  const snapshot = company();
  let indexes: SearchIndexes;
  beforeAll(async () => {
    indexes = await createSearchIndexes(snapshot);
  });

  it('when a customer or date filter is given, then the answer is the reference ranking of the records that pass it', () => {
    const all = refRecords(snapshot, 'invoice_numbers');
    const invoices = new Map((snapshot.invoices as readonly InvoiceRecord[]).map((r) => [r.id, r]));
    const random = createRandom(9);
    for (let n = 0; n < 60; n++) {
      const query = pick(random, ['1', '2', '10', '123', '5', '59', 'a', 'e', 'zz']) + (random() < 0.3 ? String(int(random, 0, 9)) : '');
      const customerId = pick(random, [BIG, SMALL, '1002', '1100']);
      const filter = random() < 0.5 ? { customerId } : { customerId, open: true as const, from: '2024-03-01', to: '2024-09-15' };
      const passes = (id: string) => {
        const r = invoices.get(id)!;
        const bounded = 'open' in filter ? (r.balance ?? 0) > 0 && r.txnDate! >= '2024-03-01' && r.txnDate! <= '2024-09-15' : true;
        return r.customerId === customerId && bounded;
      };
      const expected = refSearch(all.filter((r) => passes(r.id)), query, 15);
      expect({ query, filter, ids: indexes.search('invoice_numbers', query, { filter }).results.map((r) => r.id) }).toEqual({ query, filter, ids: expected });
    }
  });

  it('when invoices of a filtered customer change, then the filtered answer follows the change (the kept tables are dropped)', () => {
    const invoices = new Map((snapshot.invoices as readonly InvoiceRecord[]).map((r) => [r.id, r]));
    const big = [...invoices.values()].filter((r) => r.customerId === BIG);
    const name = big[0]!.customerName!;
    const query = name.slice(0, 2).toLowerCase();
    indexes.search('invoice_numbers', query, { filter: { customerId: BIG } }); // builds and keeps BIG's tables
    const moved = { ...big[0]!, customerId: SMALL, customerName: 'Small Customer' };
    const added: InvoiceRecord = { ...big[1]!, id: '999999', docNumber: '77777' };
    indexes.applyDelta({ invoices: { upserts: [moved, added], deletes: [big[2]!.id] } });
    invoices.set(moved.id, moved).set(added.id, added).delete(big[2]!.id);
    const all = refRecords({ ...snapshot, invoices: [...invoices.values()] }, 'invoice_numbers');
    for (const [q, customerId] of [[query, BIG], ['77', BIG], ['small', SMALL], [query, SMALL], ['1', BIG]] as const) {
      const expected = refSearch(all.filter((r) => invoices.get(r.id)!.customerId === customerId), q, 15);
      expect({ q, customerId, ids: indexes.search('invoice_numbers', q, { filter: { customerId } }).results.map((r) => r.id) }).toEqual({ q, customerId, ids: expected });
    }
  });

  it('when customer ids are not plain decimal numbers and dates sit on the bounds, then each filter keeps exactly its records', async () => {
    const base = generateSnapshot(12, { customers: 20, items: 5, invoices: 5 });
    // '7' and '007' are different customers; 'abc' is not a number at all; one invoice has no date.
    const owners = ['7', '007', 'abc', 'ABC', '2147483648'];
    const invoices: InvoiceRecord[] = Array.from({ length: 200 }, (_, i) => ({
      id: String(500 + i),
      updatedAt: '2024-06-01T00:00:00Z',
      active: true,
      docNumber: `10${i}`,
      customerId: owners[i % owners.length],
      customerName: `Owner ${owners[i % owners.length]}`,
      txnDate: i === 3 ? undefined : `2024-0${1 + (i % 9)}-${i % 2 === 0 ? '01' : '30'}`,
      balance: i % 3 === 0 ? 5 : 0,
    }));
    const small = { ...base, invoices };
    const index = await createSearchIndexes(small);
    const all = refRecords(small, 'invoice_numbers');
    const byId = new Map(invoices.map((r) => [r.id, r]));
    const cases = [
      ...owners.map((customerId) => ({ customerId })),
      { customerId: '0007' },
      { from: '2024-03-30', to: '2024-05-01' },
      { from: '2024-09-01' },
      { to: '2024-01-01', open: true as const },
      { customerId: 'abc', open: true as const, from: '2024-02-01' },
    ];
    for (const filter of cases) {
      const passes = (r: InvoiceRecord): boolean =>
        ('customerId' in filter ? r.customerId === filter.customerId : true) &&
        ('open' in filter ? (r.balance ?? 0) > 0 : true) &&
        ('from' in filter && filter.from !== undefined ? r.txnDate !== undefined && r.txnDate >= filter.from : true) &&
        ('to' in filter && filter.to !== undefined ? r.txnDate !== undefined && r.txnDate <= filter.to : true);
      for (const query of ['10', 'owner', '1']) {
        const expected = refSearch(all.filter((r) => passes(byId.get(r.id)!)), query, 100);
        const ids = index.search('invoice_numbers', query, { filter, limit: 100 }).results.map((r) => r.id);
        expect({ filter, query, ids }).toEqual({ filter, query, ids: expected });
      }
    }
    expect(index.search('invoice_numbers', '10', { filter: { customerId: '0007' }, limit: 100 }).results).toEqual([]);
  });
});
