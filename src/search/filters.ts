/**
 * Filters on the transaction indexes (README, Search filters): they keep or drop records and never change the order
 * of those they keep, because they only narrow which records a query walks (query.ts `passes`, from the slot masks of
 * filter-slots.ts).
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
 * One name per distinct filter, the same whatever order its parameters came in, on one line: what filter-slots.ts
 * keeps masks by, and part of the HTTP response cache's key.
 */
export function filterKey(filter: SearchFilter): string {
  const { customerId, vendorId, open, from, to } = filter;
  return JSON.stringify([customerId, vendorId, open, from, to]);
}
