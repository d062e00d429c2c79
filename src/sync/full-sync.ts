import type { EntityName } from '../qbo';
import type { CallContext, EntityPage, SyncSource } from './types';

/** Entities pulled at once: two keeps well under QBO's 10-in-flight limit while halving wall time. */
const ENTITY_CONCURRENCY = 2;

/**
 * Pulls every entity of `entities` (default: all the source reads) completely: a COUNT(*) each first (the progress total, handed to `onTotal`), then all pages,
 * each handed to `onPage` as it arrives with the count fetched so far for its entity. Runs in a full sync's data
 * thread (data-thread/data-thread.ts), which writes each page to an uncommitted store generation and keeps its
 * records; the sync commits only when the whole pull succeeded.
 */
export async function pullPages(
  source: SyncSource,
  call: CallContext,
  onTotal: (total: number) => void,
  onPage: (page: EntityPage) => void,
  entities: readonly EntityName[] = source.entities,
): Promise<void> {
  let total = 0;
  for (const entity of entities) total += await source.count(entity, call);
  onTotal(total);

  // The first entity that fails stops the other (its calls are aborted); the pull settles only once both stopped.
  const stop = new AbortController();
  const onAbort = () => stop.abort(call.signal.reason);
  if (call.signal.aborted) onAbort();
  else call.signal.addEventListener('abort', onAbort, { once: true });
  const entityCall: CallContext = { ...call, signal: stop.signal };
  const queue = [...entities];
  const pull = <E extends EntityName>(entity: E) => source.pull(entity, entityCall, (rows, fetched) => onPage({ entity, rows, fetched } as EntityPage));
  const worker = async () => {
    for (let entity = queue.shift(); entity && !stop.signal.aborted; entity = queue.shift()) {
      await pull(entity).catch((err: unknown) => {
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
