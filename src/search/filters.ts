/**
 * Filters on the transaction indexes (README, Search filters): they keep or drop records and never change the order
 * of those they keep, because they only narrow which records a query walks (query.ts `includes`).
 */

/** A search's filters, already validated (http/routes/search.ts): ids are QBO ids, dates `YYYY-MM-DD`. */
export interface SearchFilter {
  readonly customerId?: string;
  readonly vendorId?: string;
  /** Invoices and bills with a balance, open purchase orders, pending estimates. */
  readonly open?: boolean;
  /** Inclusive bounds on the transaction date. */
  readonly from?: string;
  readonly to?: string;
}

/** The query parameter of each filter. */
export const FILTER_PARAMS = { customerId: 'customer_id', vendorId: 'vendor_id', open: 'open', from: 'from', to: 'to' } as const satisfies Record<keyof SearchFilter, string>;
export type FilterParam = (typeof FILTER_PARAMS)[keyof SearchFilter];

/** What an index's records are filtered on; an index without one of these does not take that filter. */
export interface FilterFields<R> {
  readonly customerId?: (record: R) => string | undefined;
  readonly vendorId?: (record: R) => string | undefined;
  readonly open?: (record: R) => boolean;
  /** The transaction date (`from`, `to`). */
  readonly txnDate?: (record: R) => string | undefined;
}

/** The filter parameters an index takes. */
export function filterParams<R>(fields: FilterFields<R> | undefined): FilterParam[] {
  if (fields === undefined) return [];
  const params: FilterParam[] = [];
  if (fields.customerId) params.push('customer_id');
  if (fields.vendorId) params.push('vendor_id');
  if (fields.open) params.push('open');
  if (fields.txnDate) params.push('from', 'to');
  return params;
}

/**
 * The records a filter keeps, or undefined when it keeps all. A filter the index does not take keeps none: the HTTP
 * layer refuses it before it gets here.
 */
export function filterPredicate<R>(fields: FilterFields<R> | undefined, filter: SearchFilter | undefined): ((record: R) => boolean) | undefined {
  if (filter === undefined) return undefined;
  const tests: Array<(record: R) => boolean> = [];
  const { customerId, vendorId, open, from, to } = filter;
  if (customerId !== undefined) tests.push((r) => fields?.customerId?.(r) === customerId);
  if (vendorId !== undefined) tests.push((r) => fields?.vendorId?.(r) === vendorId);
  if (open === true) tests.push((r) => fields?.open?.(r) === true);
  // ISO dates compare as strings; a record without a date is outside any bound.
  if (from !== undefined) tests.push((r) => (fields?.txnDate?.(r) ?? '') >= from);
  if (to !== undefined) tests.push((r) => {
    const date = fields?.txnDate?.(r);
    return date !== undefined && date <= to;
  });
  if (tests.length === 0) return undefined;
  return (record) => tests.every((test) => test(record));
}
