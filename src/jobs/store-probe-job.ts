import type { Logger } from 'pino';
import type { Store } from '../store';
import type { Scheduler } from './scheduler';

/** Every 5 seconds: `/api/health` says degraded within one probe and a timeout of a lost database (README, The store). */
export const STORE_PROBE_CRON = '*/5 * * * * *';

export interface StoreProbe {
  /** Why the store's database cannot be reached, since when; null while it answers. */
  problem(): string | null;
}

/**
 * Asks a shared store's database a trivial question on a schedule, so health can tell an operator it went away (and
 * came back) even when no request needed it. The SQLite file needs no probe: it is never unreachable.
 */
export function addStoreProbe(scheduler: Scheduler, store: Store, logger: Logger): StoreProbe {
  let problem: string | null = null;
  if (store.location.engine === 'postgres') {
    scheduler.add('store-probe', STORE_PROBE_CRON, async () => {
      try {
        await store.ping();
        if (problem !== null) logger.info("the store's database answers again");
        problem = null;
      } catch (err) {
        if (problem === null) {
          logger.warn({ err }, "the store's database cannot be reached: searches answer from memory meanwhile");
          problem = `the store's database cannot be reached (since ${new Date().toISOString()}): searches answer from memory; data, syncs and connecting wait for it`;
        }
      }
    });
  }
  return { problem: () => problem };
}
