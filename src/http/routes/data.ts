import { Router, type RequestHandler } from 'express';
import { DataUnavailableError, type CacheView } from '../../cache';
import { companyOf, type CompanyDirectory } from '../company-scope';
import { isEntityName, type EntityName } from '../../qbo';
import { AppError } from '../errors';
import { intParam } from '../query-params';

export interface DataRouteDeps {
  readonly companies: CompanyDirectory;
  /** The cached entities (QUICKBOOKS_ENTITIES); any other is 404. */
  readonly entities: readonly EntityName[];
  readonly adminGuard: RequestHandler;
  /** The raw JSON of these rows of the company's stored snapshot (the store's readSnapshotRaw). */
  readonly readRaw: (realmId: string, generation: number, entity: EntityName, ids: readonly string[]) => Promise<(string | undefined)[]>;
}

/** A page asked again this many times when each answer straddled a swap (then 503: the cache keeps changing). */
const MAX_PAGE_ATTEMPTS = 3;

/** `GET /api/data/:entity`: raw QBO objects from the cache, paged in a stable order (by numeric Id). */
export function createDataRouter(deps: DataRouteDeps): Router {
  const router = Router();

  router.get('/api/data/:entity', deps.adminGuard, async (req, res) => {
    const { cache } = companyOf(deps.companies, req);
    const entity = String(req.params.entity);
    if (!isEntityName(entity) || !deps.entities.includes(entity)) {
      throw new AppError('not_found', `Unknown entity "${entity}"; use one of ${deps.entities.join(', ')}`);
    }
    const query = req.query;
    const limit = intParam(query, 'limit', { min: 0, max: 1000, fallback: 50 });
    const offset = intParam(query, 'offset', { min: 0, fallback: 0 });
    // The ids from the data thread; the raw JSON stays in the store (docs/ARCHITECTURE.md): only the page asked for,
    // read from the store generation the view serves. A page whose view was swapped out before its raw JSON came
    // back is asked again of the new view, so ids and JSON always come from one snapshot.
    let page: { view: CacheView; total: number; raws: (string | undefined)[] } | undefined;
    for (let attempt = 0; page === undefined || cache.current() !== page.view; attempt++) {
      const view = cache.current();
      if (!view) throw new AppError('cache_not_ready', 'The cache is not loaded yet', undefined, { 'Retry-After': '5' });
      if (attempt === MAX_PAGE_ATTEMPTS) throw new AppError('cache_not_ready', 'The cache is being replaced; try again shortly', undefined, { 'Retry-After': '2' });
      const { ids, total } = await view.data.page(entity, offset, limit).catch((err: unknown) => {
        if (err instanceof DataUnavailableError) throw new AppError('cache_not_ready', 'The data is being reloaded; try again shortly', undefined, { 'Retry-After': '2' });
        throw err;
      });
      page = { view, total, raws: await deps.readRaw(view.info.realmId, view.info.generation, entity, ids) };
    }
    const { total, raws } = page;
    const results = raws.map((raw) => JSON.parse(raw ?? 'null') as unknown);
    res.json({ entity, total, limit, offset, results });
  });

  return router;
}
