import type { Scheduler } from './scheduler';

export interface SyncJobSettings {
  readonly cacheRefreshCron: string;
  readonly fullSyncCron: string;
}

/**
 * The hourly refresh is incremental (one CDC call when nothing changed); once a day a full pull reconciles
 * anything CDC could have missed (Intuit recommends a daily sweep: docs/quickbooks.md#webhooks). Both skip quietly
 * when nothing is connected; `startSync` joins a running sync rather than starting a second.
 */
export function scheduleSyncJobs(
  scheduler: Scheduler,
  settings: SyncJobSettings,
  startSync: (mode: 'full' | 'incremental' | undefined, trigger: 'schedule' | 'daily_full') => Promise<unknown> | null,
): void {
  scheduler.add('cache-refresh', settings.cacheRefreshCron, async () => {
    await startSync(undefined, 'schedule');
  });
  scheduler.add('daily-full-sync', settings.fullSyncCron, async () => {
    await startSync('full', 'daily_full');
  });
}
