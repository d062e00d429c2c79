import { Router, type RequestHandler } from 'express';
import type { HealthAssessment } from '../../health';
import type { SyncRunView } from '../../sync';
import type { ServedCompany } from '../company-scope';

export interface CompaniesRouteDeps {
  readonly adminGuard: RequestHandler;
  /** Every connected company with its health, in the order they were connected. */
  readonly companies: () => readonly { readonly company: ServedCompany; readonly health: HealthAssessment }[];
}

/** `GET /api/companies` (admin): the connected companies (README, Several companies). */
export function createCompaniesRouter(deps: CompaniesRouteDeps): Router {
  const router = Router();
  router.get('/api/companies', deps.adminGuard, async (_req, res) => {
    const companies = await Promise.all(
      deps.companies().map(async ({ company, health }) => {
        const view = company.cache.current();
        const realmId = company.realmId ?? '';
        const lastSync: SyncRunView | null = (await company.sync.history(1))[0] ?? null;
        return {
          realm_id: realmId,
          company_name: company.companyName,
          connected: company.tokenManager.status().connection === 'connected',
          state: company.sync.isRunning() ? 'refreshing' : view ? 'ready' : 'empty',
          counts: view?.facts.counts ?? {},
          last_sync: lastSync,
          role: company.role(),
          generation: view?.info.generation ?? null,
          health: health.status,
          reasons: health.reasons,
        };
      }),
    );
    res.set('Cache-Control', 'no-store').json({ companies });
  });
  return router;
}
