import type { Scheduler } from './scheduler';
import { spreadOver } from './spread-over';

export interface SyncJobSettings {
  readonly cacheRefreshCron: string;
  readonly fullSyncCron: string;
}

/** What the shared schedules run for: every company, spread over part of the interval (spread-over.ts). */
export interface ScheduledCompanies<C> {
  list(): readonly C[];
  /** How long a schedule's runs are spread over (half the refresh interval: docs/ARCHITECTURE.md). */
  readonly spreadMs: number;
}

/**
 * The hourly refresh is incremental (one CDC call when nothing changed); once a day a full pull reconciles
 * anything CDC could have missed (Intuit recommends a daily sweep: docs/quickbooks.md#webhooks). Both skip quietly
 * for a company that is not connected; `startSync` joins a running sync rather than starting a second.
 */
export function scheduleSyncJobs<C>(
  scheduler: Scheduler,
  settings: SyncJobSettings,
  companies: ScheduledCompanies<C>,
  startSync: (company: C, mode: 'full' | 'incremental' | undefined, trigger: 'schedule' | 'daily_full') => Promise<unknown> | null,
): void {
  scheduler.add('cache-refresh', settings.cacheRefreshCron, (signal) =>
    spreadOver(companies.list(), companies.spreadMs, (company) => startSync(company, undefined, 'schedule'), signal),
  );
  scheduler.add('daily-full-sync', settings.fullSyncCron, (signal) =>
    spreadOver(companies.list(), companies.spreadMs, (company) => startSync(company, 'full', 'daily_full'), signal),
  );
}
