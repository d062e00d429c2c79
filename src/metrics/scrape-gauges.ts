import type { Registry } from 'prom-client';
import { scrapeGauge } from './instruments';

/** What the scrape-time gauges read; each call returns the value at that moment. */
export interface ScrapeSources {
  /** Records held per entity (inactive included), or null before the first load. */
  readonly cachedRecords: () => Readonly<Record<string, number>> | null;
  /** When the served snapshot was completed, or null before the first load. */
  readonly cacheUpdatedAt: () => Date | null;
  /** Epoch ms; null when no such token is held. */
  readonly accessTokenExpiresAt: () => number | null;
  readonly refreshTokenExpiresAt: () => number | null;
  /** Data threads running (the served ones, and those filling for a sync or replacing a failed one). */
  readonly dataThreads: () => number;
  readonly now: () => number;
}

/**
 * Gauges computed at scrape time from the cache holder and the token manager, so they can never go stale.
 * An unknown value (nothing cached, no token) is NaN: `expiry < 3600` then stays false instead of alerting on 0.
 */
export function registerScrapeGauges(registry: Registry, sources: ScrapeSources): void {
  const secondsUntil = (at: number | null) => (at === null ? Number.NaN : (at - sources.now()) / 1000);

  scrapeGauge(registry, { name: 'cached_records', help: 'Records in the served snapshot by entity (inactive included)', labelNames: ['entity'] }, (gauge) => {
    gauge.reset();
    for (const [entity, count] of Object.entries(sources.cachedRecords() ?? {})) gauge.set({ entity }, count);
  });
  scrapeGauge(registry, { name: 'cache_age_seconds', help: 'Seconds since the served snapshot was completed (NaN before the first load)' }, (gauge) => {
    const updatedAt = sources.cacheUpdatedAt();
    gauge.set(updatedAt === null ? Number.NaN : (sources.now() - updatedAt.getTime()) / 1000);
  });
  scrapeGauge(registry, { name: 'access_token_expiry_seconds', help: 'Seconds until the access token expires (negative once expired, NaN without one)' }, (gauge) => {
    gauge.set(secondsUntil(sources.accessTokenExpiresAt()));
  });
  scrapeGauge(registry, { name: 'data_threads', help: 'Data threads running: one serving per company, plus any being filled' }, (gauge) => gauge.set(sources.dataThreads()));
  scrapeGauge(registry, { name: 'refresh_token_expiry_seconds', help: 'Seconds until the refresh token expires, the earlier of its two deadlines (NaN without one)' }, (gauge) => {
    gauge.set(secondsUntil(sources.refreshTokenExpiresAt()));
  });
}
