import { Router } from 'express';
import type { AppMode } from '../../config';
import { assessHealth, type HealthFacts, type HealthPolicy } from '../../health';
import type { Lifecycle } from '../lifecycle';

export interface HealthRouteDeps {
  readonly mode: AppMode;
  readonly version: string;
  readonly policy: HealthPolicy;
  readonly lifecycle: Lifecycle;
  readonly facts: () => HealthFacts;
  readonly now: () => Date;
}

/**
 * `/api/health` answers 200 whenever the process answers (liveness); the body tells the truth about the
 * service. `/api/health/ready` is the readiness probe: 503 until a snapshot is loaded and while shutting down.
 */
export function createHealthRouter(deps: HealthRouteDeps): Router {
  const router = Router();
  router.get('/api/health', (_req, res) => {
    const facts = deps.facts();
    const now = deps.now();
    const assessment = assessHealth(facts, deps.policy, now);
    res.set('Cache-Control', 'no-store').json({
      status: assessment.status,
      timestamp: now.toISOString(),
      version: deps.version,
      mode: deps.mode,
      authenticated: facts.connection === 'connected',
      connection: facts.connection,
      cache_age_minutes: assessment.cacheAgeMinutes,
      reasons: assessment.reasons,
    });
  });
  router.get('/api/health/ready', (_req, res) => {
    const shuttingDown = deps.lifecycle.isShuttingDown();
    const loaded = deps.facts().cacheUpdatedAt !== null;
    const ready = loaded && !shuttingDown;
    res
      .status(ready ? 200 : 503)
      .set('Cache-Control', 'no-store')
      .json({ ready, reason: shuttingDown ? 'shutting down' : loaded ? undefined : 'no cache loaded yet' });
  });
  return router;
}
