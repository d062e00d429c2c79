import type { Router } from 'express';
import type { CacheHolder } from '../../cache';
import { canonicalIndexName, DEFAULT_LIMIT, INDEX_NAMES, isIndexName, MAX_LIMIT } from '../../search';
import { AppError } from '../errors';
import { enumParam, intParam, stringParam } from '../query-params';

export interface SearchRouteDeps {
  readonly cache: CacheHolder;
  /** Time spent in the search core, by index (metrics). */
  readonly observe?: (index: string, seconds: number) => void;
}

const MAX_QUERY_LENGTH = 200;
const LIMIT = { min: 1, max: MAX_LIMIT, fallback: DEFAULT_LIMIT } as const;
const BOOLEAN = ['true', 'false'] as const;

/**
 * The typeahead endpoint, called on every keystroke: validation, one in-memory search, JSON. No rate limit and
 * nothing else on this path, because per-request framework work is where the time goes (SEARCH-NOTES.md).
 * Mounted on the app's own router (AppDeps.mountRoutes), not as a nested Router: a nested router runs the
 * router's whole dispatch (URL parse, layer walk, closures) a second time on every keystroke.
 */
export function mountSearchRoutes(router: Router, deps: SearchRouteDeps): void {
  router.get('/api/search/:index', (req, res) => {
    const index = String(req.params.index);
    if (!isIndexName(index)) {
      throw new AppError('unknown_index', `Unknown index "${index}"`, { available_indexes: INDEX_NAMES });
    }
    const query = req.query; // a getter that parses the query string again on each access: read it once
    const q = (stringParam(query, 'q') ?? '').trim();
    if (q.length === 0 || q.length > MAX_QUERY_LENGTH) {
      throw new AppError('invalid_query', `Query parameter "q" is required and must be 1–${MAX_QUERY_LENGTH} characters`);
    }
    const limit = intParam(query, 'limit', LIMIT);
    const activeOnly = enumParam(query, 'active', BOOLEAN) === 'true';
    const view = deps.cache.current();
    if (!view) throw new AppError('cache_not_ready', 'The cache is loading; try again shortly', undefined, { 'Retry-After': '5' });
    const started = performance.now();
    const { results, total } = view.indexes.search(index, q, { limit, activeOnly });
    deps.observe?.(index, (performance.now() - started) / 1000);
    res.json({ query: q, index, results, total });
  });

  router.get('/api/indexes/status', (_req, res) => {
    const view = deps.cache.current();
    const indexes: Record<string, number> = view ? view.indexes.counts() : Object.fromEntries(INDEX_NAMES.map((name) => [name, 0]));
    // An alias (part_names) serves another index's records: count each record once.
    const total = INDEX_NAMES.filter((name) => canonicalIndexName(name) === name).reduce((sum, name) => sum + (indexes[name] ?? 0), 0);
    res.json({ indexes, total_indexed_items: total, available_indexes: INDEX_NAMES });
  });
}
