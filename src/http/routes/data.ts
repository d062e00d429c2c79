import { Router, type RequestHandler } from 'express';
import { DataUnavailableError, type CacheHolder } from '../../cache';
import { isEntityName, type EntityName } from '../../qbo';
import { AppError } from '../errors';
import { intParam } from '../query-params';

export interface DataRouteDeps {
  readonly cache: CacheHolder;
  /** The cached entities (QUICKBOOKS_ENTITIES); any other is 404. */
  readonly entities: readonly EntityName[];
  readonly adminGuard: RequestHandler;
  /** The raw JSON of these rows of the company's stored snapshot (the store's readSnapshotRaw). */
  readonly readRaw: (realmId: string, entity: EntityName, ids: readonly string[]) => Promise<(string | undefined)[]>;
}

/** `GET /api/data/:entity`: raw QBO objects from the cache, paged in a stable order (by numeric Id). */
export function createDataRouter(deps: DataRouteDeps): Router {
  const router = Router();

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
    // The ids from the data thread; the raw JSON stays in the store (docs/ARCHITECTURE.md): only the page asked for.
    const { ids, total } = await view.data.page(entity, offset, limit).catch((err: unknown) => {
      if (err instanceof DataUnavailableError) throw new AppError('cache_not_ready', 'The data is being reloaded; try again shortly', undefined, { 'Retry-After': '2' });
      throw err;
    });
    const raws = await deps.readRaw(view.info.realmId, entity, ids);
    const results = raws.map((raw) => JSON.parse(raw ?? 'null') as unknown);
    res.json({ entity, total, limit, offset, results });
  });

  return router;
}
