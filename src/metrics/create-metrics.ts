import { monitorEventLoopDelay } from 'node:perf_hooks';
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
  observeQboCall(realmId: string, event: QboCallEvent): void;
  observeSync(realmId: string, run: SyncRunView, durationMs: number): void;
  countTokenRefresh(realmId: string, outcome: TokenRefreshOutcome): void;
  /** The `realm` label of a company: its realm id, or `other` past MAX_REALM_LABELS companies (bounded series). */
  realmLabel(realmId: string): string;
  /** A data thread's longest event-loop delay of the last second. */
  observeDataThreadDelay(maxMs: number): void;
  /** Registers the gauges read at scrape time; call once, when the components exist. */
  watch(sources: ScrapeSources): void;
  /** Stops sampling the serving thread's event loop. */
  close(): void;
}

/** Companies that get a `realm` label of their own; the ones beyond share `other` (README, Metrics). */
export const MAX_REALM_LABELS = 200;

/** How often each thread's longest event-loop delay is observed. */
const DELAY_SAMPLE_MS = 1000;

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const instruments = createInstruments(registry);
  let watching = false;
  const labelled = new Set<string>();
  const realmLabel = (realmId: string): string => {
    if (labelled.has(realmId)) return realmId;
    if (labelled.size >= MAX_REALM_LABELS) return 'other';
    labelled.add(realmId);
    return realmId;
  };
  // The serving thread's longest delay of each second, into a histogram that keeps every second (prom-client's own
  // nodejs_eventloop_lag gauges reset at each scrape, so a stall between two scrapes is lost).
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const sampler = setInterval(() => {
    instruments.eventLoopMaxDelay.observe({ thread: 'serving' }, loop.max / 1e9);
    loop.reset();
  }, DELAY_SAMPLE_MS);
  sampler.unref();

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
    observeQboCall(realmId, event) {
      instruments.qboCalls.inc({ realm: realmLabel(realmId), kind: event.kind, status: String(event.status) });
      instruments.qboCallDuration.observe({ kind: event.kind }, event.durationMs / 1000);
    },
    observeSync(realmId, run, durationMs) {
      const realm = realmLabel(realmId);
      instruments.syncDuration.observe({ realm, mode: run.mode, status: run.status }, durationMs / 1000);
      instruments.syncs.inc({ realm, mode: run.mode, status: run.status, trigger: run.trigger ?? 'unknown' });
    },
    countTokenRefresh: (realmId, outcome) => instruments.tokenRefreshes.inc({ realm: realmLabel(realmId), outcome }),
    realmLabel,
    observeDataThreadDelay: (maxMs) => instruments.eventLoopMaxDelay.observe({ thread: 'data' }, maxMs / 1000),
    watch(sources) {
      if (watching) throw new Error('metrics.watch() called twice');
      watching = true;
      registerScrapeGauges(registry, sources);
    },
    close() {
      clearInterval(sampler);
      loop.disable();
    },
  };
}
