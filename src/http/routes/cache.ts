import { Router, type RequestHandler } from 'express';
import type { CacheHolder } from '../../cache';
import { ENTITIES, ENTITY_NAMES, type EntityName } from '../../qbo';
import type { Scheduler } from '../../jobs';
import type { SyncEngine, SyncRunView, VerifyReport } from '../../sync';
import { AppError } from '../errors';
import { enumParam, intParam } from '../query-params';

export interface CacheRouteDeps {
  readonly cache: CacheHolder;
  /** The cached entities (QUICKBOOKS_ENTITIES): `counts` has one entry each. */
  readonly entities: readonly EntityName[];
  readonly sync: SyncEngine;
  readonly scheduler: Scheduler;
  readonly adminGuard: RequestHandler;
  /** Starts a sync for the connected company; throws NotConnectedError (answered 409) when nothing is connected. */
  readonly startSync: (mode: 'full' | 'incremental' | undefined) => { id: string; done: Promise<SyncRunView> };
  /** Cached counts against QBO's COUNT(*). */
  readonly verify: () => Promise<VerifyReport>;
}

/** `/api/cache/*` and `/api/sync/*` (README, HTTP API). */
export function createCacheRouter(deps: CacheRouteDeps): Router {
  const router = Router();
  const { adminGuard, sync } = deps;

  router.get('/api/cache/status', async (_req, res) => {
    const view = deps.cache.current();
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
      next_refresh_at: deps.scheduler.nextRun('cache-refresh')?.toISOString() ?? null,
    });
  });

  router.post('/api/cache/refresh', adminGuard, async (req, res) => {
    const query = req.query;
    const mode = enumParam(query, 'mode', ['full', 'incremental'] as const);
    const wait = enumParam(query, 'wait', ['true', 'false'] as const) !== 'false';
    const { id, done } = deps.startSync(mode);
    if (!wait) {
      res.status(202).json({ sync_id: id, status_url: `/api/sync/${id}` });
      return;
    }
    const result = await done;
    if (result.status !== 'succeeded') {
      throw new AppError('quickbooks_error', `The sync ${result.status}: ${result.error ?? 'unknown error'}. The cache is unchanged.`, { sync: result });
    }
    res.json({ message: 'Cache refreshed successfully', sync: result });
  });

  router.get('/api/cache/verify', adminGuard, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json(await deps.verify());
  });

  router.get('/api/sync/history', adminGuard, async (req, res) => {
    const limit = Math.min(intParam(req.query, 'limit', { min: 1, fallback: 20 }), 200);
    res.json({ syncs: await sync.history(limit) });
  });

  router.get('/api/sync/:id', adminGuard, async (req, res) => {
    const run = await sync.get(String(req.params.id));
    if (!run) throw new AppError('not_found', 'No sync has this id');
    res.set('Cache-Control', 'no-store').json(run);
  });

  router.delete('/api/sync/:id', adminGuard, async (req, res) => {
    const id = String(req.params.id);
    if (!sync.cancel(id)) {
      const run = await sync.get(id);
      if (!run) throw new AppError('not_found', 'No sync has this id');
      throw new AppError('conflict', `The sync is not running (it ${run.status})`);
    }
    res.status(202).json({ message: 'Cancelling the sync; the cache stays as it was', sync_id: id, status_url: `/api/sync/${id}` });
  });

  return router;
}
