import { Router, type RequestHandler } from 'express';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { QboCallEvent } from '../qbo';
import type { SyncRunView } from '../sync';
import { createHttpMetricsMiddleware } from './http-metrics';
import { createInstruments } from './instruments';
import { registerScrapeGauges, type ScrapeSources } from './scrape-gauges';

export type TokenRefreshOutcome = 'success' | 'failed' | 'reconnect_required';

export interface Metrics {
  /** This service's own registry (never prom-client's global one: two services in one process must not collide). */
  readonly registry: Registry;
  /** First middleware of the app: request duration by method, route template and status. */
  readonly httpMiddleware: RequestHandler;
  /** `GET /metrics` in the Prometheus text format; public like the health probes (README, Metrics). */
  readonly router: Router;
  observeSearch(index: string, seconds: number): void;
  countSearchResponse(result: 'hit' | 'miss'): void;
  observeQboCall(event: QboCallEvent): void;
  observeSync(run: SyncRunView, durationMs: number): void;
  countTokenRefresh(outcome: TokenRefreshOutcome): void;
  /** Registers the gauges read at scrape time; call once, when the components exist. */
  watch(sources: ScrapeSources): void;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const instruments = createInstruments(registry);
  let watching = false;

  const router = Router();
  router.get('/metrics', async (_req, res) => {
    const body = await registry.metrics();
    res.set('Cache-Control', 'no-store').type(registry.contentType).send(body);
  });

  return {
    registry,
    httpMiddleware: createHttpMetricsMiddleware(instruments),
    router,
    observeSearch: (index, seconds) => instruments.searchDuration.observe({ index }, seconds),
    countSearchResponse: (result) => instruments.searchResponses.inc({ result }),
    observeQboCall(event) {
      instruments.qboCalls.inc({ kind: event.kind, status: String(event.status) });
      instruments.qboCallDuration.observe({ kind: event.kind }, event.durationMs / 1000);
    },
    observeSync(run, durationMs) {
      instruments.syncDuration.observe({ mode: run.mode, status: run.status }, durationMs / 1000);
      instruments.syncs.inc({ mode: run.mode, status: run.status, trigger: run.trigger ?? 'unknown' });
    },
    countTokenRefresh: (outcome) => instruments.tokenRefreshes.inc({ outcome }),
    watch(sources) {
      if (watching) throw new Error('metrics.watch() called twice');
      watching = true;
      registerScrapeGauges(registry, sources);
    },
  };
}
