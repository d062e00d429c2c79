/**
 * Runs `task` for each item, the i-th of n started i/n of `windowMs` after the first, so that a schedule shared by
 * many companies does not call QuickBooks for all of them in the same second. One item starts at once, as a single
 * company always did. Resolves once every started task has ended; items not yet started when `signal` aborts are
 * skipped.
 */
export async function spreadOver<T>(items: readonly T[], windowMs: number, task: (item: T) => Promise<unknown> | null, signal: AbortSignal): Promise<void> {
  const started: Promise<unknown>[] = [];
  for (const [index, item] of items.entries()) {
    const due = spreadOffsetMs(index, items.length, windowMs);
    const wait = due - (index === 0 ? 0 : spreadOffsetMs(index - 1, items.length, windowMs));
    if (wait > 0 && !(await sleep(wait, signal))) break;
    if (signal.aborted) break;
    started.push(Promise.resolve(task(item)).catch(() => undefined));
  }
  await Promise.all(started);
}

/** When the i-th of n items runs, from the start of a spread over `windowMs`. */
export function spreadOffsetMs(index: number, count: number, windowMs: number): number {
  return count <= 1 ? 0 : Math.floor((index * windowMs) / count);
}

/** True after `ms`, false as soon as `signal` aborts; never keeps the process alive. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    timer.unref();
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
