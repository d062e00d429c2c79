/**
 * WAL checkpoints off the event loop. SQLite checkpoints on the committing connection by default (every ~4 MB of
 * WAL): during a full sync's hundreds of MB of snapshot rows that would put a copy-and-fsync of the WAL into a write
 * on the main thread every few slices, blocking it for far longer than a slice (bench/search-under-sync.ts). So the
 * store's connections never checkpoint themselves; a worker thread with its own connection runs PASSIVE checkpoints
 * (they wait for no reader or writer) every `intervalMs` (1 s by default).
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
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface Checkpointer {
  close(): Promise<void>;
}

export function startCheckpointer(db: Database, options: { intervalMs?: number; busyTimeoutMs: number; logger?: Logger }): Checkpointer {
  db.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: require.resolve('better-sqlite3'), file: db.name, intervalMs: options.intervalMs ?? 1_000, busyTimeoutMs: options.busyTimeoutMs },
  });
  worker.unref();
  worker.on('message', (message: { failed?: string }) => options.logger?.warn({ error: message.failed }, 'WAL checkpoint failed; retrying'));
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', (err) => {
    // Without the worker the WAL would only grow: checkpoint on the main connection again.
    options.logger?.error({ err }, 'WAL checkpoint worker failed; checkpointing on the main thread');
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  });
  return {
    async close() {
      if (exited) return;
      exited = true;
      worker.postMessage('close');
      await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 5_000).unref())]);
      await worker.terminate();
    },
  };
}
