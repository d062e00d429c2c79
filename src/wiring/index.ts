/** wiring/: assembly helpers of the composition root (service.ts), which alone imports this folder. */
export { buildSyncRuntime, type SyncRuntime } from './build-sync';
export { healthFactsOf } from './health-facts';
export { countTokenRefreshes, watchTokensAndCache } from './metrics';
