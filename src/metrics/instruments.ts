import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Every metric name the service exports lives here (README "Metrics" lists them with their labels). */
export const METRIC_PREFIX = 'qbo_cache_';

/** Sub-millisecond to seconds: a cached search answers in well under a millisecond, a verify can take seconds. */
const HTTP_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** The search core itself answers in microseconds (bench/search-core.ts); a slow one is a regression worth seeing. */
const SEARCH_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];
/** An incremental sync takes about a second, a full pull of a large company many minutes. */
const SYNC_BUCKETS = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
const QBO_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
/** A healthy thread's longest delay in a second is a few ms; a search waits for any delay over 25 ms (README, Metrics). */
const DELAY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export type Instruments = ReturnType<typeof createInstruments>;

/** The event-driven instruments (observed as things happen); scrape-time gauges are in scrape-gauges.ts. */
export function createInstruments(registry: Registry) {
  const registers = [registry];
  return {
    httpDuration: new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'HTTP request duration by method, route template (unmatched/other when no route answered) and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: HTTP_BUCKETS,
      registers,
    }),
    searchDuration: new Histogram({
      name: `${METRIC_PREFIX}search_duration_seconds`,
      help: 'Time from asking the data thread to its answer per searched query, by index (* for several), the hop between threads included (HTTP work and answers from the response cache excluded)',
      labelNames: ['index'] as const,
      buckets: SEARCH_BUCKETS,
      registers,
    }),
    eventLoopMaxDelay: new Histogram({
      name: `${METRIC_PREFIX}event_loop_max_delay_seconds`,
      help: 'The longest event-loop delay of each second, by thread: serving (HTTP) or data (a company\'s data thread)',
      labelNames: ['thread'] as const,
      buckets: DELAY_BUCKETS,
      registers,
    }),
    searchResponses: new Counter({
      name: `${METRIC_PREFIX}search_response_cache_total`,
      help: 'Search requests answered from the response cache (hit) or searched (miss)',
      labelNames: ['result'] as const,
      registers,
    }),
    syncDuration: new Histogram({
      name: `${METRIC_PREFIX}sync_duration_seconds`,
      help: 'Duration of finished syncs by company (realm), mode and status',
      labelNames: ['realm', 'mode', 'status'] as const,
      buckets: SYNC_BUCKETS,
      registers,
    }),
    syncs: new Counter({
      name: `${METRIC_PREFIX}syncs_total`,
      help: 'Finished syncs by company (realm), mode, status and trigger',
      labelNames: ['realm', 'mode', 'status', 'trigger'] as const,
      registers,
    }),
    qboCalls: new Counter({
      name: `${METRIC_PREFIX}quickbooks_calls_total`,
      help: 'HTTP attempts to the QuickBooks API (retries included) by company (realm), kind and status (HTTP status, network or timeout)',
      labelNames: ['realm', 'kind', 'status'] as const,
      registers,
    }),
    qboCallDuration: new Histogram({
      name: `${METRIC_PREFIX}quickbooks_call_duration_seconds`,
      help: 'Duration of HTTP attempts to the QuickBooks API by kind',
      labelNames: ['kind'] as const,
      buckets: QBO_BUCKETS,
      registers,
    }),
    tokenRefreshes: new Counter({
      name: `${METRIC_PREFIX}token_refreshes_total`,
      help: 'OAuth token refreshes by company (realm) and outcome: success, failed (Intuit unreachable or erroring), reconnect_required (invalid_grant)',
      labelNames: ['realm', 'outcome'] as const,
      registers,
    }),
  };
}

/** A gauge whose value is read from the live components at scrape time, never stored between scrapes. */
export function scrapeGauge<L extends string>(
  registry: Registry,
  spec: { name: string; help: string; labelNames?: readonly L[] },
  read: (gauge: Gauge<L>) => void,
): Gauge<L> {
  return new Gauge<L>({
    name: `${METRIC_PREFIX}${spec.name}`,
    help: spec.help,
    labelNames: spec.labelNames ?? [],
    registers: [registry],
    collect() {
      read(this);
    },
  });
}
