export { addStoreProbe, STORE_PROBE_CRON, type StoreProbe } from './store-probe-job';
export { createScheduler, type Scheduler } from './scheduler';
export { cronIntervalMs } from './cron-interval';
export { scheduleTokenCheck } from './token-check-job';
export { scheduleSyncJobs, type ScheduledCompanies, type SyncJobSettings } from './sync-jobs';
export { spreadOffsetMs, spreadOver } from './spread-over';
