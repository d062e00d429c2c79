import { FILTER_PARAMS, indexFilterParams, type IndexName, type SearchFilter } from '../search';
import { AppError } from './errors';
import { enumParam, stringParam, type QueryParams } from './query-params';

const QBO_ID = /^\d+$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function invalid(message: string): AppError {
  return new AppError('invalid_query', message);
}

function idParam(query: QueryParams, name: string): string | undefined {
  const text = stringParam(query, name)?.trim();
  if (text === undefined || text === '') return undefined;
  if (!QBO_ID.test(text)) throw invalid(`Query parameter "${name}" must be a QuickBooks id (digits only)`);
  return text;
}

/** A real calendar date written `YYYY-MM-DD` (as QuickBooks writes TxnDate). */
function dateParam(query: QueryParams, name: string): string | undefined {
  const text = stringParam(query, name)?.trim();
  if (text === undefined || text === '') return undefined;
  // A month or day no month has (13, 32) makes an invalid Date, whose toISOString throws; 02-30 rolls over to March.
  const date = ISO_DATE.test(text) ? new Date(`${text}T00:00:00Z`) : undefined;
  const valid = date !== undefined && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
  if (!valid) throw invalid(`Query parameter "${name}" must be a date written YYYY-MM-DD`);
  return text;
}

/**
 * The filters of one search (README, Search filters), validated: a filter the index does not take, or a malformed
 * value, is a 400 `invalid_query`. Other parameters are not filters and are left to the route.
 */
export function searchFilterOf(query: QueryParams, index: IndexName): SearchFilter | undefined {
  const allowed = indexFilterParams(index);
  for (const name of Object.values(FILTER_PARAMS)) {
    if (!allowed.includes(name) && stringParam(query, name) !== undefined) {
      const takes = allowed.length > 0 ? `; it takes ${allowed.join(', ')}` : '; it takes no filter';
      throw invalid(`Index "${index}" does not take the "${name}" filter${takes}`);
    }
  }
  if (allowed.length === 0) return undefined;
  const filter: SearchFilter = {
    customerId: idParam(query, FILTER_PARAMS.customerId),
    vendorId: idParam(query, FILTER_PARAMS.vendorId),
    open: enumParam(query, FILTER_PARAMS.open, ['true', 'false'] as const) === 'true' ? true : undefined,
    from: dateParam(query, FILTER_PARAMS.from),
    to: dateParam(query, FILTER_PARAMS.to),
  };
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) throw invalid('Query parameter "from" must not be after "to"');
  return Object.values(filter).some((value) => value !== undefined) ? filter : undefined;
}
