import type { TokenManager } from '../auth';
import type { CacheHolder } from '../cache';
import type { Metrics } from '../metrics';

/**
 * Connects the token manager and the cache holder to the metrics: token refreshes are counted from the token
 * manager's events (attach before `init()`, so a headless bootstrap refresh counts too), and the cache and token
 * gauges are read from the live components at scrape time.
 */
export function watchTokensAndCache(metrics: Metrics, tokenManager: TokenManager, cache: CacheHolder, dataThreads: () => number): void {
  tokenManager.on('refreshed', () => metrics.countTokenRefresh('success'));
  tokenManager.on('refresh_failed', () => metrics.countTokenRefresh('failed'));
  tokenManager.on('reconnect_required', () => metrics.countTokenRefresh('reconnect_required'));
  metrics.watch({
    cachedRecords: () => cache.current()?.facts.counts ?? null,
    cacheUpdatedAt: () => cache.current()?.info.updatedAt ?? null,
    accessTokenExpiresAt: () => tokenManager.status().accessTokenExpiresAt,
    refreshTokenExpiresAt: () => {
      const status = tokenManager.status();
      const deadlines = [status.refreshTokenExpiresAt, status.refreshTokenHardExpiresAt].filter((t): t is number => t !== null);
      return deadlines.length > 0 ? Math.min(...deadlines) : null;
    },
    dataThreads,
    now: Date.now,
  });
}
