import { Router, type RequestHandler } from 'express';
import type { CacheHolder, EntityTable } from '../../cache';
import { isEntityName, type EntityName } from '../../qbo';
import { AppError } from '../errors';
import { intParam } from '../query-params';

export interface DataRouteDeps {
  readonly cache: CacheHolder;
  /** The cached entities (QUICKBOOKS_ENTITIES); any other is 404. */
  readonly entities: readonly EntityName[];
  readonly adminGuard: RequestHandler;
}

/** `GET /api/data/:entity`: raw QBO objects from the cache, paged in a stable order (by numeric Id). */
export function createDataRouter(deps: DataRouteDeps): Router {
  const router = Router();
  const sortedIds = new WeakMap<EntityTable<unknown>, string[]>();

  const idsOf = (table: EntityTable<unknown>): string[] => {
    let ids = sortedIds.get(table);
    if (!ids) {
      ids = [...table.records.keys()].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
      sortedIds.set(table, ids);
    }
    return ids;
  };

  router.get('/api/data/:entity', deps.adminGuard, async (req, res) => {
    const entity = String(req.params.entity);
    if (!isEntityName(entity) || !deps.entities.includes(entity)) {
      throw new AppError('not_found', `Unknown entity "${entity}"; use one of ${deps.entities.join(', ')}`);
    }
    const query = req.query;
    const limit = intParam(query, 'limit', { min: 0, max: 1000, fallback: 50 });
    const offset = intParam(query, 'offset', { min: 0, fallback: 0 });
    const view = deps.cache.current();
    if (!view) throw new AppError('cache_not_ready', 'The cache is not loaded yet', undefined, { 'Retry-After': '5' });
    const table: EntityTable<unknown> = view.snapshot[entity];
    const page = idsOf(table).slice(offset, offset + limit);
    // The raw JSON stays in the store (cache/snapshot.ts): read and parse only the page asked for.
    const raws = await view.snapshot.raw.read(entity, page);
    const results = raws.map((raw) => JSON.parse(raw ?? 'null') as unknown);
    res.json({ entity, total: table.records.size, limit, offset, results });
  });

  return router;
}
