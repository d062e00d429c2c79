/**
 * The served data thread crashed or is stuck (README, Errors: `cache_not_ready`): searches answer 503 (never hang)
 * until a new thread, loaded from the store without any QuickBooks call, is swapped in. A failed reload is tried
 * again, a little later each time (1 s doubling to 30 s).
 */
import type { Logger } from 'pino';
import type { CacheHolder } from '../cache';
import type { DataWorker } from '../sync';

export interface DataRecovery {
  /** Replaces `failed`, the served thread, with one loaded from the store. */
  recover(realmId: string, failed: DataWorker, reason: string): void;
  /** Why searches answer 503 now, else null. */
  unavailable(): string | null;
  /** Ends a reload under way (the company is forgotten, or the service stops). */
  terminate(): void;
}

export function createDataRecovery(cache: CacheHolder, startLoad: (realmId: string) => DataWorker, logger: Logger): DataRecovery {
  let unavailable: string | null = null;
  let recovering: DataWorker | null = null;
  const recover = (realmId: string, failed: DataWorker, reason: string, attempt = 0): void => {
    unavailable = reason;
    if (recovering !== null) return;
    const worker = (recovering = startLoad(realmId));
    const started = Date.now();
    worker.ready.then(
      (report) => {
        recovering = null;
        unavailable = null;
        // A sync may have swapped in a newer thread meanwhile, or the company may be gone: then this one is not needed.
        if (report === null || cache.current()?.data !== failed) {
          worker.close();
          return;
        }
        cache.swap({ info: report.info, facts: report.facts, data: worker });
        logger.info({ realmId, reason, duration_ms: Date.now() - started }, 'data thread reloaded from the store');
      },
      (err: unknown) => {
        recovering = null;
        if (cache.current()?.data !== failed) {
          unavailable = null;
          return;
        }
        logger.error({ err, realmId, attempt }, 'could not reload the data thread from the store; trying again');
        setTimeout(() => recover(realmId, failed, reason, attempt + 1), Math.min(30_000, 1000 * 2 ** attempt)).unref();
      },
    );
  };
  return {
    recover: (realmId, failed, reason) => recover(realmId, failed, reason),
    unavailable: () => unavailable,
    terminate: () => recovering?.terminate(),
  };
}
