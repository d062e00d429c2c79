import type { Request, Response, Router } from 'express';
import { DataUnavailableError, type CacheHolder, type DataHandle } from '../../cache';
import { companyOf, type CompanyDirectory, type ServedCompany } from '../company-scope';
import type { ReadAccess } from '../read-access';
import { ENTITY_NAMES, type EntityName } from '../../qbo';
import { canonicalIndexName, DEFAULT_LIMIT, filterKey, indexNamesFor, isIndexName, MAX_LIMIT, type IndexName, type SearchOptions } from '../../search';
import { AppError } from '../errors';
import { enumParam, intParam, stringParam, type QueryParams } from '../query-params';
import { searchFilterOf } from '../search-filters';
import type { SearchResponseCache } from '../search-response-cache';

export interface SearchRouteDeps {
  readonly companies: CompanyDirectory;
  /** With SEARCH_AUTH=keys: who may read which company (README, Read keys); without it search is public. */
  readonly access?: ReadAccess;
  /** The cached entities (QUICKBOOKS_ENTITIES): only their indexes exist; default every entity. */
  readonly entities?: readonly EntityName[];
  /** Answers kept while the indexes are unchanged; without it every request searches. */
  readonly responses?: SearchResponseCache;
  /** Time spent in the search core, by index, for answers that were searched (metrics). */
  readonly observe?: (index: string, seconds: number) => void;
  /** Whether the answer came from `responses` (metrics). */
  readonly countCached?: (result: 'hit' | 'miss') => void;
}

type ETagFunction = (body: Buffer) => string | undefined;

const MAX_QUERY_LENGTH = 200;

/** `q`, trimmed: 1–200 characters (README, Search). */
function queryText(query: QueryParams): string {
  const q = (stringParam(query, 'q') ?? '').trim();
  if (q.length === 0 || q.length > MAX_QUERY_LENGTH) {
    throw new AppError('invalid_query', `Query parameter "q" is required and must be 1–${MAX_QUERY_LENGTH} characters`);
  }
  return q;
}
const LIMIT = { min: 1, max: MAX_LIMIT, fallback: DEFAULT_LIMIT } as const;
const BOOLEAN = ['true', 'false'] as const;

/**
 * The typeahead endpoint, called on every keystroke: validation, then the kept answer for the same query, or one
 * in-memory search serialized once (search-response-cache.ts). No rate limit and
 * nothing else on this path, because per-request framework work is where the time goes (bench/http-search.ts).
 * Mounted on the app's own router (AppDeps.mountRoutes), not as a nested Router: a nested router runs the
 * router's whole dispatch (URL parse, layer walk, closures) a second time on every keystroke.
 */
export function mountSearchRoutes(router: Router, deps: SearchRouteDeps): void {
  // The cached entities' indexes; before the first load, those the loaded snapshot will have.
  const configured = deps.entities ? indexNamesFor(deps.entities) : indexNamesFor(ENTITY_NAMES);
  const { access } = deps;
  const companyFor = (req: Request): ServedCompany => (access ? access.companyFor(deps.companies, req) : companyOf(deps.companies, req));
  // Only failed key attempts count; with search open there is nothing on the path but the handler.
  const guards = access ? [access.limitFailures] : [];
  const available = (cache: CacheHolder): readonly IndexName[] => cache.current()?.facts.indexNames ?? configured;

  const unknownIndex = (index: string, cache: CacheHolder) => new AppError('unknown_index', `Unknown index "${index}"`, { available_indexes: available(cache) });

  /**
   * The kept answer for `key`, or `compute`'s from the data thread, serialized once and kept; sent with its ETag. A
   * data thread that cannot answer (crashed, stuck, being replaced) is a 503 with Retry-After, never a hang.
   */
  const answer = async (req: Request, res: Response, cache: CacheHolder, key: string, compute: (data: DataHandle) => Promise<unknown>): Promise<void> => {
    const view = cache.current();
    if (!view) throw new AppError('cache_not_ready', 'The cache is loading; try again shortly', undefined, { 'Retry-After': '5' });
    const { data } = view;
    let kept = deps.responses?.get(data, key);
    deps.countCached?.(kept === undefined ? 'miss' : 'hit');
    if (kept === undefined) {
      const version = data.version;
      let result: unknown;
      try {
        result = await compute(data);
      } catch (err) {
        if (err instanceof DataUnavailableError) throw new AppError('cache_not_ready', 'The search data is being reloaded; try again shortly', undefined, { 'Retry-After': '2' });
        throw err;
      }
      const body = Buffer.from(JSON.stringify(result));
      // The app's own ETag function (what res.send would compute), once per answer instead of once per request.
      kept = { body, etag: (req.app.get('etag fn') as ETagFunction | undefined)?.(body) };
      // Kept only when no change was applied while the thread answered (the answer may predate it).
      if (data.version === version) deps.responses?.set(data, key, kept);
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (kept.etag !== undefined) res.setHeader('ETag', kept.etag);
    res.send(kept.body); // a preset ETag is kept; If-None-Match still answers 304
  };

  /** Time from asking the data thread to its answer, by index (the hop included). */
  const timed = async <T>(index: string, work: Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await work;
    deps.observe?.(index, (performance.now() - started) / 1000);
    return value;
  };

  router.get('/api/search/:index', ...guards, async (req, res) => {
    const { cache } = companyFor(req);
    const index = String(req.params.index);
    if (!isIndexName(index) || !available(cache).includes(index)) throw unknownIndex(index, cache);
    const query = req.query; // a getter that parses the query string again on each access: read it once
    const q = queryText(query);
    const limit = intParam(query, 'limit', LIMIT);
    const activeOnly = enumParam(query, 'active', BOOLEAN) === 'true';
    const filter = searchFilterOf(query, index);
    // The query text last: the fields before it never contain a newline, so keys cannot collide.
    const key = `${index}\n${limit}\n${activeOnly ? 1 : 0}\n${filter === undefined ? '' : filterKey(filter)}\n${q}`;
    const options: SearchOptions = { limit, activeOnly, filter };
    await answer(req, res, cache, key, async (data) => {
      const { results, total } = await timed(index, data.search(index, q, options));
      return { query: q, index, results, total };
    });
  });

  // One query across several indexes: a group per index, in the order asked, each ranked by its own rules.
  router.get('/api/search', ...guards, async (req, res) => {
    const { cache } = companyFor(req);
    const query = req.query;
    const asked = (stringParam(query, 'indexes') ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '');
    for (const name of asked) if (!isIndexName(name) || !available(cache).includes(name)) throw unknownIndex(name, cache);
    const names = asked.length > 0 ? [...new Set(asked as IndexName[])] : available(cache);
    const q = queryText(query);
    const limit = intParam(query, 'limit', LIMIT);
    const activeOnly = enumParam(query, 'active', BOOLEAN) === 'true';
    // Filters apply to every group, so every index asked must take them (they are the same for each).
    const filter = names.map((index) => searchFilterOf(query, index))[0];
    const key = `*${names.join(',')}\n${limit}\n${activeOnly ? 1 : 0}\n${filter === undefined ? '' : filterKey(filter)}\n${q}`;
    await answer(req, res, cache, key, async (data) => ({ query: q, groups: await timed('*', data.searchGroups(names, q, { limit, activeOnly, filter })) }));
  });

  router.get('/api/indexes/status', ...guards, (req, res) => {
    const { cache } = companyFor(req);
    const view = cache.current();
    const names = available(cache);
    const indexes: Partial<Record<IndexName, number>> = view ? view.facts.indexCounts : Object.fromEntries(names.map((name) => [name, 0]));
    // An alias (part_names) serves another index's records: count each record once.
    const total = names.filter((name) => canonicalIndexName(name) === name).reduce((sum, name) => sum + (indexes[name] ?? 0), 0);
    res.json({ indexes, total_indexed_items: total, available_indexes: names });
  });
}
