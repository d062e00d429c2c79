/**
 * A full sync's fill of a data thread (data-thread.ts): the kept entities' tables from the committed snapshot, then
 * every pulled entity's pages from QuickBooks, kept as records and written into the uncommitted generation as they
 * come.
 */
import type { Logger } from 'pino';
import { emptyTables, type EntityTable, type SnapshotTables } from '../../cache';
import { createQboClient, type EntityName, type QboClient, type RecordByEntity } from '../../qbo';
import { openGenerationWriter, type GenerationWriter, type StoreReader } from '../../store';
import type { EntityRow } from '../apply-changes';
import { pullPages } from '../full-sync';
import { tablesFromStore } from '../load-snapshot';
import { upsertOf } from '../persistence';
import { createQboSource } from '../qbo-source';
import type { DataFill, DataThreadData } from './protocol';
import type { Post } from './serving';
import type { ThreadBridge } from './thread-bridge';

type PullFill = Extract<DataFill, { mode: 'pull' }>;
type RecordMaps = { -readonly [E in EntityName]: Map<string, RecordByEntity[E]> };

/** The kept entities' tables from the committed snapshot, then every pulled entity's pages, written as they come. */
export async function pullTables(
  data: DataThreadData,
  how: PullFill,
  reader: StoreReader,
  post: Post,
  bridge: ThreadBridge,
  logger: Logger,
  signal: AbortSignal,
): Promise<SnapshotTables> {
  const tables = { ...emptyTables() } as Record<EntityName, EntityTable<unknown>>;
  if (how.keep.length > 0) {
    const kept = await tablesFromStore(reader, data.realmId, how.keep);
    for (const entity of how.keep) tables[entity] = kept[entity];
  }
  const maps = Object.fromEntries(how.pull.map((entity) => [entity, new Map()])) as Partial<RecordMaps>;
  let writer: GenerationWriter | undefined;
  let client: QboClient | undefined;
  // Pages are written one after another; the first failed write stops the pull.
  let writes: Promise<void> = Promise.resolve();
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const generation = (writer = openGenerationWriter(how.target, { shouldCommit: () => !stop.signal.aborted }));
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
        const map = maps[entity] as Map<string, RecordByEntity[E]>;
        for (const row of page) map.set(row.id, row.record);
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
    writer?.close();
    client?.close();
  }
  if (stop.signal.aborted) throw stop.signal.reason;
  for (const entity of how.pull) tables[entity] = { records: maps[entity] as Map<string, unknown> };
  return tables as unknown as SnapshotTables;
}
