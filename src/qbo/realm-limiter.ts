/**
 * One limiter per realm, shared by every QBO call for that company (README, Sync and cache): at most 10 requests in
 * flight (Intuit's concurrency limit per app+realm) and at most 500 started in any sliding 60 s (Intuit's per-realm
 * rate, docs/quickbooks.md#limits-and-throttling). Each HTTP attempt, retries included, takes its own slot; backoff
 * waits happen outside the limiter.
 *
 * Hand-written rather than bottleneck: bottleneck's reservoir refills on a fixed interval (a fixed window), which
 * lets up to 2×500 requests through across a window boundary; a sliding window needs the start times anyway, and
 * it stays small, with an injectable clock for tests.
 */
import { abortReason } from './abort';

export interface RealmLimiterOptions {
  /** Concurrent requests allowed (10). */
  readonly maxInFlight?: number;
  /** Requests allowed to start in any sliding window (500). */
  readonly perMinute?: number;
  /** The window's length (60 000 ms); only tests change it. */
  readonly windowMs?: number;
  readonly now?: () => number;
  /** Runs `fn` after `ms`; returns a canceller. Tests inject a fake. */
  readonly setTimer?: (fn: () => void, ms: number) => () => void;
}

export interface LimiterStats {
  readonly inFlight: number;
  readonly queued: number;
  /** Requests started within the current window. */
  readonly startedInWindow: number;
  /** Highest in-flight count ever reached. */
  readonly peakInFlight: number;
}

export interface RealmLimiter {
  /** Runs `task` when a slot and the rate allow; rejects with the signal's reason if aborted while still queued. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  stats(): LimiterStats;
}

interface Waiter {
  start(): void;
}

const realTimer = (fn: () => void, ms: number): (() => void) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

export function createRealmLimiter(options: RealmLimiterOptions = {}): RealmLimiter {
  const maxInFlight = options.maxInFlight ?? 10;
  const perWindow = options.perMinute ?? 500;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? realTimer;
  if (maxInFlight < 1 || perWindow < 1 || windowMs <= 0) throw new RangeError('limiter limits must be positive');

  const queue: Waiter[] = [];
  /** Start times within the window, oldest first. */
  const starts: number[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  let timerArmed = false;

  const prune = (t: number) => {
    while (starts.length > 0 && (starts[0] as number) <= t - windowMs) starts.shift();
  };

  const pump = (): void => {
    while (queue.length > 0 && inFlight < maxInFlight) {
      const t = now();
      prune(t);
      if (starts.length >= perWindow) {
        // The oldest start leaves the window first; wake up then. Any earlier wake-up just re-checks.
        if (!timerArmed) {
          timerArmed = true;
          setTimer(() => {
            timerArmed = false;
            pump();
          }, (starts[0] as number) + windowMs - t);
        }
        return;
      }
      const waiter = queue.shift() as Waiter;
      inFlight += 1;
      peakInFlight = Math.max(peakInFlight, inFlight);
      starts.push(t);
      waiter.start();
    }
  };

  const release = () => {
    inFlight -= 1;
    pump();
  };

  return {
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal));
          return;
        }
        const onAbort = () => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(abortReason(signal as AbortSignal));
        };
        const waiter: Waiter = {
          start() {
            signal?.removeEventListener('abort', onAbort);
            let running: Promise<T>;
            try {
              running = task();
            } catch (err) {
              running = Promise.reject(err);
            }
            running.then(resolve, reject).finally(release);
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(waiter);
        pump();
      });
    },
    stats() {
      prune(now());
      return { inFlight, queued: queue.length, startedInWindow: starts.length, peakInFlight };
    },
  };
}
