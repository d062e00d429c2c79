import { createRealmLimiter } from '../../../src/qbo';

/** A clock whose timers fire only when the test advances it. */
function fakeClock() {
  let now = 0;
  let timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => now,
    setTimer(fn: () => void, ms: number) {
      const timer = { at: now + ms, fn };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      due.forEach((t) => t.fn());
    },
    pendingTimers: () => timers.length,
  };
}

/** A task the test finishes by hand. */
function deferred() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  return { task: () => done, finish };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('createRealmLimiter', () => {
  it('when more tasks than maxInFlight are scheduled, then only maxInFlight run and the rest start as slots free up', async () => {
    const clock = fakeClock();
    const limiter = createRealmLimiter({ maxInFlight: 3, perMinute: 100, now: clock.now, setTimer: clock.setTimer });
    const tasks = Array.from({ length: 7 }, () => deferred());
    const started: number[] = [];
    const runs = tasks.map((t, i) => limiter.run(() => (started.push(i), t.task())));
    await flush();
    expect(started).toEqual([0, 1, 2]);
    expect(limiter.stats()).toMatchObject({ inFlight: 3, queued: 4 });
    tasks[1]?.finish();
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    tasks.forEach((t) => t.finish());
    await Promise.all(runs);
    expect(started).toHaveLength(7);
    expect(limiter.stats()).toMatchObject({ inFlight: 0, queued: 0, peakInFlight: 3 });
  });

  it('when perMinute starts happened within the sliding window, then the next waits until the oldest leaves it', async () => {
    const clock = fakeClock();
    const limiter = createRealmLimiter({ maxInFlight: 10, perMinute: 5, now: clock.now, setTimer: clock.setTimer });
    const started: number[] = [];
    const run = (i: number) => limiter.run(async () => void started.push(i));
    await Promise.all([0, 1].map(run));
    clock.advance(30_000);
    await Promise.all([2, 3, 4].map(run));
    const late = [5, 6, 7].map(run);
    await flush();
    expect(started).toEqual([0, 1, 2, 3, 4]);
    clock.advance(29_999); // t = 59 999: the first two are still inside the minute
    await flush();
    expect(started).toHaveLength(5);
    clock.advance(1); // t = 60 000: 0 and 1 leave the window
    await flush();
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    clock.advance(30_000); // 2, 3, 4 leave
    await Promise.all(late);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(limiter.stats().startedInWindow).toBe(3);
  });

  it('when the signal aborts while a task is queued, then it is removed and rejects with the reason', async () => {
    const clock = fakeClock();
    const limiter = createRealmLimiter({ maxInFlight: 1, now: clock.now, setTimer: clock.setTimer });
    const blocker = deferred();
    const first = limiter.run(blocker.task);
    const controller = new AbortController();
    const ran = jest.fn();
    const queued = limiter.run(async () => ran(), controller.signal);
    controller.abort(new Error('cancelled by test'));
    await expect(queued).rejects.toThrow('cancelled by test');
    expect(limiter.stats().queued).toBe(0);
    blocker.finish();
    await first;
    expect(ran).not.toHaveBeenCalled();
  });

  it('when the signal is already aborted, then the task never runs', async () => {
    const limiter = createRealmLimiter();
    const ran = jest.fn();
    await expect(limiter.run(async () => ran(), AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
    expect(ran).not.toHaveBeenCalled();
  });

  it('when a task throws, then its slot is released and the error is passed on', async () => {
    const limiter = createRealmLimiter({ maxInFlight: 1 });
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run(() => { throw new Error('sync boom'); })).rejects.toThrow('sync boom');
    await expect(limiter.run(async () => 42)).resolves.toBe(42);
    expect(limiter.stats().inFlight).toBe(0);
  });
});
