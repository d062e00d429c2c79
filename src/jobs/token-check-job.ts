import type { TokenManager } from '../auth';
import type { Scheduler } from './scheduler';

/** Every five minutes (TOKEN_CHECK_CRON): refresh only when inside the 10-minute buffer, warn near expiry. */
export function scheduleTokenCheck(scheduler: Scheduler, cron: string, tokenManager: TokenManager): void {
  scheduler.add('token-check', cron, () => tokenManager.refreshIfDue());
}
