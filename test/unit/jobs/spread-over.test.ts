import { spreadOffsetMs, spreadOver } from '../../../src/jobs';

describe('spreading a schedule over the companies', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('when 50 companies share an hourly refresh spread over 30 minutes, then the first starts at once and the starts are 36 s apart', async () => {
    const started: number[] = [];
    const t0 = Date.now();
    const done = spreadOver(Array.from({ length: 50 }, (_, i) => i), 30 * 60_000, async () => void started.push(Date.now() - t0), new AbortController().signal);
    await jest.advanceTimersByTimeAsync(30 * 60_000);
    await done;
    expect(started).toHaveLength(50);
    expect(started[0]).toBe(0);
    expect(started.slice(1).map((t, i) => t - (started[i] ?? 0))).toEqual(Array(49).fill(36_000));
    // No second holds more than one start.
    expect(new Set(started.map((t) => Math.floor(t / 1000))).size).toBe(50);
  });

  test('when there is one company, then it starts at once, as a single-company service always did', async () => {
    const task = jest.fn(async () => undefined);
    await spreadOver(['only'], 30 * 60_000, task, new AbortController().signal);
    expect(task).toHaveBeenCalledTimes(1);
    expect(spreadOffsetMs(0, 1, 30 * 60_000)).toBe(0);
  });

  test('when the scheduler stops mid-spread, then the companies not yet started are skipped and the spread ends', async () => {
    const controller = new AbortController();
    const task = jest.fn(async () => undefined);
    const done = spreadOver([1, 2, 3, 4], 60_000, task, controller.signal);
    await jest.advanceTimersByTimeAsync(20_000); // the first two have started (0 s, 15 s)
    controller.abort();
    await done;
    expect(task).toHaveBeenCalledTimes(2);
  });

  test('when a task fails, then the others still run', async () => {
    const seen: number[] = [];
    const done = spreadOver([1, 2, 3], 3_000, async (n) => {
      seen.push(n);
      if (n === 1) throw new Error('boom');
    }, new AbortController().signal);
    await jest.advanceTimersByTimeAsync(3_000);
    await expect(done).resolves.toBeUndefined();
    expect(seen).toEqual([1, 2, 3]);
  });
});
