import { Router, type RequestHandler } from 'express';
import { ENTITIES, ENTITY_NAMES, type EntityName } from '../../qbo';
import type { SyncRunView } from '../../sync';
import { companyOf, type CompanyDirectory } from '../company-scope';
import type { ReadAccess } from '../read-access';
import { AppError } from '../errors';
import { enumParam, intParam } from '../query-params';

export interface CacheRouteDeps {
  readonly companies: CompanyDirectory;
  /** With SEARCH_AUTH=keys, `/api/cache/status` needs a read key of the company (README, Read keys). */
  readonly access?: ReadAccess;
  /** The cached entities (QUICKBOOKS_ENTITIES): `counts` has one entry each. */
  readonly entities: readonly EntityName[];
  readonly adminGuard: RequestHandler;
  /** A sync of any company, running or recorded (`GET /api/sync/:id` is not company-scoped). */
  readonly findSync: (id: string) => Promise<SyncRunView | null>;
  /** Cancels the running sync with this id, whichever company runs it; false when none does. */
  readonly cancelSync: (id: string) => boolean;
}

/** `/api/cache/*` and `/api/sync/*` (README, HTTP API). */
export function createCacheRouter(deps: CacheRouteDeps): Router {
  const router = Router();
  const { adminGuard } = deps;

  const { access } = deps;
  router.get('/api/cache/status', ...(access ? [access.limitFailures] : []), async (req, res) => {
    const company = access ? access.companyFor(deps.companies, req) : companyOf(deps.companies, req);
    const { cache, sync } = company;
    const view = cache.current();
    const held = view ? view.facts.counts : null;
    // Every cached entity, 0 until a sync has pulled it.
    const counts = Object.fromEntries(deps.entities.map((entity) => [entity, held?.[entity] ?? 0]));
    // The per-entity `<entity>_count` fields the status always had.
    const countFields: Record<string, number> = {};
    for (const entity of ENTITY_NAMES) {
      const field = ENTITIES[entity].statusCountField;
      if (field !== undefined) countFields[field] = held?.[entity] ?? 0;
    }
    res.set('Cache-Control', 'no-store').json({
      last_updated: view ? view.info.updatedAt.toISOString() : null,
      ...countFields,
      counts,
      state: sync.isRunning() ? 'refreshing' : view ? 'ready' : 'empty',
      company_id: view?.info.realmId ?? null,
      synced_through: view?.info.syncedThrough ?? null,
      last_sync: (await sync.history(1))[0] ?? null,
      next_refresh_at: company.nextRefreshAt()?.toISOString() ?? null,
    });
  });

  router.post('/api/cache/refresh', adminGuard, async (req, res) => {
    const query = req.query;
    const mode = enumParam(query, 'mode', ['full', 'incremental'] as const);
    const wait = enumParam(query, 'wait', ['true', 'false'] as const) !== 'false';
    const started = await companyOf(deps.companies, req).startSync(mode, 'manual');
    const { id } = started;
    if (!wait) {
      res.status(202).json({ sync_id: id, status_url: `/api/sync/${id}` });
      return;
    }
    const result = await started.done; // read only when waited for: a follower then follows the leader's run
    if (result.status !== 'succeeded') {
      throw new AppError('quickbooks_error', `The sync ${result.status}: ${result.error ?? 'unknown error'}. The cache is unchanged.`, { sync: result });
    }
    res.json({ message: 'Cache refreshed successfully', sync: result });
  });

  router.get('/api/cache/verify', adminGuard, async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await companyOf(deps.companies, req).verify());
  });

  router.get('/api/sync/history', adminGuard, async (req, res) => {
    const { sync } = companyOf(deps.companies, req);
    const limit = Math.min(intParam(req.query, 'limit', { min: 1, fallback: 20 }), 200);
    res.json({ syncs: await sync.history(limit) });
  });

  router.get('/api/sync/:id', adminGuard, async (req, res) => {
    const run = await deps.findSync(String(req.params.id));
    if (!run) throw new AppError('not_found', 'No sync has this id');
    res.set('Cache-Control', 'no-store').json(run);
  });

  router.delete('/api/sync/:id', adminGuard, async (req, res) => {
    const id = String(req.params.id);
    if (!deps.cancelSync(id)) {
      const run = await deps.findSync(id);
      if (!run) throw new AppError('not_found', 'No sync has this id');
      if (run.status === 'running') throw new AppError('conflict', 'The sync runs on another replica (the company\'s leader): cancel it there');
      throw new AppError('conflict', `The sync is not running (it ${run.status})`);
    }
    res.status(202).json({ message: 'Cancelling the sync; the cache stays as it was', sync_id: id, status_url: `/api/sync/${id}` });
  });

  return router;
}
