import { Router } from 'express';
import type { AppMode } from '../../config';
import { assessCompanies, type HealthFacts, type HealthPolicy } from '../../health';
import type { Lifecycle } from '../lifecycle';

export interface HealthRouteDeps {
  readonly mode: AppMode;
  readonly version: string;
  readonly policy: HealthPolicy;
  readonly lifecycle: Lifecycle;
  /**
   * Every connected company's facts (with none connected, the one stand-in's, realm null); `servesStored`: whether
   * it found a stored snapshot at start, which readiness then waits for.
   */
  readonly companies: () => readonly {
    readonly realmId: string | null;
    readonly facts: HealthFacts;
    readonly servesStored: boolean;
    /** The company the unscoped routes answer for. */
    readonly isDefault: boolean;
  }[];
  readonly now: () => Date;
  /** A problem of the whole service rather than of one company (the store's database is gone); null when none. */
  readonly serviceProblem?: () => string | null;
  /** This replica's id and, per company, its role and the store generation it serves (README "Several replicas"). */
  readonly replica: () => { readonly id: string; readonly companies: Record<string, { readonly role: 'leader' | 'follower'; readonly generation: number | null }> };
}

/**
 * `/api/health` answers 200 whenever the process answers (liveness); the body tells the truth about the
 * service, every company included. `/api/health/ready` is the readiness probe: 503 until a snapshot is loaded and while shutting down.
 */
export function createHealthRouter(deps: HealthRouteDeps): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    const companies = deps.companies();
    const now = deps.now();
    const assessment = assessCompanies(companies.map(({ realmId, facts }) => ({ realmId: realmId ?? '', facts })), deps.policy, now);
    // Still serving from memory: degraded, not unhealthy, unless the companies themselves are worse.
    const serviceProblem = deps.serviceProblem?.() ?? null;
    const status = serviceProblem !== null && assessment.status === 'healthy' ? 'degraded' : assessment.status;
    // Connected when every company is; otherwise the first company's state that is not.
    const connection = companies.find(({ facts }) => facts.connection !== 'connected')?.facts.connection ?? 'connected';
    res.set('Cache-Control', 'no-store').json({
      status,
      timestamp: now.toISOString(),
      version: deps.version,
      mode: deps.mode,
      authenticated: connection === 'connected',
      connection,
      cache_age_minutes: assessment.cacheAgeMinutes,
      reasons: serviceProblem === null ? assessment.reasons : [serviceProblem, ...assessment.reasons],
      replica: deps.replica(),
    });
  });
  router.get('/api/health/ready', (_req, res) => {
    const shuttingDown = deps.lifecycle.isShuttingDown();
    // Ready once the default company (else any company) serves, and every company that had a stored snapshot serves it.
    const companies = deps.companies();
    const serves = ({ facts }: { facts: HealthFacts }) => facts.cacheUpdatedAt !== null;
    const first = companies.some((company) => company.isDefault) ? companies.filter((company) => company.isDefault) : companies;
    const loaded = first.some(serves) && companies.every((company) => !company.servesStored || serves(company));
    const ready = loaded && !shuttingDown;
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ ready, reason: shuttingDown ? 'shutting down' : loaded ? undefined : 'no cache loaded yet' });
  });
  return router;
}
