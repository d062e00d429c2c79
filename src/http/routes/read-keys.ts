import { Router, type RequestHandler } from 'express';
import { AppError } from '../errors';
import type { CompanyDirectory } from '../company-scope';

export interface ReadKeyRouteDeps {
  readonly adminGuard: RequestHandler;
  readonly companies: CompanyDirectory;
  readonly create: (realmId: string) => Promise<{ readonly id: string; readonly key: string; readonly createdAt: number }>;
  readonly revoke: (realmId: string, id: string) => Promise<boolean>;
  readonly list: (realmId: string) => readonly { readonly id: string; readonly createdAt: number }[];
}

/** `/api/companies/:realmId/read-keys` (admin): make, list and revoke a company's read keys (README, Read keys). */
export function createReadKeyRouter(deps: ReadKeyRouteDeps): Router {
  const router = Router();
  const { adminGuard } = deps;
  // The company must be connected: a key for a company that is not is never made.
  const realmOf = (realmId: unknown): string => deps.companies.resolve(String(realmId)).realmId ?? '';

  router.post('/api/companies/:realmId/read-keys', adminGuard, async (req, res) => {
    const realmId = realmOf(req.params.realmId);
    const { id, key, createdAt } = await deps.create(realmId);
    req.log?.info({ realmId, read_key_id: id }, 'read key created');
    res.status(201).set('Cache-Control', 'no-store').json({ id, key, realm_id: realmId, created_at: new Date(createdAt).toISOString() });
  });

  router.get('/api/companies/:realmId/read-keys', adminGuard, (req, res) => {
    const realmId = realmOf(req.params.realmId);
    res.set('Cache-Control', 'no-store').json({ keys: deps.list(realmId).map(({ id, createdAt }) => ({ id, created_at: new Date(createdAt).toISOString() })) });
  });

  router.delete('/api/companies/:realmId/read-keys/:id', adminGuard, async (req, res) => {
    const realmId = realmOf(req.params.realmId);
    if (!(await deps.revoke(realmId, String(req.params.id)))) throw new AppError('not_found', 'This company has no read key with that id');
    req.log?.info({ realmId, read_key_id: String(req.params.id) }, 'read key revoked');
    res.status(204).end();
  });

  return router;
}
