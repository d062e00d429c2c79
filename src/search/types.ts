/**
 * Public types of the search core. Result field names follow the search API (README, Search; snake_case, as served).
 * Missing optional values are `null`, never omitted, so every result of an index has the same shape.
 */
import type { EntityName, RecordByEntity } from '../qbo';
import type { SearchFilter } from './filters';

export const INDEX_NAMES = [
  'client_names',
  'vendor_names',
  'product_names',
  'product_descriptions',
  'part_names',
  'part_numbers',
  'client_pos',
  'invoice_numbers',
  'estimate_numbers',
  'purchase_orders',
  'bill_numbers',
] as const;

export type IndexName = (typeof INDEX_NAMES)[number];

export type ResultType = SearchResult['type'];

interface BaseResult {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
}

export interface PartyResult extends BaseResult {
  readonly type: 'customer' | 'vendor';
  readonly company_name: string | null;
  readonly email: string | null;
  readonly balance: number | null;
}

export interface ItemResult extends BaseResult {
  readonly type: 'item';
  readonly item_type: string | null;
  readonly sku: string | null;
  readonly unit_price: number | null;
  readonly description: string | null;
}

/** `name` is the PO number; `id` is the invoice's id. */
export interface ClientPoResult extends BaseResult {
  readonly type: 'client_po';
  readonly doc_number: string | null;
  readonly customer_id: string | null;
  readonly customer_name: string | null;
  readonly txn_date: string | null;
  readonly total: number | null;
}

/** `name` is the DocNumber. */
export interface InvoiceResult extends BaseResult {
  readonly type: 'invoice';
  readonly customer_id: string | null;
  readonly customer_name: string | null;
  readonly txn_date: string | null;
  readonly total: number | null;
  readonly balance: number | null;
}

/** `name` is the DocNumber, or the id when QuickBooks has none (then `doc_number` is null). */
export interface EstimateResult extends BaseResult {
  readonly type: 'estimate';
  readonly doc_number: string | null;
  readonly customer_id: string | null;
  readonly customer_name: string | null;
  readonly txn_date: string | null;
  readonly total: number | null;
  /** TxnStatus. */
  readonly status: string | null;
}

/** `name` is the DocNumber, or the id when QuickBooks has none. */
export interface PurchaseOrderResult extends BaseResult {
  readonly type: 'purchase_order';
  readonly doc_number: string | null;
  readonly vendor_id: string | null;
  readonly vendor_name: string | null;
  readonly txn_date: string | null;
  readonly total: number | null;
  /** POStatus. */
  readonly status: string | null;
}

/** `name` is the DocNumber (the vendor's invoice number), or the id when the bill has none. */
export interface BillResult extends BaseResult {
  readonly type: 'bill';
  readonly doc_number: string | null;
  readonly vendor_id: string | null;
  readonly vendor_name: string | null;
  readonly txn_date: string | null;
  readonly due_date: string | null;
  readonly total: number | null;
  readonly balance: number | null;
}

export type SearchResult = PartyResult | ItemResult | ClientPoResult | InvoiceResult | EstimateResult | PurchaseOrderResult | BillResult;

export interface SearchOptions {
  /** How many results; default 15. The HTTP layer validates 1–100; the core clamps to that range. */
  readonly limit?: number;
  /** Keep active records only. */
  readonly activeOnly?: boolean;
  /** Keep the records that pass these filters (transaction indexes, filters.ts). */
  readonly filter?: SearchFilter;
}

export interface SearchResponse {
  readonly results: readonly SearchResult[];
  /** Number of results returned (README, Search), not the number of matching records. */
  readonly total: number;
}

/** Records of one entity, as an array or as a Map by id (the cache's shape); order does not matter. */
export type RecordCollection<R> = readonly R[] | ReadonlyMap<string, R>;

/** The records of every entity, by entity name. */
export type SearchSnapshot = { readonly [E in EntityName]: RecordCollection<RecordByEntity[E]> };

/** What indexes are built from: the records of the cached entities; an entity left out has no indexes. */
export type SearchRecords = Partial<SearchSnapshot>;

export interface EntityDelta<R> {
  /** New or changed records (matched by `id`); a record that no longer qualifies for an index leaves it. */
  readonly upserts?: readonly R[];
  /** Ids of deleted records; unknown ids are ignored. */
  readonly deletes?: readonly string[];
}

/** Changes by entity; an entity left out has none. */
export type SearchDelta = { readonly [E in EntityName]?: EntityDelta<RecordByEntity[E]> };

export interface BuildOptions {
  /** Aborting stops the build before its next index; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Records changed by deltas since the build beyond which `shouldRebuild` answers true (default 250). */
  readonly maxDeltaRecords?: number;
  /**
   * Images of earlier builds (image-format.ts): an index whose image is usable is imported instead of
   * built, and the records it does not hold as they are now are applied as deltas (at most
   * `maxDeltaRecords`, else it is built).
   */
  readonly images?: ImageSource;
}

/** Where images are read and written (the store's files); `null` when the index has none. */
export interface ImageSource {
  read(index: string): AsyncIterable<string> | null;
}

export interface ImageSink {
  /** Replaces the index's image with these lines, atomically: a failed or aborted write keeps the old one. */
  write(index: string, lines: AsyncIterable<string>, signal?: AbortSignal): Promise<void>;
}
