/**
 * Helpers for tests that hold a patched or imported index against a fresh build of the same records.
 */
import { INDEX_NAMES, type SearchDelta, type SearchIndexes, type SearchSnapshot } from '../../../src/search';

export type WithId = { readonly id: string };

function applyToArray<R extends WithId>(records: readonly R[], upserts: readonly R[] = [], deletes: readonly string[] = []): R[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  for (const id of deletes) byId.delete(id);
  for (const record of upserts) byId.set(record.id, record);
  return [...byId.values()];
}

export function applyToSnapshot(base: SearchSnapshot, delta: SearchDelta): SearchSnapshot {
  const list = <R extends WithId>(c: readonly R[] | ReadonlyMap<string, R>): readonly R[] => (c instanceof Map ? [...c.values()] : (c as readonly R[]));
  return {
    customers: applyToArray(list(base.customers), delta.customers?.upserts, delta.customers?.deletes),
    vendors: applyToArray(list(base.vendors), delta.vendors?.upserts, delta.vendors?.deletes),
    items: applyToArray(list(base.items), delta.items?.upserts, delta.items?.deletes),
    invoices: applyToArray(list(base.invoices), delta.invoices?.upserts, delta.invoices?.deletes),
    estimates: applyToArray(list(base.estimates), delta.estimates?.upserts, delta.estimates?.deletes),
    purchase_orders: applyToArray(list(base.purchase_orders), delta.purchase_orders?.upserts, delta.purchase_orders?.deletes),
    bills: applyToArray(list(base.bills), delta.bills?.upserts, delta.bills?.deletes),
  };
}

export function expectSameAnswers(patched: SearchIndexes, fresh: SearchIndexes, queries: readonly string[]): void {
  for (const index of INDEX_NAMES) {
    for (const query of queries) {
      for (const activeOnly of [false, true]) {
        const context = `${index} ${JSON.stringify(query)} activeOnly=${activeOnly}`;
        expect({ context, response: patched.search(index, query, { limit: 100, activeOnly }) }).toEqual({
          context,
          response: fresh.search(index, query, { limit: 100, activeOnly }),
        });
      }
    }
  }
  expect(patched.counts()).toEqual(fresh.counts());
}

