/**
 * A data thread's side of what stays single per process: the access token (the token manager refreshes and
 * persists it) and the realm's rate limiter (10 in flight, 500 a minute for every call of the company, whichever
 * thread makes it). Each is a request to the serving thread (data-worker.ts answers).
 */
import { abortReason, type AccessTokenSource, type RealmLimiter } from '../../qbo';
import { errorFrom, type FromDataThread, type ToDataThread } from './protocol';

interface Pending<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

export interface ThreadBridge {
  readonly tokens: AccessTokenSource;
  readonly limiter: RealmLimiter;
  receive(message: Extract<ToDataThread, { type: 'token' | 'granted' | 'denied' }>): void;
}

export function createThreadBridge(post: (message: FromDataThread) => void, threadSignal: AbortSignal): ThreadBridge {
  let nextId = 0;
  const tokenRequests = new Map<number, Pending<string>>();
  const slots = new Map<number, Pending<void>>();
  let inFlight = 0;
  let peakInFlight = 0;

  const askToken = (rejected?: string) =>
    new Promise<string>((resolve, reject) => {
      if (threadSignal.aborted) return reject(abortReason(threadSignal));
      const id = nextId++;
      tokenRequests.set(id, { resolve, reject });
      post(rejected === undefined ? { type: 'token', id } : { type: 'token', id, rejected });
    });
  // A cancel does not wait for a token refresh to answer (it has no timeout of its own).
  threadSignal.addEventListener('abort', () => {
    for (const pending of tokenRequests.values()) pending.reject(abortReason(threadSignal));
    tokenRequests.clear();
  }, { once: true });

  /** Resolves when the serving thread's limiter grants a slot; the caller must post `release` after its request. */
  const acquire = (signal: AbortSignal | undefined) =>
    new Promise<number>((resolve, reject) => {
      const id = nextId++;
      const onAbort = () => {
        slots.delete(id);
        post({ type: 'abandon', id });
        reject(abortReason(signal as AbortSignal));
      };
      if (signal?.aborted) return reject(abortReason(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      slots.set(id, {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(id);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      });
      post({ type: 'acquire', id });
    });

  return {
    tokens: { getAccessToken: () => askToken(), renewAfterRejection: (rejected) => askToken(rejected) },
    limiter: {
      async run(task, signal) {
        const id = await acquire(signal ?? threadSignal);
        inFlight++;
        peakInFlight = Math.max(peakInFlight, inFlight);
        try {
          return await task();
        } finally {
          inFlight--;
          post({ type: 'release', id });
        }
      },
      // The serving thread's limiter holds the real figures; these are this thread's share.
      stats: () => ({ inFlight, queued: slots.size, startedInWindow: 0, peakInFlight }),
    },
    receive(message) {
      if (message.type === 'token') {
        const pending = tokenRequests.get(message.id);
        tokenRequests.delete(message.id);
        if (message.error) pending?.reject(errorFrom(message.error));
        else pending?.resolve(message.token ?? '');
        return;
      }
      const pending = slots.get(message.id);
      slots.delete(message.id);
      if (message.type === 'granted') {
        if (pending) pending.resolve();
        else post({ type: 'release', id: message.id }); // abandoned after the grant was sent
      } else {
        pending?.reject(errorFrom(message.error));
      }
    },
  };
}
