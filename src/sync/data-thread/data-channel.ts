/**
 * How the serving side (data-worker.ts) talks to one company's data: over a thread of the company's own
 * (`ownDataThread`), or over a port into a thread that small companies share (shared-data-threads.ts). The handle
 * above it is the same either way.
 */
import type { Worker } from 'node:worker_threads';
import { startThread } from '../../threads';
import type { DataThreadData, FromDataThread, ToDataThread } from './protocol';

export interface DataChannel {
  post(message: ToDataThread): void;
  onMessage(listener: (message: FromDataThread) => void): void;
  /** An uncaught error of the thread. */
  onError(listener: (error: Error) => void): void;
  /** Once, when this company's data has ended: it ended itself, was ended, or its thread exited (with the code). */
  onExit(listener: (code: number) => void): void;
  /** Ends this company's data; a shared thread goes on serving the others. */
  end(): void;
  /** Stops the thread that runs it (one that is stuck): in a shared thread, every company's data there ends too. */
  kill(): void;
}

/** The company's data in a thread of its own: ending it terminates the thread, whose heap goes with it. */
export function ownDataThread(data: DataThreadData): DataChannel {
  return channelOf(startThread('data-thread', __dirname, data));
}

function channelOf(thread: Worker): DataChannel {
  const stop = () => void thread.terminate();
  return {
    post: (message) => thread.postMessage(message),
    onMessage: (listener) => thread.on('message', listener),
    onError: (listener) => thread.on('error', listener),
    onExit: (listener) => thread.once('exit', listener),
    end: stop,
    kill: stop,
  };
}
