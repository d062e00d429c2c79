/**
 * A full sync's pull in a data thread (data-slot.ts): every pulled entity's pages from QuickBooks, written into the
 * uncommitted generation as they come. Nothing is kept: the thread ends after the pull, and the thread that will
 * serve the snapshot reads it back from the store, into a heap that never held QuickBooks' JSON.
 */
import type { Logger } from 'pino';
import { createQboClient, type EntityName, type QboClient } from '../../qbo';
import { openGenerationWriter, type GenerationWriter } from '../../store';
import type { EntityRow } from '../apply-changes';
import { pullPages } from '../full-sync';
import { upsertOf } from '../persistence';
import { createQboSource } from '../qbo-source';
import type { DataFill, DataThreadData } from './protocol';
import type { Post } from './serving';
import type { ThreadBridge } from './thread-bridge';

type PullFill = Extract<DataFill, { mode: 'pull' }>;

/** Every pulled entity's pages, written into the generation as they come; rejects with the first failure. */
export async function pullRows(data: DataThreadData, how: PullFill, post: Post, bridge: ThreadBridge, logger: Logger, signal: AbortSignal): Promise<void> {
  let writer: GenerationWriter | undefined;
  let client: QboClient | undefined;
  // Pages are written one after another; the first failed write stops the pull.
  let writes: Promise<void> = Promise.resolve();
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal.reason);
  // A cancel can arrive while the thread is still starting: an aborted signal never fires 'abort' again.
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    const generation = (writer = openGenerationWriter(data.store, how.target, { shouldCommit: () => !stop.signal.aborted }));
    client = createQboClient({
      realmId: data.realmId,
      ...how.qbo,
      tokens: bridge.tokens,
      limiter: bridge.limiter,
      logger: logger.child({ component: 'qbo' }),
      onCall: (event) => post({ type: 'call', event }),
    });
    await pullPages(
      createQboSource(client, how.pull),
      { signal: stop.signal },
      (total) => post({ type: 'total', total }),
      <E extends EntityName>({ entity, rows: page, fetched }: { entity: E; rows: readonly EntityRow<E>[]; fetched: number }) => {
        post({ type: 'progress', entity, fetched, records: page.length });
        const upserts = page.map((row) => upsertOf(entity, row));
        writes = writes.then(() => generation.write(upserts));
        writes.catch((err: unknown) => stop.abort(err));
      },
      how.pull,
    );
    await writes;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await writes.catch(() => undefined);
    await writer?.close();
    client?.close();
  }
  if (stop.signal.aborted) throw stop.signal.reason;
}
