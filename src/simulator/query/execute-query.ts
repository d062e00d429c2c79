import type { CompanyStore } from '../company-store';
import { canonicalEntityName, isSimEntity, NAME_LISTS, type SimEntity } from '../entities';
import type { JsonObject } from '../json';
import type { StoredRecord } from '../records';
import { comparable, compileWhere, resolveProperty } from './compile-conditions';
import { parseQuery, type ParsedQuery } from './parse-query';
import { validationError } from './query-error';

/** MAXRESULTS defaults to 100 and may not exceed 1000 (docs/quickbooks.md#paging). */
export const DEFAULT_MAX_RESULTS = 100;
export const MAX_RESULTS_LIMIT = 1000;

/**
 * Runs a query and returns the `QueryResponse` object (docs/quickbooks.md#query-responses): `{Customer: [...],
 * startPosition, maxResults: <number returned>}`, `{totalCount}` for COUNT(*), `{}` when nothing matches. Throws
 * QueryError.
 */
export function executeQuery(text: string, store: CompanyStore): JsonObject {
  const query = parseQuery(text);
  const entity = canonicalEntityName(query.entity);
  if (!entity) throw validationError(`Metadata not found for Entity: ${query.entity}`);
  const maxResults = query.maxResults ?? DEFAULT_MAX_RESULTS;
  if (maxResults > MAX_RESULTS_LIMIT) throw validationError(`value ${maxResults} is too large. Max allowed value is ${MAX_RESULTS_LIMIT}`);
  // Entities the simulated company has none of answer like an empty company.
  if (!isSimEntity(entity)) return query.count ? { totalCount: 0 } : {};
  const where = compileWhere(entity, query.where, NAME_LISTS.has(entity));
  const matches = (record: StoredRecord): boolean => where.test(record, where.needsJson ? record.json : undefined);

  if (query.count) {
    if (where.matchesAll) return { totalCount: store.count(entity) };
    let total = 0;
    for (const record of store.records(entity)) if (matches(record)) total++;
    return { totalCount: total };
  }
  const start = Math.max(1, query.startPosition ?? 1);
  const page = pageOf(query, entity, store, matches, where.matchesAll, start, Math.max(0, maxResults));
  if (page.length === 0) return {};
  return { [entity]: page.map((record) => record.json), startPosition: start, maxResults: page.length };
}

function pageOf(
  query: ParsedQuery,
  entity: SimEntity,
  store: CompanyStore,
  matches: (record: StoredRecord) => boolean,
  matchesAll: boolean,
  start: number,
  size: number,
): StoredRecord[] {
  const keys = query.orderBy.map((key) => ({ property: resolveProperty(entity, key.property), descending: key.descending }));
  const [first] = keys;
  // Records are kept in Id order, so no ORDERBY or ORDERBY Id streams the page without sorting 200,000 records.
  if (keys.length === 0 || (keys.length === 1 && first?.property.path === 'Id')) {
    if (matchesAll) {
      const all = store.ordered(entity);
      if (!first?.descending) return all.slice(start - 1, start - 1 + size);
      const end = Math.max(0, all.length - (start - 1));
      return all.slice(Math.max(0, end - size), end).reverse();
    }
    const source = first?.descending ? [...store.records(entity)].reverse() : store.records(entity);
    const page: StoredRecord[] = [];
    let position = 0;
    if (size === 0) return page;
    for (const record of source) {
      if (!matches(record) || ++position < start) continue;
      page.push(record);
      if (page.length >= size) break;
    }
    return page;
  }
  const needsJson = keys.some((key) => key.property.needsJson);
  const rows = [...store.records(entity)].filter(matches).map((record) => {
    const json = needsJson ? record.json : undefined;
    return { record, sortKeys: keys.map((key) => key.property.path === 'Id' ? record.idNum : comparable(key.property.type, key.property.get(record, json))) };
  });
  rows.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a.sortKeys[i];
      const y = b.sortKeys[i];
      if (x === y) continue;
      // Records without the property sort last, like NULLs.
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const order = x < y ? -1 : 1;
      return keys[i]?.descending ? -order : order;
    }
    return a.record.idNum - b.record.idNum;
  });
  return rows.slice(start - 1, start - 1 + size).map((row) => row.record);
}
