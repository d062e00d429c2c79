import type { Gauge, Registry } from 'prom-client';
import { scrapeGauge } from './instruments';

/** One company's figures at the moment of a scrape. */
export interface CompanyGauges {
  /** Its `realm` label (metrics' realmLabel: bounded). */
  readonly realm: string;
  /** Records held per entity (inactive included), or null before the first load. */
  readonly cachedRecords: Readonly<Record<string, number>> | null;
  /** When the served snapshot was completed, or null before the first load. */
  readonly cacheUpdatedAt: Date | null;
  /** Epoch ms; null when no such token is held. */
  readonly accessTokenExpiresAt: number | null;
  readonly refreshTokenExpiresAt: number | null;
}

/** What the scrape-time gauges read; each call returns the values at that moment. */
export interface ScrapeSources {
  /** Every connected company (none: the per-company gauges have no series). */
  readonly companies: () => readonly CompanyGauges[];
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

  /** A gauge with one series per company, rebuilt at each scrape (a disconnected company's series disappears). */
  const perCompany = <L extends string>(spec: { name: string; help: string; labelNames: readonly L[] }, set: (gauge: Gauge<L | 'realm'>, company: CompanyGauges) => void) =>
    scrapeGauge<L | 'realm'>(registry, { ...spec, labelNames: ['realm', ...spec.labelNames] }, (gauge) => {
      gauge.reset();
      for (const company of sources.companies()) set(gauge, company);
    });

  perCompany({ name: 'cached_records', help: 'Records in the served snapshot by company (realm) and entity (inactive included)', labelNames: ['entity'] }, (gauge, company) => {
    for (const [entity, count] of Object.entries(company.cachedRecords ?? {})) gauge.set({ realm: company.realm, entity }, count);
  });
  perCompany({ name: 'cache_age_seconds', help: 'Seconds since the served snapshot was completed, by company (NaN before the first load)', labelNames: [] }, (gauge, company) => {
    const updatedAt = company.cacheUpdatedAt;
    gauge.set({ realm: company.realm }, updatedAt === null ? Number.NaN : (sources.now() - updatedAt.getTime()) / 1000);
  });
  perCompany({ name: 'access_token_expiry_seconds', help: 'Seconds until the access token expires, by company (negative once expired, NaN without one)', labelNames: [] }, (gauge, company) => {
    gauge.set({ realm: company.realm }, secondsUntil(company.accessTokenExpiresAt));
  });
  scrapeGauge(registry, { name: 'data_threads', help: 'Data threads running: one serving per company, plus any being filled' }, (gauge) => gauge.set(sources.dataThreads()));
  perCompany({ name: 'refresh_token_expiry_seconds', help: 'Seconds until the refresh token expires, the earlier of its two deadlines, by company (NaN without one)', labelNames: [] }, (gauge, company) => {
    gauge.set({ realm: company.realm }, secondsUntil(company.refreshTokenExpiresAt));
  });
}
