/**
 * The demo's simulator thread (simulator-thread.ts) seen from the serving thread: started, listened for until the
 * simulator listens (or fails to), its log lines logged here, and stopped.
 */
import type { Logger } from 'pino';
import { relog } from '../logging';
import { startThread } from '../threads';
import type { FromSimulatorThread, SimulatorAddress, SimulatorThreadData, ToSimulatorThread } from './simulator-protocol';

/**
 * How long a closing simulator thread gets to close its server and exit before it is terminated. Short: it is the
 * last step of a shutdown that must end within 10 s of SIGTERM (README, Stopping), after up to 8 s of draining.
 */
const STOP_GRACE_MS = 1_000;

export interface SimulatorThread extends SimulatorAddress {
  /** The simulated user connects this company at the next authorization; resolves once the simulator knows. */
  pick(realmId: string): Promise<void>;
  /** Closes the simulator's server, then ends the thread (terminated if it has not exited after STOP_GRACE_MS). */
  stop(): Promise<void>;
}

/** Resolves once the simulator listens; rejects if the thread fails or exits before that. */
export function startSimulatorThread(data: SimulatorThreadData, logger: Logger): Promise<SimulatorThread> {
  const worker = startThread('simulator-thread', __dirname, data);
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      worker.postMessage({ type: 'close' } satisfies ToSimulatorThread);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
      clearTimeout(timer);
      await worker.terminate(); // resolves at once for a thread that already exited
    })();
    return stopping;
  };

  const picks = new Map<string, () => void>();
  const pick = (realmId: string) =>
    new Promise<void>((resolve) => {
      picks.set(realmId, resolve);
      worker.postMessage({ type: 'pick', realmId } satisfies ToSimulatorThread);
    });

  return new Promise<SimulatorThread>((resolve, reject) => {
    let started = false;
    const fail = (reason: string) => {
      if (started) return;
      started = true; // settled
      void worker.terminate();
      reject(new Error(`the demo's QuickBooks simulator did not start: ${reason}`));
    };
    worker.on('message', (message: FromSimulatorThread) => {
      switch (message.type) {
        case 'log':
          return relog(logger, message.line);
        case 'failed':
          return fail(message.message);
        case 'picked':
          picks.get(message.realmId)?.();
          picks.delete(message.realmId);
          return;
        case 'listening': {
          if (started) return;
          started = true;
          const { type: _type, ...address } = message;
          return resolve({ ...address, pick, stop });
        }
      }
    });
    worker.on('error', (err) => {
      if (started) logger.error({ err }, "the demo's QuickBooks simulator thread failed");
      else fail(err.message);
    });
    void exited.then((code) => {
      if (!started) fail(`its thread exited (code ${code})`);
      else if (!stopping) logger.error({ exit_code: code }, "the demo's QuickBooks simulator thread exited");
    });
  });
}
