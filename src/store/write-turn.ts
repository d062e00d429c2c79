/**
 * The serving thread's writes go first. Its connection takes SQLite's write lock rarely and briefly (a token, a sync
 * run, a full sync's commit) but synchronously, so while it waits for the lock the event loop waits too. SQLite's
 * busy handler retries after 1, 2, 5, 10 … 100 ms, and a background writer that takes the lock again right after
 * each of its 4 ms slices wins nearly every retry: a sync run's update waited 438 ms behind the deletes of a
 * replaced generation (docs/ARCHITECTURE.md, "The store and its generations"). So the serving thread holds a turn while it writes, and the
 * background writers (the checkpoint worker's deletes, a pull thread's generation writes) wait for the turn to end
 * before each slice: a serving write then waits for one slice at most.
 *
 * The turn is a counter in a SharedArrayBuffer that crosses threads with the store's location (types.ts).
 */

/** A new turn counter, shared by every thread it is passed to. */
export function createWriteTurn(): SharedArrayBuffer {
  return new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
}

/** Runs `work` (a synchronous write on the serving thread's connection) with the turn held. */
export function holdingTurn<T>(turn: SharedArrayBuffer, work: () => T): T {
  const counter = new Int32Array(turn);
  Atomics.add(counter, 0, 1);
  try {
    return work();
  } finally {
    if (Atomics.sub(counter, 0, 1) === 1) Atomics.notify(counter, 0);
  }
}

/**
 * In a background thread, before a write slice: blocks while the serving thread holds the turn, for `maxMs` at most
 * (a serving write lasts milliseconds; the bound keeps a background writer going whatever happens).
 */
export function awaitTurn(turn: SharedArrayBuffer, maxMs = 1_000): void {
  const counter = new Int32Array(turn);
  const until = performance.now() + maxMs;
  for (let held = Atomics.load(counter, 0); held > 0; held = Atomics.load(counter, 0)) {
    const left = until - performance.now();
    if (left <= 0) return;
    Atomics.wait(counter, 0, held, left);
  }
}
