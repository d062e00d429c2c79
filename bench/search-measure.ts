/**
 * Measuring helpers for the search benches: forced GC for heap figures, percentiles, event-loop blocks.
 */
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** `gc()` without asking the caller for --expose-gc (`npx tsx bench/...` just works). */
export function getGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Search images kept in memory (lines by index): what a warm start reads from DATA_DIR, without the disk. */
export function memoryImages() {
  const files = new Map<string, string[]>();
  const images = {
    async write(index: string, lines: AsyncIterable<string>) {
      const kept: string[] = [];
      for await (const line of lines) kept.push(line);
      files.set(index, kept);
    },
    read(index: string) {
      const kept = files.get(index);
      return kept === undefined ? null : (async function* () { yield* kept; })();
    },
  };
  return { files, images };
}

export function heapUsedMb(): number {
  const gc = getGc();
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export function percentile(sortedValues: readonly number[], fraction: number): number {
  if (sortedValues.length === 0) return NaN;
  const index = Math.min(sortedValues.length - 1, Math.ceil(fraction * sortedValues.length) - 1);
  return sortedValues[Math.max(0, index)] as number;
}

export function timeMs<T>(work: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = work();
  return { value, ms: performance.now() - start };
}

export interface BlockFigures<T> {
  readonly value: T;
  readonly ms: number;
  /** Longest event-loop delay seen (monitorEventLoopDelay, 1 ms resolution). */
  readonly maxBlockMs: number;
  /** Longest single GC pause reported by V8 in the same period (part of any block). */
  readonly maxGcMs: number;
  /** CPU time of this process ÷ wall time: well under 1 means other processes took the cores. */
  readonly cpuShare: number;
}

/**
 * Longest event-loop block while `work` runs. The histogram is reset and allowed one tick first
 * (otherwise a block that starts at once is missed).
 */
export async function longestBlockMs<T>(work: () => Promise<T>): Promise<BlockFigures<T>> {
  let maxGcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) maxGcMs = Math.max(maxGcMs, entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  histogram.reset();
  await new Promise((resolve) => setTimeout(resolve, 5));
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const value = await work();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  await new Promise((resolve) => setTimeout(resolve, 5));
  histogram.disable();
  observer.disconnect();
  return { value, ms, maxBlockMs: histogram.max / 1e6, maxGcMs, cpuShare: (cpu.user + cpu.system) / 1000 / ms };
}

export const fmt = (value: number, digits = 1): string => value.toFixed(digits);
