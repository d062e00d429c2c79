/**
 * The thread a full sync pulls in (started by run-pull-worker.ts): node-quickbooks' requests and their JSON,
 * normalizing, and writing the rows into the store's uncommitted generation all happen here, in this thread's own
 * heap, so the serving thread's event loop and garbage collector never see them. The serving thread receives each
 * page's small records only, and answers for the access token and the realm's rate limiter.
 */
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { createThreadLogger } from '../../logging';
import { createQboClient, type QboClient } from '../../qbo';
import type { LogLevel } from '../../config';
import { openGenerationWriter, type GenerationWriter } from '../../store';
import { pullPages } from '../full-sync';
import type { EntityRow } from '../apply-changes';
import { upsertOf } from '../persistence';
import { createQboSource } from '../qbo-source';
import { createThreadBridge } from './thread-bridge';
import { errorShape, type FromPullThread, type PageMessage, type PullThreadData, type ToPullThread } from './protocol';

const RECORDS_PER_MESSAGE = 200;

/**
 * This thread's nice value (Linux keeps one per thread; the serving thread keeps its own, 0). Where the cores are
 * busy, the scheduler then runs a search before the pull: on 2 shared cores the pull otherwise takes the core a
 * search is waiting for (bench/search-under-sync.ts). Where nothing else wants the cores the pull runs at full speed.
 * 10, not 19: against a busy main thread the pull still gets ~10 % of a core instead of ~1.5 % (a sync must end),
 * and it holds SQLite's write lock for 4 ms slices that a main-thread write may be waiting for.
 */
const PULL_THREAD_NICE = 10;

async function main(port: NonNullable<typeof parentPort>, data: PullThreadData): Promise<void> {
  try {
    os.setPriority(PULL_THREAD_NICE); // pid 0: this thread only, on Linux
  } catch {
    // not allowed here (some sandboxes): the pull runs at the service's priority
  }
  const post = (message: FromPullThread) => port.postMessage(message);
  const controller = new AbortController();
  const bridge = createThreadBridge(post, controller.signal);
  port.on('message', (message: ToPullThread) => {
    if (message.type === 'cancel') controller.abort(new Error('cancelled'));
    else bridge.receive(message);
  });

  const logger = createThreadLogger(data.logLevel as LogLevel, (line) => post({ type: 'log', line }));
  let writer: GenerationWriter | undefined;
  let client: QboClient | undefined;
  // Pages are written one after another; the first failed write stops the pull.
  let writes: Promise<void> = Promise.resolve();
  try {
    const generation = (writer = openGenerationWriter(data.target, { shouldCommit: () => !controller.signal.aborted }));
    client = createQboClient({
      realmId: data.target.realmId,
      ...data.qbo,
      tokens: bridge.tokens,
      limiter: bridge.limiter,
      logger,
      onCall: (event) => post({ type: 'call', event }),
    });
    await pullPages(
      createQboSource(client, data.entities),
      { signal: controller.signal },
      (total) => post({ type: 'total', total }),
      ({ entity, rows: page, fetched }) => {
        // In parts: the serving thread takes each message in one go, and a whole page of 1,000 records would hold it
        // for a few ms.
        const before = fetched - page.length;
        for (let from = 0; from < page.length; from += RECORDS_PER_MESSAGE) {
          const part = page.slice(from, from + RECORDS_PER_MESSAGE);
          const records = part.map((row) => ({ id: row.id, record: row.record }));
          post({ type: 'page', entity, fetched: before + from + part.length, records } as PageMessage);
        }
        const upserts = page.map((row: EntityRow<typeof entity>) => upsertOf(entity, row));
        writes = writes.then(() => generation.write(upserts));
        writes.catch((err: unknown) => controller.abort(err));
      },
    );
    await writes;
    post({ type: 'done' });
  } catch (err) {
    post({ type: 'failed', error: errorShape(controller.signal.aborted ? controller.signal.reason : err) });
  } finally {
    await writes.catch(() => undefined);
    writer?.close();
    client?.close();
    port.close();
  }
}

if (parentPort) void main(parentPort, workerData as PullThreadData);
