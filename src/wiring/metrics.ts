import type { TokenManager } from '../auth';
import type { CacheHolder } from '../cache';
import type { Metrics } from '../metrics';

/** Counts a company's token refreshes from its token manager's events (attach before `init()`: a bootstrap counts). */
export function countTokenRefreshes(metrics: Metrics, tokenManager: TokenManager): void {
  tokenManager.on('refreshed', () => metrics.countTokenRefresh('success'));
  tokenManager.on('refresh_failed', () => metrics.countTokenRefresh('failed'));
  tokenManager.on('reconnect_required', () => metrics.countTokenRefresh('reconnect_required'));
}

/**
 * The cache and token gauges, read at scrape time from `primary` (the default company, or the first connected), and
 * the data threads of every company.
 */
export function watchTokensAndCache(metrics: Metrics, primary: () => { readonly tokenManager: TokenManager; readonly cache: CacheHolder } | null, dataThreads: () => number): void {
  metrics.watch({
    cachedRecords: () => primary()?.cache.current()?.facts.counts ?? null,
    cacheUpdatedAt: () => primary()?.cache.current()?.info.updatedAt ?? null,
    accessTokenExpiresAt: () => primary()?.tokenManager.status().accessTokenExpiresAt ?? null,
    refreshTokenExpiresAt: () => {
      const status = primary()?.tokenManager.status();
      if (!status) return null;
      const deadlines = [status.refreshTokenExpiresAt, status.refreshTokenHardExpiresAt].filter((t): t is number => t !== null);
      return deadlines.length > 0 ? Math.min(...deadlines) : null;
    },
    dataThreads,
    now: Date.now,
  });
}
