/**
 * A company's data, in a data thread (docs/ARCHITECTURE.md, Threads): it fills itself with one snapshot from the store
 * (the committed one, or a full sync's generation before its commit), builds its search indexes, and from then on
 * answers searches, pages of ids and incremental changes for it, over one message port. A full sync's pull runs in a
 * thread of its own, which ends once it has written the pages into the store. The serving thread holds none of the
 * records, so neither a build nor the garbage of a replaced snapshot ever runs on the thread that answers HTTP.
 *
 * A large company's data has a thread of its own (data-thread.ts, the port is the thread's); small companies share
 * threads (data-host.ts, a port per company), and the serving side ends one by closing its port.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import type { MessagePort } from 'node:worker_threads';
import { infoOf, type Snapshot } from '../../cache';
import type { LogLevel } from '../../config';
import type { Logger } from 'pino';
import { createThreadLogger } from '../../logging';
import type { EntityName } from '../../qbo';
import { createSearchIndexes, type SearchIndexes, type SearchRecords } from '../../search';
import { openStoreReader, type StoreReader } from '../../store';
import { loadSnapshotFromStore, tablesFromGeneration } from '../load-snapshot';
import { errorShape, type DataThreadData, type ToDataThread } from './protocol';
import { pullRows } from './pull-rows';
import { createServing, type Post, type Serving } from './serving';
import { createThreadBridge, type ThreadBridge } from './thread-bridge';

/**
 * This thread's nice value while it pulls and builds (Linux keeps one per thread). Where the cores are busy, the
 * scheduler then runs the serving threads' searches before the pull (bench/search-under-sync.ts). It is set only
 * where the thread may set it back to 0 once it serves (raising a priority needs privileges), so a data thread never
 * answers searches at a lower priority than the HTTP thread.
 */
const FILL_NICE = 10;

/**
 * Searched on every index before the thread serves. A thread's first searches run in V8's interpreter, and a fresh
 * thread swapped in after a full sync answered its first second of searches up to 200 ms late
 * (bench/search-under-sync.ts); a few hundred searches first let V8 optimize the search path.
 */
const WARM_UP_QUERIES = ['a', 'ac', 'acm', 'b', 'co', 'ma', 'mi', 'st', 'j', 'jo', 'x', '1', '10', '100', 'ab', 'inc'];

/** How often the thread reports its longest event-loop delay (metrics). */
const DELAY_REPORT_MS = 1000;

/**
 * Serves one company's data over `port`. `own`: the thread is this company's alone, so it may lower its priority
 * while it fills (a shared thread serves other companies meanwhile); closing the port ends the thread.
 * `shared`: the serving side closes the port to end this company's data, which stops a fill and lets the records go.
 */
export async function serveData(port: MessagePort, data: DataThreadData, place: 'own' | 'shared'): Promise<void> {
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
  const stopReports = reportDelays(post);
  const reader = openStoreReader(data.store);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    stopReports();
    reader.close();
    port.close();
  };
  port.on('close', () => {
    // The serving side ended this company's data (a shared thread): stop a fill, drop the records.
    controller.abort(new Error('the data was ended'));
    serving = null;
    end();
  });

  const niced = place === 'own' && lowerPriority();
  try {
    const filled = await fill(data, reader, post, bridge, logger, controller.signal);
    if (filled === 'empty' || filled === 'pulled') {
      post({ type: filled });
      end();
      return;
    }
    if (ended) return; // ended while it filled: nobody will ask
    reader.shrink();
    const { snapshot, indexes } = filled;
    warmUp(indexes);
    if (niced) os.setPriority(0);
    serving = createServing(snapshot, indexes, reader, post, logger, controller.signal);
    // The facts only: the records never cross to the serving thread (structured clone would copy them all).
    post({ type: 'ready', report: { info: infoOf(snapshot), facts: serving.facts(), load: indexes.loadReport } });
  } catch (err) {
    if (ended) return;
    post({ type: 'failed', error: errorShape(controller.signal.aborted ? controller.signal.reason : err) });
    end();
  }
}

interface Filled {
  readonly snapshot: Snapshot;
  readonly indexes: SearchIndexes;
}

async function fill(
  data: DataThreadData,
  reader: StoreReader,
  post: Post,
  bridge: ThreadBridge,
  logger: Logger,
  signal: AbortSignal,
): Promise<Filled | 'empty' | 'pulled'> {
  const { fill: how } = data;
  switch (how.mode) {
    case 'load': {
      const snapshot = await loadSnapshotFromStore(reader, data.realmId, data.entities);
      if (snapshot === null) return 'empty';
      const indexes = await createSearchIndexes(recordsOf(snapshot), {
        images: { read: (index) => reader.readSearchImage(data.realmId, index) },
        signal,
      });
      return { snapshot, indexes };
    }
    case 'pull':
      await pullRows(data, how, post, bridge, logger, signal);
      return 'pulled';
    case 'generation': {
      const snapshot: Snapshot = { ...how.info, ...(await tablesFromGeneration(reader, how.target, how.pull, how.keep)) };
      signal.throwIfAborted();
      const indexes = await createSearchIndexes(recordsOf(snapshot), { signal });
      return { snapshot, indexes };
    }
  }
}

function warmUp(indexes: SearchIndexes): void {
  const names = indexes.names();
  for (const query of WARM_UP_QUERIES) {
    for (const name of names) indexes.search(name, query, {});
    indexes.searchGroups(names, query, { limit: 5 });
  }
}

/** The search core reads our records only. */
function recordsOf(snapshot: Snapshot): SearchRecords {
  const records: Partial<Record<EntityName, ReadonlyMap<string, unknown>>> = {};
  for (const entity of snapshot.entities) records[entity] = snapshot[entity].records;
  return records as SearchRecords;
}

/** The longest event-loop delay of each interval, for the serving thread's histogram (metrics); returns the stop. */
function reportDelays(post: Post): () => void {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const timer = setInterval(() => {
    post({ type: 'delay', maxMs: histogram.max / 1e6 });
    histogram.reset();
  }, DELAY_REPORT_MS).unref();
  return () => {
    clearInterval(timer);
    histogram.disable();
  };
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
