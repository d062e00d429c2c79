/**
 * In-place CDC deltas must answer exactly like a fresh build of the changed snapshot.
 */
import type { CustomerRecord, InvoiceRecord, ItemRecord } from '../../../src/qbo/records';
import { createSearchIndexes, type SearchDelta } from '../../../src/search';
import { applyToSnapshot, expectSameAnswers, type WithId } from './compare-indexes';
import { customers, invoices, items, snapshot, vendors } from './fixtures';
import { createRandom, generateSnapshot, int, pick, randomQuery } from './generated-records';
import { refRecords } from './reference-search';

const byId = <R extends WithId>(records: readonly R[], id: string): R => records.find((r) => r.id === id)!;

describe('search deltas', () => {
  const delta: SearchDelta = {
    customers: {
      upserts: [
        { id: '100', updatedAt: '2024-06-02T00:00:00Z', active: true, name: 'Acme Zeta Corp', email: 'zeta@example.com' },
        { ...byId<CustomerRecord>(customers, '10'), name: 'Millbrook Bakery', companyName: 'Millbrook Bakery' },
        { ...byId<CustomerRecord>(customers, '1'), active: false },
      ],
      deletes: ['14', 'no-such-id'],
    },
    vendors: { deletes: ['502'] },
    items: {
      upserts: [
        { ...byId<ItemRecord>(items, '101'), sku: 'PRD-77777' },
        { ...byId<ItemRecord>(items, '104'), sku: 'HOSE-15' },
      ],
      deletes: ['109'],
    },
    invoices: {
      upserts: [
        { ...byId<InvoiceRecord>(invoices, '201'), poNumber: undefined },
        { ...byId<InvoiceRecord>(invoices, '205'), docNumber: '2000' },
      ],
    },
  };
  const queries = ['a', 'acme', 'acme s', 'mill', 'millb', 'zeta', '@example.com', 'oeuvre', 'bolt', 'prd', '00123', '77777', 'hose', 'blt', 'po', '4471', '1', '2000', 'jane'];

  it('when records are added, renamed, deactivated and deleted, then search equals a fresh rebuild', async () => {
    const patched = await createSearchIndexes(snapshot);
    patched.applyDelta(delta);
    const fresh = await createSearchIndexes(applyToSnapshot(snapshot, delta));
    expectSameAnswers(patched, fresh, queries);

    expect(patched.search('client_names', 'zeta').results.map((r) => r.name)).toEqual(['Acme Zeta Corp']);
    expect(patched.search('client_names', 'mill').results.map((r) => r.name)).toEqual(['Miller & Co', 'Millbrook Bakery']);
    expect(patched.search('client_names', 'acme', { activeOnly: true }).results.map((r) => r.name)).not.toContain('Acme Supply Co');
    expect(patched.search('client_names', 'acme').results.map((r) => r.name)).not.toContain('Acme');
    expect(patched.search('part_numbers', 'hose').results.map((r) => r.name)).toEqual(['Garden Hose']);
    expect(patched.search('client_pos', 'PO-4471').results).toEqual([]);
  });

  it('when a delta record changes again and is then deleted, then it is gone everywhere', async () => {
    const patched = await createSearchIndexes(snapshot);
    const record: CustomerRecord = { id: '300', updatedAt: '2024-06-02T00:00:00Z', active: true, name: 'Temporary Tenant' };
    patched.applyDelta({ customers: { upserts: [record] } });
    patched.applyDelta({ customers: { upserts: [{ ...record, name: 'Temporary Tenant Renamed' }] } });
    expect(patched.search('client_names', 'temporary').results.map((r) => r.name)).toEqual(['Temporary Tenant Renamed']);
    patched.applyDelta({ customers: { deletes: ['300'] } });
    expect(patched.search('client_names', 'temporary').results).toEqual([]);
    expect(patched.counts().client_names).toBe(customers.length);
  });

  it('when random deltas are applied in several rounds, then random queries equal a fresh rebuild', async () => {
    const random = createRandom(99);
    let current = generateSnapshot(5, { customers: 600, items: 300, invoices: 200 });
    const patched = await createSearchIndexes(current);
    const donors = generateSnapshot(6, { customers: 600, items: 300, invoices: 200 });
    for (let round = 0; round < 4; round++) {
      const take = <R extends WithId>(pool: readonly R[], from: readonly R[]): R[] =>
        Array.from({ length: int(random, 0, 6) }, () => ({ ...pick(random, pool), id: pick(random, from).id }));
      const ids = <R extends WithId>(from: readonly R[]) => Array.from({ length: int(random, 0, 4) }, () => pick(random, from).id);
      const list = <R,>(c: readonly R[] | ReadonlyMap<string, R>) => [...(c instanceof Map ? c.values() : (c as readonly R[]))];
      const step: SearchDelta = {
        customers: { upserts: take(list(donors.customers), list(current.customers)), deletes: ids(list(current.customers)) },
        items: { upserts: take(list(donors.items), list(current.items)), deletes: ids(list(current.items)) },
        invoices: { upserts: take(list(donors.invoices), list(current.invoices)), deletes: ids(list(current.invoices)) },
      };
      patched.applyDelta(step);
      current = applyToSnapshot(current, step);
    }
    const fresh = await createSearchIndexes(current);
    const texts = refRecords(current, 'client_names').flatMap((r) => r.fields.map(([t]) => t ?? '').filter(Boolean));
    const itemTexts = refRecords(current, 'part_numbers').flatMap((r) => r.fields.map(([t]) => t ?? '').filter(Boolean));
    const queries = Array.from({ length: 60 }, (_, i) => randomQuery(random, i % 2 ? texts : itemTexts));
    expectSameAnswers(patched, fresh, queries);
  });

  it('when deltas accumulate past the limit, then shouldRebuild says so', async () => {
    const patched = await createSearchIndexes(snapshot, { maxDeltaRecords: 3 });
    expect(patched.shouldRebuild(3)).toBe(false);
    expect(patched.shouldRebuild(4)).toBe(true);
    patched.applyDelta({ customers: { deletes: ['1', '2'] } });
    expect(patched.shouldRebuild(1)).toBe(false);
    expect(patched.shouldRebuild(2)).toBe(true);
  });

  it('when vendors change, then customers are untouched', async () => {
    const patched = await createSearchIndexes(snapshot);
    patched.applyDelta({ vendors: { upserts: [{ ...vendors[0]!, name: 'Renamed Vendor' }] } });
    expect(patched.search('vendor_names', 'renamed').results.map((r) => r.id)).toEqual(['501']);
    expect(patched.search('client_names', 'renamed').results).toEqual([]);
  });
});
