/**
 * Cooperative pacing for the one long step a serving data thread runs beside its searches: writing the search
 * images after a build (image-write.ts). Work in slices of a few ms, then let the event loop run via setImmediate;
 * a time budget instead of a fixed chunk size keeps each block short on slower machines. Builds and imports need
 * none: they run before their thread serves (docs/ARCHITECTURE.md, Threads).
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
 * The slice budget of an image write (the store's write slices use the same figure, store/generation-writes.ts
 * DEFAULT_SLICE_MS). A search that arrives at the data thread during a slice waits for its end. Each yield costs a
 * setImmediate turn (microseconds).
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
