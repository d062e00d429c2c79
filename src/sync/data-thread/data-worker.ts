/**
 * A company's data (data-slot.ts, in a thread of its own or a shared one) seen from the serving thread: a DataHandle
 * whose methods are messages.
 * While the thread fills (a full pull, or a load from the store) this answers its token and rate-limit requests,
 * counts its calls and relays its log lines; once it serves, it watches it: a thread that exits is `crashed`, one that
 * leaves a ping unanswered for STUCK_MS is `stuck` and terminated. Either way every waiting request rejects with
 * DataUnavailableError at once (answered 503), never hangs, and `onFailure` hears why (the owner starts another
 * thread from the store).
 */
import { DataUnavailableError, type DataFacts, type PreparedChanges, type RecordChanges } from '../../cache';
import { relog } from '../../logging';
import { abortReason } from '../../qbo';
import type { IndexName, SearchGroup, SearchOptions, SearchResponse } from '../../search';
import { StoreWriteAbandonedError } from '../../store';
import { ownDataThread, type DataChannel } from './data-channel';
import { answerFillRequests } from './fill-requests';
import type { DataWorker, DataWorkerDeps, PullProgress } from './data-worker-types';
import { errorFrom, type DataRequests, type DataRequestType, type DataThreadData, type FromDataThread, type ReadyReport, type ToDataThread } from './protocol';

/** How long a cancelled fill gets to stop by itself before the thread is terminated. */
const CANCEL_GRACE_MS = 10_000;
/** A serving thread is pinged this often... */
const PING_EVERY_MS = 1000;
/** ...and is stuck when a ping (or any request) waits longer than this: within 5 s a stuck thread is replaced. */
export const STUCK_MS = 4000;
/** A closed thread's requests in flight get this long to be answered before it is terminated. */
const CLOSE_GRACE_MS = 5000;

interface Waiting {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  timer: NodeJS.Timeout;
}

/**
 * Starts serving `data` over `channel` (a thread of its own unless given a shared thread's: shared-data-threads.ts).
 * With `run` (a full pull), the fill reports progress there and stops when the run's signal aborts or
 * `shouldContinue` answers false (StoreWriteAbandonedError).
 */
export function startDataWorker(
  deps: DataWorkerDeps,
  data: DataThreadData,
  run?: PullProgress,
  shouldContinue: () => boolean = () => true,
  channel: DataChannel = ownDataThread(data),
): DataWorker {
  const post = (message: ToDataThread) => channel.post(message);
  const waiting = new Map<number, Waiting>();
  let nextRequest = 0;
  let version = 0;
  let state: 'filling' | 'serving' | 'closing' | 'failed' | 'exited' = 'filling';
  let failure = 'the data thread is not serving';
  let fillOutcome: { report: ReadyReport | null } | { error: unknown } | null = null;
  let settleReady: { resolve(report: ReadyReport | null): void; reject(error: unknown): void } | undefined;
  const ready = new Promise<ReadyReport | null>((resolve, reject) => (settleReady = { resolve, reject }));
  ready.catch(() => undefined); // the caller's to handle; never an unhandled rejection
  let markExited: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => (markExited = resolve));

  const rejectAll = (reason: string) => {
    for (const [id, entry] of waiting) {
      clearTimeout(entry.timer);
      entry.reject(new DataUnavailableError(reason));
      waiting.delete(id);
    }
  };
  const fail = (reason: string) => {
    if (state === 'failed' || state === 'exited' || state === 'closing') return;
    const wasServing = state === 'serving';
    state = 'failed';
    failure = reason;
    rejectAll(reason);
    channel.kill(); // stuck (or already gone)
    if (wasServing) {
      deps.logger.error({ reason }, 'data thread failed; its requests answer 503 until a new one is loaded');
      deps.onFailure?.(reason);
    }
  };

  const request = <T extends DataRequestType>(kind: T, args: DataRequests[T]['args']): Promise<DataRequests[T]['result']> => {
    if (state !== 'serving' && state !== 'closing') return Promise.reject(new DataUnavailableError(failure));
    const id = nextRequest++;
    return new Promise((resolve, reject) => {
      // Never a hang: a request not answered within STUCK_MS means the thread is stuck.
      const timer = setTimeout(() => fail(`the data thread did not answer within ${STUCK_MS} ms`), STUCK_MS);
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      post({ type: 'request', id, kind, args } as ToDataThread);
    });
  };

  // Fill: cancel, tokens, rate-limit slots.
  let watchdog: NodeJS.Timeout | undefined;
  const cancel = (reason: unknown) => {
    if (state !== 'filling') return;
    fillOutcome ??= { error: reason };
    post({ type: 'cancel' });
    // The thread stops at its next await; one stuck in native code is stopped for it.
    watchdog ??= setTimeout(() => channel.kill(), CANCEL_GRACE_MS);
  };
  const onAbort = () => cancel(abortReason(run?.call.signal as AbortSignal));
  run?.call.signal.addEventListener('abort', onAbort, { once: true });
  if (run?.call.signal.aborted === true) onAbort();

  const fillRequests = answerFillRequests(deps, post, () => state === 'exited');

  let pinger: NodeJS.Timeout | undefined;
  const onMessage = (message: FromDataThread) => {
    switch (message.type) {
      case 'token':
      case 'acquire':
      case 'release':
      case 'abandon':
        return fillRequests.receive(message);
      case 'call':
        try {
          deps.onCall?.(message.event);
          run?.call.onCall?.();
        } catch (err) {
          deps.logger.error({ err }, 'onCall listener threw'); // a metrics hook must not take the service down
        }
        return;
      case 'log':
        return relog(deps.logger, message.line);
      case 'total':
        if (run) run.total = message.total;
        return;
      case 'progress':
        if (run) {
          run.records += message.records;
          run.completed += message.records;
        }
        // A disconnect (or a cancel) stops the pull at its next page; the generation is then abandoned.
        if (!shouldContinue()) cancel(new StoreWriteAbandonedError());
        return;
      case 'delay':
        return deps.onDelay?.(message.maxMs);
      case 'ready':
        if (state !== 'filling' || fillOutcome !== null) {
          // Cancelled while it filled (it saw the cancel too late, or never: a build runs in one go). It serves nobody:
          // end it now, and `ready` rejects with the cancel once it has exited, rather than at CANCEL_GRACE_MS.
          channel.end();
          return;
        }
        state = 'serving';
        fillOutcome = { report: message.report };
        run?.call.signal.removeEventListener('abort', onAbort);
        settleReady?.resolve(message.report);
        pinger = setInterval(() => {
          if (state === 'serving') request('ping', {}).catch(() => undefined);
        }, PING_EVERY_MS);
        pinger.unref();
        return;
      case 'empty':
      case 'pulled':
        fillOutcome ??= { report: null };
        return;
      case 'failed':
        fillOutcome ??= { error: errorFrom(message.error) };
        return;
      case 'reply': {
        const entry = waiting.get(message.id);
        if (entry === undefined) return;
        waiting.delete(message.id);
        clearTimeout(entry.timer);
        if ('error' in message) entry.reject(errorFrom(message.error));
        else entry.resolve(message.value);
        if (state === 'closing' && waiting.size === 0) channel.end();
        return;
      }
    }
  };

  channel.onMessage(onMessage);
  channel.onError((err) => {
    if (state === 'filling') fillOutcome ??= { error: err };
    else deps.logger.error({ err }, 'data thread error');
  });
  channel.onExit((code) => {
    const before = state;
    clearTimeout(watchdog);
    clearInterval(pinger);
    run?.call.signal.removeEventListener('abort', onAbort);
    fillRequests.end();
    if (before === 'serving') fail(`the data thread exited (code ${code})`);
    state = 'exited';
    rejectAll(before === 'closing' ? 'the data thread was replaced' : failure);
    if (before === 'filling') {
      const outcome = fillOutcome ?? { error: new Error(`the data thread stopped before it was filled (exit code ${code})`) };
      if ('report' in outcome && outcome.report === null) settleReady?.resolve(null);
      else settleReady?.reject('error' in outcome ? outcome.error : new Error('the data thread ended'));
    }
    markExited();
  });
  return {
    ready,
    exited,
    get version() {
      return version;
    },
    search: (index: IndexName, query: string, options: SearchOptions): Promise<SearchResponse> => request('search', { index, query, options }),
    searchGroups: (names: readonly IndexName[], query: string, options: SearchOptions): Promise<SearchGroup[]> => request('groups', { names, query, options }),
    page: (entity, offset, limit) => request('page', { entity, offset, limit }),
    prepare: (changes: RecordChanges): Promise<PreparedChanges> => request('prepare', { changes }),
    async commit(): Promise<DataFacts> {
      const facts = await request('commit', {});
      version++;
      return facts;
    },
    discard: () => {
      if (state === 'serving') post({ type: 'discard' });
    },
    writeImages: () => {
      if (state === 'serving') post({ type: 'write-images' });
    },
    close() {
      if (state === 'exited' || state === 'closing') return;
      if (state !== 'serving') {
        channel.end();
        return;
      }
      state = 'closing';
      clearInterval(pinger);
      if (waiting.size === 0) channel.end();
      else setTimeout(() => channel.end(), CLOSE_GRACE_MS).unref();
    },
    injectHang: () => {
      if (state === 'serving') post({ type: 'hang' });
    },
    terminate() {
      if (state === 'filling') fillOutcome ??= { error: new Error('the data thread was terminated') };
      channel.end();
    },
  };
}
