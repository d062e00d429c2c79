import type { TokenManager } from '../auth';
import type { CacheHolder } from '../cache';
import type { HealthFacts } from '../health';
import type { SyncEngine } from '../sync';

/** What health is judged on, read from the live components at the moment of a probe. */
export function healthFactsOf(tokenManager: TokenManager, cache: CacheHolder, sync: SyncEngine, dataUnavailable: () => string | null): HealthFacts {
  const status = tokenManager.status();
  const deadlines = [status.refreshTokenExpiresAt, status.refreshTokenHardExpiresAt].filter((t): t is number => t !== null);
  return {
    connection: status.connection,
    cacheUpdatedAt: cache.current()?.info.updatedAt ?? null,
    dataUnavailable: dataUnavailable(),
    lastSyncFailed: sync.lastSyncFailed(),
    syncRunning: sync.isRunning(),
    refreshTokenExpiresAt: deadlines.length > 0 ? new Date(Math.min(...deadlines)) : null,
  };
}
