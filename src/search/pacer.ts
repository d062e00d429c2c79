/**
 * Cooperative pacing for long builds: work in slices of a few ms, then let the event loop run
 * (searches on the serving index, HTTP) via setImmediate. A synchronous build of 100k records would
 * hold the event loop for seconds. A time budget instead of a fixed chunk size keeps each block short
 * on slower machines and for heavier records.
 */
import { performance } from 'node:perf_hooks';

export interface Pacer {
  /** Cheap: true when the current slice has used its budget (checks the clock every 16 calls). */
  due(): boolean;
  /** Yields to the event loop, then throws if the build was aborted. */
  pause(): Promise<void>;
}

const CALLS_PER_CLOCK_CHECK = 16;

/**
 * The slice budget every long step of a sync uses (page mapping, table filling, index builds, warm-start parsing;
 * the store's write slices use the same figure, store/generation-writes.ts DEFAULT_SLICE_MS). A search that arrives
 * during a slice waits for its end, so this bounds the wait a typeahead request sees while a sync runs
 * (bench/search-under-sync.ts measures it). Each yield costs a setImmediate turn (microseconds).
 */
export const SLICE_MS = 4;

export function createPacer(sliceMs: number, signal?: AbortSignal): Pacer {
  signal?.throwIfAborted();
  let sliceStart = performance.now();
  let calls = 0;
  return {
    due() {
      calls++;
      if (calls % CALLS_PER_CLOCK_CHECK !== 0) return false;
      return performance.now() - sliceStart >= sliceMs;
    },
    async pause() {
      await new Promise<void>((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
      sliceStart = performance.now();
    },
  };
}

const RUN_LENGTH = 256;

/**
 * Stable bottom-up merge sort that pauses between slices: `Array.prototype.sort` over 400k keys
 * holds the event loop for hundreds of ms.
 */
export async function sortCooperatively<T>(items: T[], compare: (a: T, b: T) => number, pacer: Pacer): Promise<void> {
  const length = items.length;
  for (let start = 0; start < length; start += RUN_LENGTH) {
    const run = items.slice(start, start + RUN_LENGTH).sort(compare);
    for (let i = 0; i < run.length; i++) items[start + i] = run[i] as T;
    if (pacer.due()) await pacer.pause();
  }
  let source = items;
  let target: T[] = new Array<T>(length);
  for (let width = RUN_LENGTH; width < length; width *= 2) {
    for (let left = 0; left < length; left += 2 * width) {
      const middle = Math.min(left + width, length);
      const right = Math.min(left + 2 * width, length);
      let i = left;
      let j = middle;
      for (let k = left; k < right; k++) {
        if (i < middle && (j >= right || compare(source[i] as T, source[j] as T) <= 0)) target[k] = source[i++] as T;
        else target[k] = source[j++] as T;
        if (pacer.due()) await pacer.pause();
      }
    }
    [source, target] = [target, source];
  }
  if (source !== items) for (let k = 0; k < length; k++) items[k] = source[k] as T;
}
