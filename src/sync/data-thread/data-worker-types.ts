/** What a data thread's handle (data-worker.ts) is made of and offers. */
import type { Logger } from 'pino';
import type { DataHandle } from '../../cache';
import type { AccessTokenSource, QboCallEvent, RealmLimiter } from '../../qbo';
import type { CallContext } from '../types';
import type { ReadyReport } from './protocol';

export interface DataWorkerDeps {
  readonly logger: Logger;
  /** For a full pull: the access token and the realm's limiter, shared with every other call of the company. */
  readonly tokens?: AccessTokenSource;
  readonly limiter?: RealmLimiter;
  /** Every HTTP attempt of a pull (metrics). */
  readonly onCall?: (event: QboCallEvent) => void;
  /** The thread's longest event-loop delay, about once a second (metrics). */
  readonly onDelay?: (maxMs: number) => void;
  /** The serving thread crashed or is stuck (once; not after close). */
  readonly onFailure?: (reason: string) => void;
}

/** The run's progress, updated as a pull's pages arrive (RunTracker). */
export interface PullProgress {
  readonly call: CallContext;
  total: number;
  completed: number;
  records: number;
}

export interface DataWorker extends DataHandle {
  /**
   * Resolves once the thread is filled and serves, or with null once it has ended without serving (a load that found
   * nothing stored, a pull that wrote its generation); rejects when the fill failed or was cancelled, after the thread
   * has exited (so nothing writes to a generation any more).
   */
  readonly ready: Promise<ReadyReport | null>;
  /** Asks a thread that built its indexes to write their search images (after it was swapped in). */
  writeImages(): void;
  /** Ends the thread at once, requests in flight rejected (a cancel, a failed start). */
  terminate(): void;
  /** Resolves when the thread has exited. */
  readonly exited: Promise<void>;
  /**
   * Makes the serving thread stop answering for good, as a thread stuck in a loop would: for the tests of stuck-thread
   * detection (nothing in the service calls it).
   */
  injectHang(): void;
}
