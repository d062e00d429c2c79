/**
 * Threads that small companies share. A thread of its own costs a company about 20 MB before it holds a record (a V8
 * heap, Node's bootstrap, our modules: BENCHMARKS.md, several companies), more than a small company's data itself, so
 * companies of at most SHARED_THREAD_MAX_RECORDS records (README, Configuration) are served by shared threads
 * (data-host.ts), SLOTS_PER_THREAD to a thread. Each company gets its own message port into the thread, so the handle above (data-worker.ts) is the same.
 *
 * What sharing costs: a company's build (a full sync, a warm start) runs on the thread that answers the other
 * companies there, for tens of milliseconds at this size; and a stuck thread is stopped with every company on it,
 * each of which is then loaded again from the store, like after a crash. A thread left with no company ends.
 */
import { MessageChannel, type Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { startThread } from '../../threads';
import type { DataChannel } from './data-channel';
import type { HostedData } from './data-host';
import type { DataThreadData, FromDataThread } from './protocol';

/** Companies on one shared thread at most. */
export const SLOTS_PER_THREAD = 16;

export interface SharedDataThreads {
  /** Serves `data` on a shared thread with room left (a new one when none has). */
  open(data: DataThreadData): DataChannel;
  /** Shared threads running now (metrics, tests). */
  threads(): number;
  /** Stops every shared thread (the service's stop). */
  close(): Promise<void>;
}

interface Slot {
  exit(code: number): void;
  readonly errorListeners: Array<(error: Error) => void>;
}

interface Host {
  readonly thread: Worker;
  /** The companies on it. */
  readonly slots: Set<Slot>;
  /** Terminating or exited: takes no new company. */
  ending: boolean;
}

export function createSharedDataThreads(options: { logger: Logger; slotsPerThread?: number }): SharedDataThreads {
  const perThread = options.slotsPerThread ?? SLOTS_PER_THREAD;
  const hosts = new Set<Host>();

  const startHost = (): Host => {
    const host: Host = { thread: startThread('data-host', __dirname, null), slots: new Set(), ending: false };
    host.thread.on('error', (err) => {
      options.logger.error({ err }, 'shared data thread error');
      for (const slot of host.slots) for (const listener of slot.errorListeners) listener(err);
    });
    host.thread.once('exit', (code) => {
      host.ending = true;
      hosts.delete(host);
      for (const slot of [...host.slots]) slot.exit(code);
    });
    hosts.add(host);
    return host;
  };
  const hostWithRoom = (): Host => [...hosts].find((host) => !host.ending && host.slots.size < perThread) ?? startHost();
  const stop = (host: Host) => {
    host.ending = true;
    void host.thread.terminate();
  };

  return {
    open(data) {
      const host = hostWithRoom();
      const { port1, port2 } = new MessageChannel();
      const hosted: HostedData = { data, port: port2 };
      host.thread.postMessage(hosted, [port2]);
      const exitListeners: Array<(code: number) => void> = [];
      let exited = false;
      const slot: Slot = {
        // Once: the port closed (either side) or the thread exited.
        exit(code) {
          if (exited) return;
          exited = true;
          host.slots.delete(slot);
          port1.close();
          for (const listener of exitListeners) listener(code);
          // A thread that serves nobody any more gives its heap back.
          if (host.slots.size === 0 && !host.ending) stop(host);
        },
        errorListeners: [],
      };
      host.slots.add(slot);
      port1.on('close', () => slot.exit(0));
      return {
        post: (message) => port1.postMessage(message),
        onMessage: (listener) => port1.on('message', (message: FromDataThread) => listener(message)),
        onError: (listener) => slot.errorListeners.push(listener),
        onExit: (listener) => exitListeners.push(listener),
        end: () => slot.exit(1),
        kill: () => stop(host),
      };
    },
    threads: () => hosts.size,
    async close() {
      await Promise.all(
        [...hosts].map((host) => {
          host.ending = true;
          return host.thread.terminate();
        }),
      );
    },
  };
}
