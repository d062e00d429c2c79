import type { Scheduler } from './scheduler';
import { spreadOver } from './spread-over';

/**
 * Every five minutes (TOKEN_CHECK_CRON), for each company, spread over half the interval: refresh only when inside
 * the 10-minute buffer, warn near expiry.
 */
export function scheduleTokenCheck<C>(scheduler: Scheduler, cron: string, spreadMs: number, companies: () => readonly C[], check: (company: C) => Promise<void>): void {
  scheduler.add('token-check', cron, (signal) => spreadOver(companies(), spreadMs, check, signal));
}
