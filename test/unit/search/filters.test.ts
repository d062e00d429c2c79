/**
 * Filters: a filtered search answers the reference ranking of the records that pass the filter (filters never
 * reorder), whatever the query, and a customer with 3 invoices among 40,000 is found as fast as one with 2,000.
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

  it('when a customer has 3 invoices among 40,000, then its filtered search costs no more than one with 2,000', () => {
    const few = indexes.search('invoice_numbers', 'a', { filter: { customerId: SMALL }, limit: 100 }).results;
    expect(few.length).toBeGreaterThan(0);
    expect(few.every((r) => 'customer_id' in r && r.customer_id === SMALL)).toBe(true);
    const time = (customerId: string) => {
      const queries = ['1', '2', '3', '4', '5', 'a', 'e'];
      for (const q of queries) indexes.search('invoice_numbers', q, { filter: { customerId } }); // warm
      const started = performance.now();
      for (let round = 0; round < 20; round++) for (const q of queries) indexes.search('invoice_numbers', q, { filter: { customerId } });
      return performance.now() - started;
    };
    const unfiltered = (() => {
      const started = performance.now();
      for (let round = 0; round < 20; round++) for (const q of ['1', '2', '3', '4', '5', 'a', 'e']) indexes.search('invoice_numbers', q);
      return performance.now() - started;
    })();
    const small = time(SMALL);
    const big = time(BIG);
    // Generous bounds (a shared 2-core machine): the selective filter must not walk every match of the query.
    expect(small).toBeLessThan(Math.max(3 * unfiltered, 50));
    expect(small).toBeLessThan(Math.max(3 * big, 50));
  });
});
