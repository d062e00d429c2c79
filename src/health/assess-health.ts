export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';
export type ConnectionState = 'connected' | 'not_connected' | 'reconnect_required';

/** What the rest of the service knows, gathered at the moment of a probe. */
export interface HealthFacts {
  readonly connection: ConnectionState;
  /** When the snapshot being served was last updated; null before the first cache load. */
  readonly cacheUpdatedAt: Date | null;
  readonly lastSyncFailed: boolean;
  readonly syncRunning: boolean;
  /** The earlier of the rolling and the hard refresh-token expiry, when known. */
  readonly refreshTokenExpiresAt: Date | null;
  /** Why searches answer 503 now (the data thread crashed or is stuck, a new one is loading); null when they do not. */
  readonly dataUnavailable?: string | null;
}

export interface HealthAssessment {
  readonly status: HealthStatus;
  readonly reasons: readonly string[];
  readonly cacheAgeMinutes: number | null;
}

export interface HealthPolicy {
  /** The scheduled refresh interval; a cache older than two of them is stale (the README's health rules). */
  readonly refreshIntervalMs: number;
  /** Warn this long before the refresh token expires (docs/quickbooks.md#token-lifetimes-and-rotation). */
  readonly refreshTokenWarningMs: number;
}

/**
 * healthy: connected and serving a fresh cache. degraded: still serving something, but a person should look
 * (the README's health rules). unhealthy: nothing to serve and nothing that will fix it without a person.
 */
export function assessHealth(facts: HealthFacts, policy: HealthPolicy, now: Date): HealthAssessment {
  const reasons: string[] = [];
  if (facts.connection === 'not_connected') reasons.push('not connected to QuickBooks');
  if (facts.connection === 'reconnect_required') reasons.push('reconnect required: the refresh token was rejected');
  if (facts.lastSyncFailed) reasons.push('the last sync failed');
  if (facts.dataUnavailable) reasons.push(`searches answer 503 while the data thread is reloaded from the store: ${facts.dataUnavailable}`);
  const cacheAgeMs = facts.cacheUpdatedAt ? now.getTime() - facts.cacheUpdatedAt.getTime() : null;
  if (cacheAgeMs === null) reasons.push(facts.syncRunning ? 'the first sync is running' : 'no cache loaded');
  else if (cacheAgeMs > 2 * policy.refreshIntervalMs) reasons.push('the cache is older than two refresh intervals');
  if (facts.refreshTokenExpiresAt && facts.refreshTokenExpiresAt.getTime() - now.getTime() < policy.refreshTokenWarningMs) {
    reasons.push('the refresh token expires soon: reconnect the company');
  }
  const canRecover = facts.connection === 'connected' && (facts.syncRunning || !facts.lastSyncFailed);
  const status: HealthStatus =
    reasons.length === 0 ? 'healthy' : cacheAgeMs === null && !canRecover ? 'unhealthy' : 'degraded';
  return { status, reasons, cacheAgeMinutes: cacheAgeMs === null ? null : Math.floor(cacheAgeMs / 60_000) };
}
