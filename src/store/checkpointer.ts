/**
 * The store's background work off the event loop, in a worker thread with its own connection:
 *
 * - WAL checkpoints. SQLite checkpoints on the committing connection by default (every ~4 MB of WAL): during a full
 *   sync's hundreds of MB of snapshot rows that would put a copy-and-fsync of the WAL into a write on the main thread
 *   every few slices. So the store's connections never checkpoint themselves; this thread runs PASSIVE checkpoints
 *   (they wait for no reader or writer) every `intervalMs` (1 s by default).
 * - Deleting replaced and abandoned generations (snapshot-replace.ts): 360k rows of raw JSON are seconds of SQLite
 *   work, which on the main thread kept every search after a full sync waiting behind 4 ms delete slices
 *   (bench/search-under-sync.ts). Here they run in the same slices (`DELETE_BATCH` rows a statement, one write
 *   transaction per slice, so token saves still get the write lock between them), one request at a time.
 */
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type { Logger } from 'pino';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
// fileMustExist: a worker that starts after the file was removed must not create an empty database there.
const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs, fileMustExist: true });
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort.postMessage({ failed: String(error && error.message) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
const statements = {
  older: db.prepare('DELETE FROM snapshot_rows WHERE rowid IN (SELECT rowid FROM snapshot_rows WHERE realm_id = ? AND generation < ? LIMIT ?)'),
  generation: db.prepare('DELETE FROM snapshot_rows WHERE rowid IN (SELECT rowid FROM snapshot_rows WHERE realm_id = ? AND generation = ? LIMIT ?)'),
};
// The serving thread's write turn (write-turn.ts awaitTurn, repeated here: this source is evaluated, not imported).
const turn = new Int32Array(workerData.writeTurn);
const awaitTurn = () => {
  const until = performance.now() + 1000;
  for (let held = Atomics.load(turn, 0); held > 0 && performance.now() < until; held = Atomics.load(turn, 0)) {
    Atomics.wait(turn, 0, held, Math.max(0, until - performance.now()));
  }
};
const deleteSlice = db.transaction((statement, realmId, generation, sliceMs) => {
  const started = performance.now();
  do {
    if (statement.run(realmId, generation, workerData.deleteBatch).changes < workerData.deleteBatch) return false;
  } while (performance.now() - started < sliceMs);
  return true;
});
// One delete at a time, in arrival order (the store sends the next only after this one answered).
let deleting = Promise.resolve();
const remove = async ({ id, which, realmId, generation, sliceMs }) => {
  try {
    // NORMAL: nothing reads a deleted generation; the next FULL commit makes these frames durable with it.
    db.pragma('synchronous = NORMAL');
    for (;;) {
      awaitTurn();
      if (!deleteSlice.immediate(statements[which], realmId, generation, sliceMs)) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    parentPort.postMessage({ deleted: id });
  } catch (error) {
    parentPort.postMessage({ deleted: id, error: String(error && error.message) });
  } finally {
    db.pragma('synchronous = FULL');
  }
};
parentPort.on('message', (message) => {
  if (message && message.type === 'delete') {
    deleting = deleting.then(() => remove(message));
    return;
  }
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  /**
   * Deletes a realm's generations below `generation` (`older`) or that one (`generation`) in the worker's slices.
   * Resolves false, having deleted nothing, when the worker is not running (the caller deletes on its own connection).
   */
  deleteGenerations(which: 'older' | 'generation', realmId: string, generation: number, sliceMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** Rows a delete statement removes at most (each slice runs statements until its time is up). */
export const DELETE_BATCH = 500;

export function startCheckpointer(
  db: Database,
  options: { intervalMs?: number; busyTimeoutMs: number; writeTurn: SharedArrayBuffer; logger?: Logger },
): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      driver: require.resolve('better-sqlite3'),
      file: db.name,
      intervalMs: options.intervalMs ?? 1_000,
      busyTimeoutMs: options.busyTimeoutMs,
      deleteBatch: DELETE_BATCH,
      writeTurn: options.writeTurn,
    },
  });
  worker.unref();
  const deletes = new Map<number, (done: boolean) => void>();
  let nextDelete = 0;
  let failed = false;
  worker.on('message', (message: { failed?: string; deleted?: number; error?: string }) => {
    if (message.deleted !== undefined) {
      if (message.error !== undefined) options.logger?.warn({ error: message.error }, 'deleting an old snapshot generation failed; the next commit retries');
      deletes.get(message.deleted)?.(true);
      deletes.delete(message.deleted);
      return;
    }
    options.logger?.warn({ error: message.failed }, 'WAL checkpoint failed; retrying');
  });
  const settleDeletes = () => {
    for (const done of deletes.values()) done(false);
    deletes.clear();
  };
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (err) => {
    // Without the worker the WAL would only grow: checkpoint on the main connection again.
    options.logger?.error({ err }, 'WAL checkpoint worker failed; checkpointing on the main thread');
    failed = true;
    settleDeletes();
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  });
  void exit.then(() => {
    failed = true;
    settleDeletes();
  });
  return {
    deleteGenerations(which, realmId, generation, sliceMs) {
      if (failed || exited) return Promise.resolve(false);
      const id = nextDelete++;
      return new Promise<boolean>((resolve) => {
        deletes.set(id, resolve);
        worker.postMessage({ type: 'delete', id, which, realmId, generation, sliceMs });
      });
    },
    async close() {
      if (exited) return;
      exited = true;
      // Held while it finishes: a process whose last work is this close (the migrate-store command) would otherwise
      // exit mid-close, with its exit code not yet set.
      worker.ref();
      worker.postMessage('close');
      await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await worker.terminate();
    },
  };
}
