/** The document's tags, in the order a reader meets them, each with what its operations are for. */
export const TAGS = {
  health: 'Liveness and readiness, for probes and load balancers',
  search: 'Typeahead search over the cached records, and the size of each index',
  cache: 'The cached copy of the company: its state, a refresh on demand, and a check against QuickBooks',
  sync: 'Sync runs: their history and progress, and cancelling a running one',
  data: 'Raw QuickBooks objects from the cache, page by page',
  webhooks: "Intuit's change notifications, which start an incremental sync",
  auth: 'Connecting a QuickBooks company (OAuth), its tokens, and the redacted configuration',
  meta: 'This document and the Prometheus metrics',
} as const;

export type TagName = keyof typeof TAGS;
