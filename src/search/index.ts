/**
 * The search core: typeahead matching and ranking over one in-memory snapshot (README, Search).
 * Pure and in-process; HTTP routes live in http/.
 */
export { createSearchIndexes, DEFAULT_LIMIT, MAX_LIMIT, type SearchGroup, type SearchIndexes } from './search-indexes';
export { canonicalIndexName, entityOfIndex, indexFilterParams, indexNamesFor, isIndexName, type CanonicalIndexName } from './index-registry';
export { FILTER_PARAMS, filterKey, type FilterParam, type SearchFilter } from './filters';
export { createPacer, SLICE_MS, type Pacer } from './pacer';
export {
  INDEX_NAMES,
  type BuildOptions,
  type BillResult,
  type ClientPoResult,
  type EstimateResult,
  type EntityDelta,
  type ImageSink,
  type ImageSource,
  type IndexName,
  type InvoiceResult,
  type ItemResult,
  type PartyResult,
  type PurchaseOrderResult,
  type RecordCollection,
  type ResultType,
  type SearchDelta,
  type SearchOptions,
  type SearchResponse,
  type SearchResult,
  type SearchRecords,
  type SearchSnapshot,
} from './types';
