import { ENTITY_NAMES, type EntityName } from '../qbo';
import type { ChangedRow } from './apply-changes';
import type { CallContext, SyncSource } from './types';

/** Entities pulled at once: two keeps well under QBO's 10-in-flight limit while halving wall time. */
const ENTITY_CONCURRENCY = 2;

/**
 * Pulls every entity completely: a COUNT(*) each first (the progress total, handed to `onTotal`), then all pages,
 * each handed to `onPage` as it arrives with the count fetched so far for its entity. Runs in the pull thread
 * (pull-worker/pull-thread.ts), which writes each page to an uncommitted store generation and hands its records to
 * the serving thread; the sync commits only when the whole pull succeeded.
 */
export async function pullPages(
  source: SyncSource,
  call: CallContext,
  onTotal: (total: number) => void,
  onPage: (entity: EntityName, page: readonly ChangedRow<unknown>[], fetchedSoFar: number) => void,
): Promise<void> {
  let total = 0;
  for (const entity of ENTITY_NAMES) total += await source.count(entity, call);
  onTotal(total);

  // The first entity that fails stops the other (its calls are aborted); the pull settles only once both stopped.
  const stop = new AbortController();
  const onAbort = () => stop.abort(call.signal.reason);
  call.signal.addEventListener('abort', onAbort, { once: true });
  const entityCall: CallContext = { ...call, signal: stop.signal };
  const queue = [...ENTITY_NAMES];
  const worker = async () => {
    for (let entity = queue.shift(); entity && !stop.signal.aborted; entity = queue.shift()) {
      const name = entity;
      await source.pull(name, entityCall, (page, fetched) => onPage(name, page, fetched)).catch((err: unknown) => {
        stop.abort(err);
        throw err;
      });
    }
  };
  await Promise.allSettled(Array.from({ length: ENTITY_CONCURRENCY }, worker));
  call.signal.removeEventListener('abort', onAbort);
  // Every failure aborted `stop`, and only the first abort sets its reason: the caller's cancel or the first error.
  if (stop.signal.aborted) throw stop.signal.reason;
}
