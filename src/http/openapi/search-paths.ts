import { DEFAULT_LIMIT, INDEX_NAMES, MAX_LIMIT } from '../../search';
import { open } from './access';
import { errors, IF_NONE_MATCH, ok, pathParam, queryParam, withETag } from './responses';
import type { PathItem } from './types';

/** The typeahead routes: one index, and one query across several. */
export const SEARCH_PATHS: Readonly<Record<string, PathItem>> = {
  '/api/search/{index}': {
    get: {
      operationId: 'search',
      summary: 'Typeahead search over one index',
      ...open('search'),
      parameters: [
        pathParam('index', 'An index of a cached entity (`QUICKBOOKS_ENTITIES`); any other is 404 `unknown_index`', { enum: [...INDEX_NAMES] }),
        queryParam('q', 'The text typed so far; trimmed, then 1–200 characters.', { type: 'string', minLength: 1, maxLength: 200 }, true),
        queryParam(
          'limit',
          `How many results (default ${DEFAULT_LIMIT}); a whole number ≥ 1, values above ${MAX_LIMIT} are clamped to ${MAX_LIMIT}.`,
          { type: 'integer', minimum: 1, default: DEFAULT_LIMIT },
        ),
        queryParam('active', '`true`: active records only (default `false`).', { enum: ['true', 'false'], default: 'false' }),
        queryParam('customer_id', 'Filter (`client_pos`, `invoice_numbers`, `estimate_numbers`): this customer\'s transactions only. Elsewhere 400 `invalid_query`.', { type: 'string', pattern: '^[0-9]+$' }),
        queryParam('vendor_id', 'Filter (`purchase_orders`, `bill_numbers`): this vendor\'s transactions only. Elsewhere 400 `invalid_query`.', { type: 'string', pattern: '^[0-9]+$' }),
        queryParam('open', 'Filter (the five transaction indexes): `true` keeps invoices and bills with a balance, open purchase orders and pending estimates.', { enum: ['true', 'false'], default: 'false' }),
        queryParam('from', 'Filter (the five transaction indexes): transaction date on or after this day.', { type: 'string', format: 'date' }),
        queryParam('to', 'Filter (the five transaction indexes): transaction date on or before this day.', { type: 'string', format: 'date' }),
        IF_NONE_MATCH,
      ],
      responses: {
        ...withETag(ok('The best matches', 'SearchResponse')),
        ...errors('invalid_query', 'unknown_index', 'cache_not_ready'),
      },
    },
  },
  '/api/search': {
    get: {
      operationId: 'searchMany',
      summary: 'One typeahead query across several indexes: a group per index, in the order asked',
      ...open('search'),
      parameters: [
        queryParam('q', 'The text typed so far; trimmed, then 1–200 characters.', { type: 'string', minLength: 1, maxLength: 200 }, true),
        queryParam('indexes', 'Comma-separated index names (default: every available index, in `available_indexes` order); an unknown one is 404 `unknown_index`.', { type: 'string' }),
        queryParam('limit', `Results per group (default ${DEFAULT_LIMIT}); a whole number ≥ 1, clamped to ${MAX_LIMIT}.`, { type: 'integer', minimum: 1, default: DEFAULT_LIMIT }),
        queryParam('active', '`true`: active records only (default `false`).', { enum: ['true', 'false'], default: 'false' }),
        queryParam('customer_id', 'Filter applied to every group; every index asked must take it (else 400 `invalid_query`).', { type: 'string', pattern: '^[0-9]+$' }),
        queryParam('vendor_id', 'Filter applied to every group; every index asked must take it.', { type: 'string', pattern: '^[0-9]+$' }),
        queryParam('open', 'Filter applied to every group; every index asked must take it.', { enum: ['true', 'false'], default: 'false' }),
        queryParam('from', 'Filter applied to every group; every index asked must take it.', { type: 'string', format: 'date' }),
        queryParam('to', 'Filter applied to every group; every index asked must take it.', { type: 'string', format: 'date' }),
        IF_NONE_MATCH,
      ],
      responses: {
        ...withETag(ok('One group per index', 'MultiSearchResponse')),
        ...errors('invalid_query', 'unknown_index', 'cache_not_ready'),
      },
    },
  },
};
