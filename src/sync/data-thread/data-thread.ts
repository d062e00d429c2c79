/**
 * A company's data thread (started by data-worker.ts): it fills itself with one snapshot, from the store or by a
 * full pull, builds its search indexes, and from then on answers searches, pages of ids and incremental changes for
 * it, in its own heap. The serving thread holds none of the records, so neither a build nor the garbage of a
 * replaced snapshot ever runs on the thread that answers HTTP (docs/ARCHITECTURE.md, Threads).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { emptyTables, infoOf, type DataFacts, type EntityTable, type Snapshot, type SnapshotTables } from '../../cache';
import type { LogLevel } from '../../config';
import type { Logger } from 'pino';
import { createThreadLogger } from '../../logging';
import { createQboClient, type EntityName, type QboClient, type RecordByEntity } from '../../qbo';
import { createSearchIndexes, type SearchIndexes, type SearchRecords } from '../../search';
import { openGenerationWriter, openStoreReader, type GenerationWriter, type StoreReader } from '../../store';
import { applyChanges, type AppliedChanges, type EntityRow } from '../apply-changes';
import { pullPages } from '../full-sync';
import { loadSnapshotFromStore, tablesFromStore } from '../load-snapshot';
import { toSearchDelta, upsertOf } from '../persistence';
import { createQboSource } from '../qbo-source';
import { errorShape, type DataFill, type DataRequest, type DataThreadData, type FromDataThread, type ToDataThread } from './protocol';
import { createThreadBridge } from './thread-bridge';

/**
 * This thread's nice value while it pulls and builds (Linux keeps one per thread). Where the cores are busy, the
 * scheduler then runs the serving threads' searches before the pull (bench/search-under-sync.ts). It is set only
 * where the thread may set it back to 0 once it serves (raising a priority needs privileges), so a data thread never
 * answers searches at a lower priority than the HTTP thread.
 */
const FILL_NICE = 10;

/** How often the thread reports its longest event-loop delay (metrics). */
const DELAY_REPORT_MS = 1000;

type Post = (message: FromDataThread) => void;

async function main(port: NonNullable<typeof parentPort>, data: DataThreadData): Promise<void> {
  const post: Post = (message) => port.postMessage(message);
  const controller = new AbortController();
  const bridge = createThreadBridge(post, controller.signal);
  const logger = createThreadLogger(data.logLevel as LogLevel, (line) => post({ type: 'log', line })).child({ component: 'data' });
  let serving: Serving | null = null;
  port.on('message', (message: ToDataThread) => {
    switch (message.type) {
      case 'cancel':
        return controller.abort(new Error('cancelled'));
      case 'token':
      case 'granted':
      case 'denied':
        return bridge.receive(message);
      default:
        if (serving === null) {
          if (message.type === 'request') post({ type: 'reply', id: message.id, error: { name: 'DataUnavailableError', message: 'the data thread is still loading' } });
          return;
        }
        return serving.receive(message);
    }
  });
  reportDelays(post);

  const niced = lowerPriority();
  const reader = openStoreReader(data.store);
  try {
    const filled = await fill(data, reader, post, bridge, logger, controller.signal);
    if (filled === null) {
      post({ type: 'empty' });
      reader.close();
      port.close();
      return;
    }
    const { snapshot, indexes } = filled;
    if (niced) os.setPriority(0);
    serving = createServing(snapshot, indexes, reader, post, logger);
    // The facts only: the records never cross to the serving thread (structured clone would copy them all).
    post({ type: 'ready', report: { info: infoOf(snapshot), facts: serving.facts(), load: indexes.loadReport } });
  } catch (err) {
    post({ type: 'failed', error: errorShape(controller.signal.aborted ? controller.signal.reason : err) });
    reader.close();
    port.close();
  }
}

interface Filled {
  readonly snapshot: Snapshot;
  readonly indexes: SearchIndexes;
}

async function fill(data: DataThreadData, reader: StoreReader, post: Post, bridge: ReturnType<typeof createThreadBridge>, logger: Logger, signal: AbortSignal): Promise<Filled | null> {
  const { fill: how } = data;
  if (how.mode === 'load') {
    const snapshot = await loadSnapshotFromStore(reader, data.realmId, data.entities);
    if (snapshot === null) return null;
    const indexes = await createSearchIndexes(recordsOf(snapshot), {
      images: { read: (index) => reader.readSearchImage(data.realmId, index) },
      signal,
    });
    return { snapshot, indexes };
  }
  const tables = await pullTables(data, how, reader, post, bridge, logger, signal);
  const snapshot: Snapshot = { ...how.info, ...tables };
  const indexes = await createSearchIndexes(recordsOf(snapshot), { signal });
  return { snapshot, indexes };
}

type PullFill = Extract<DataFill, { mode: 'pull' }>;
type RecordMaps = { -readonly [E in EntityName]: Map<string, RecordByEntity[E]> };

/** The kept entities' tables from the committed snapshot, then every pulled entity's pages, written as they come. */
async function pullTables(
  data: DataThreadData,
  how: PullFill,
  reader: StoreReader,
  post: Post,
  bridge: ReturnType<typeof createThreadBridge>,
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

/** The search core reads our records only. */
function recordsOf(snapshot: Snapshot): SearchRecords {
  const records: Partial<Record<EntityName, ReadonlyMap<string, unknown>>> = {};
  for (const entity of snapshot.entities) records[entity] = snapshot[entity].records;
  return records as SearchRecords;
}

interface Serving {
  facts(): DataFacts;
  receive(message: Exclude<ToDataThread, { type: 'cancel' | 'token' | 'granted' | 'denied' }>): void;
}

/** Answers for one filled snapshot: searches, pages of ids, and incremental changes prepared, then committed. */
function createServing(initial: Snapshot, indexes: SearchIndexes, reader: StoreReader, post: Post, logger: Logger): Serving {
  let snapshot = initial;
  let pending: AppliedChanges | null = null;
  const sortedIds = new WeakMap<EntityTable<unknown>, string[]>();
  const idsOf = (table: EntityTable<unknown>): string[] => {
    let ids = sortedIds.get(table);
    if (ids === undefined) {
      ids = [...table.records.keys()].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
      sortedIds.set(table, ids);
    }
    return ids;
  };
  const facts = (): DataFacts => ({
    counts: Object.fromEntries(snapshot.entities.map((entity) => [entity, snapshot[entity].records.size])),
    indexNames: indexes.names(),
    indexCounts: indexes.counts(),
  });

  const answer = (request: DataRequest): unknown => {
    switch (request.kind) {
      case 'search':
        return indexes.search(request.args.index, request.args.query, request.args.options);
      case 'groups':
        return indexes.searchGroups(request.args.names, request.args.query, request.args.options);
      case 'page': {
        const table: EntityTable<unknown> = snapshot[request.args.entity];
        const { offset, limit } = request.args;
        return { ids: idsOf(table).slice(offset, offset + limit), total: table.records.size };
      }
      case 'prepare': {
        pending = applyChanges(snapshot, request.args.changes);
        const accepted = Object.fromEntries(
          Object.entries(pending.applied).map(([entity, changes]) => [entity, { upserts: changes.upserts.map((row) => row.id), deletes: changes.deletes.map((row) => row.id) }]),
        );
        return { accepted, changedCount: pending.changedCount, rebuild: pending.changedCount > 0 && indexes.shouldRebuild(pending.changedCount) };
      }
      case 'commit': {
        const applied = pending;
        pending = null;
        if (applied !== null && applied.changedCount > 0) {
          snapshot = { ...snapshot, ...applied.tables };
          indexes.applyDelta(toSearchDelta(applied.applied));
        }
        return facts();
      }
      case 'ping':
        return null;
    }
  };

  return {
    facts,
    receive(message) {
      if (message.type === 'discard') {
        pending = null;
        return;
      }
      if (message.type === 'hang') {
        // Deliberately stuck (only DataWorker.injectHang sends this): the serving side must notice and replace us.
        for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
      }
      if (message.type === 'write-images') {
        const sink = { write: (index: string, lines: AsyncIterable<string>, signal?: AbortSignal) => reader.writeSearchImage(snapshot.realmId, index, lines, signal) };
        indexes.writeImages(sink).then(
          () => logger.info('search images written'),
          (err: unknown) => logger.warn({ err }, 'search images not written; the next start builds the indexes instead'),
        );
        return;
      }
      try {
        post({ type: 'reply', id: message.id, value: answer(message) });
      } catch (err) {
        post({ type: 'reply', id: message.id, error: errorShape(err) });
      }
    },
  };
}

/** The longest event-loop delay of each interval, for the serving thread's histogram (metrics). */
function reportDelays(post: Post): void {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  setInterval(() => {
    post({ type: 'delay', maxMs: histogram.max / 1e6 });
    histogram.reset();
  }, DELAY_REPORT_MS).unref();
}

/** Lowers this thread's priority where it may raise it again (root); true when it did. */
function lowerPriority(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    os.setPriority(FILL_NICE); // pid 0: this thread only, on Linux
    return true;
  } catch {
    return false;
  }
}

if (parentPort) void main(parentPort, workerData as DataThreadData);
