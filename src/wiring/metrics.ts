import type { TokenManager } from '../auth';
import type { CacheHolder } from '../cache';
import type { Metrics } from '../metrics';

/** Counts a company's token refreshes from its token manager's events (attach before `init()`: a bootstrap counts). */
export function countTokenRefreshes(metrics: Metrics, realmId: string, tokenManager: TokenManager): void {
  tokenManager.on('refreshed', () => metrics.countTokenRefresh(realmId, 'success'));
  tokenManager.on('refresh_failed', () => metrics.countTokenRefresh(realmId, 'failed'));
  tokenManager.on('reconnect_required', () => metrics.countTokenRefresh(realmId, 'reconnect_required'));
}

/** The cache and token gauges of every connected company, read at scrape time, and the data threads of all. */
export function watchTokensAndCache(
  metrics: Metrics,
  companies: () => readonly { readonly realmId: string | null; readonly tokenManager: TokenManager; readonly cache: CacheHolder }[],
  dataThreads: () => number,
): void {
  metrics.watch({
    companies: () =>
      companies().map(({ realmId, tokenManager, cache }) => {
        const status = tokenManager.status();
        const deadlines = [status.refreshTokenExpiresAt, status.refreshTokenHardExpiresAt].filter((t): t is number => t !== null);
        return {
          realm: metrics.realmLabel(realmId ?? ''),
          cachedRecords: cache.current()?.facts.counts ?? null,
          cacheUpdatedAt: cache.current()?.info.updatedAt ?? null,
          accessTokenExpiresAt: status.accessTokenExpiresAt,
          refreshTokenExpiresAt: deadlines.length > 0 ? Math.min(...deadlines) : null,
        };
      }),
    dataThreads,
    now: Date.now,
  });
}
