/**
 * Building, cancelling, status counts, result shapes and hostile query text.
 */
import { createSearchIndexes, INDEX_NAMES, MAX_LIMIT, type SearchIndexes } from '../../../src/search';
import { INDEX_DEFINITIONS } from '../../../src/search/index-registry';
import { bills, customers, estimates, invoices, items, purchaseOrders, snapshot, vendors } from './fixtures';

describe('search index lifecycle', () => {
  let indexes: SearchIndexes;
  beforeAll(async () => {
    indexes = await createSearchIndexes(snapshot);
  });

  it('when built, then counts cover every index name, part_names equal to product_names', () => {
    expect(indexes.counts()).toEqual({
      client_names: customers.length,
      vendor_names: vendors.length,
      product_names: items.length,
      product_descriptions: items.length,
      part_names: items.length,
      part_numbers: items.filter((i) => i.sku).length,
      client_pos: invoices.filter((i) => i.poNumber).length,
      invoice_numbers: invoices.filter((i) => i.docNumber).length,
      estimate_numbers: estimates.length,
      purchase_orders: purchaseOrders.length,
      bill_numbers: bills.length,
    });
    expect(Object.keys(indexes.counts()).sort()).toEqual([...INDEX_NAMES].sort());
  });

  it('when an index is defined, then exactly one searched field is primary and it reads the result name', () => {
    const check = <R,>(definitions: readonly { fields: readonly { primary?: true; read: (r: R) => string | undefined }[]; nameOf: (r: R) => string }[], records: readonly R[]) => {
      for (const definition of definitions) {
        const primary = definition.fields.filter((field) => field.primary === true);
        expect(primary).toHaveLength(1);
        for (const record of records) expect(primary[0]!.read(record) ?? '').toBe(definition.nameOf(record));
      }
    };
    check(INDEX_DEFINITIONS.customers, customers);
    check(INDEX_DEFINITIONS.vendors, vendors);
    check(INDEX_DEFINITIONS.items, items);
    check(INDEX_DEFINITIONS.invoices, invoices.filter((i) => i.poNumber && i.docNumber));
    check(INDEX_DEFINITIONS.estimates, estimates);
    check(INDEX_DEFINITIONS.purchase_orders, purchaseOrders);
    check(INDEX_DEFINITIONS.bills, bills);
  });

  it('when records come as Maps by id, then answers equal those from arrays', async () => {
    const asMaps = await createSearchIndexes({
      customers: new Map(customers.map((r) => [r.id, r])),
      vendors: new Map(vendors.map((r) => [r.id, r])),
      items: new Map(items.map((r) => [r.id, r])),
      invoices: new Map(invoices.map((r) => [r.id, r])),
      estimates: new Map(estimates.map((r) => [r.id, r])),
      purchase_orders: new Map(purchaseOrders.map((r) => [r.id, r])),
      bills: new Map(bills.map((r) => [r.id, r])),
    });
    for (const query of ['a', 'acme', 'bolt', '4471', 'mill']) {
      for (const index of INDEX_NAMES) expect(asMaps.search(index, query)).toEqual(indexes.search(index, query));
    }
  });

  it('when only some entities are given, then only their indexes exist and the others are not searchable', async () => {
    const some = await createSearchIndexes({ items, bills });
    expect(some.names()).toEqual(['product_names', 'product_descriptions', 'part_names', 'part_numbers', 'bill_numbers']);
    expect(Object.keys(some.counts())).toEqual(some.names());
    expect(some.search('bill_numbers', 'inv').results.map((r) => r.name)).toEqual(['INV-40601']);
    expect(() => some.search('client_names', 'acme')).toThrow(/unknown search index/);
  });

  it('when an array holds the same id twice, then the last record wins', async () => {
    const twice = await createSearchIndexes({
      ...snapshot,
      customers: [...customers, { ...customers[0]!, name: 'Acme Renamed Twice' }],
    });
    expect(twice.counts().client_names).toBe(customers.length);
    expect(twice.search('client_names', 'acme renamed').results.map((r) => r.id)).toEqual(['1']);
    expect(twice.search('client_names', 'acme supply').results.map((r) => r.name)).toEqual(['Acme Renamed Twice', 'Acme Old Accounts']);
  });

  it('when a result field is missing, then it is null, and every result of an index has the same keys', () => {
    const [customer] = indexes.search('client_names', 'soren').results;
    expect(customer).toEqual({ id: '6', name: 'Søren Ødegaard', type: 'customer', active: true, company_name: null, email: null, balance: null });
    const [po] = indexes.search('client_pos', 'PO-4471').results;
    expect(po).toEqual({
      id: '201', name: 'PO-4471', type: 'client_po', active: true, doc_number: '1001', customer_id: '1',
      customer_name: 'Acme Supply Co', txn_date: '2024-05-01', total: 500,
    });
    const [invoice] = indexes.search('invoice_numbers', '1003').results;
    expect(invoice).toEqual({
      id: '203', name: '1003', type: 'invoice', active: true, customer_id: '5', customer_name: 'José Müller',
      txn_date: '2024-05-01', total: 1200, balance: 0,
    });
    const [item] = indexes.search('product_names', 'garden').results;
    expect(item).toEqual({
      id: '104', name: 'Garden Hose', type: 'item', active: true, item_type: 'NonInventory', sku: null, unit_price: null,
      description: 'Rubber garden hose 15 m',
    });
    const shapes = new Set(indexes.search('client_names', 'a', { limit: 100 }).results.map((r) => Object.keys(r).join()));
    expect(shapes.size).toBe(1);
  });

  it.each([
    [''], ['   '], ['!!!'], ['&&&'], ['😀😀'], ['.*+?()[]{}|\\^$'], ['\ud800'], ['\u0000'], ['a'.repeat(200)],
    ['a '.repeat(100)], ['ｱｸﾒ'], ['%', ], ['__proto__'], ['constructor'], ['toString'], ['🏳️‍🌈 acme'],
  ])('when the query is %j, then search answers without throwing', (query) => {
    for (const index of INDEX_NAMES) {
      const { results, total } = indexes.search(index, query);
      expect(total).toBe(results.length);
    }
  });

  it('when the query is full-width, then it matches like ASCII', () => {
    expect(indexes.search('client_names', 'ＡＣＭＥ').results.map((r) => r.name)[0]).toBe('Acme');
  });

  it('when the limit is out of range, then it is clamped to 1..100', () => {
    expect(indexes.search('client_names', 'a', { limit: 0 }).results).toHaveLength(1);
    expect(indexes.search('client_names', 'a', { limit: 1000 }).results.length).toBeLessThanOrEqual(MAX_LIMIT);
    expect(indexes.search('client_names', 'a').results.length).toBeLessThanOrEqual(15);
  });

  it('when the signal is already aborted, then the build rejects at once', async () => {
    await expect(createSearchIndexes(snapshot, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
