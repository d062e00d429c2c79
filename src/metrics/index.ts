/** metrics/: Prometheus metrics, one registry per service. Components report through hooks; nothing here reaches into them. */
export { createMetrics, type Metrics, type TokenRefreshOutcome } from './create-metrics';
export { METRIC_PREFIX } from './instruments';
export { OTHER_ROUTE, UNMATCHED_ROUTE } from './http-metrics';
export type { ScrapeSources } from './scrape-gauges';
