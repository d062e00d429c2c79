import { createRealmLimiter, isAbortError } from '../../../src/qbo';
import { startQboRig, type QboRig } from '../../support/qbo-rig';

describe('QboClient concurrency limits and cancellation', () => {
  let rig: QboRig;

  beforeAll(async () => {
    rig = await startQboRig({ sizes: { customers: 2345, vendors: 20, items: 40, invoices: 60 } });
  });
  afterAll(() => rig.close());
  beforeEach(() => {
    const control = rig.sim.simulator.control;
    control.clearFaults();
    control.setLatency(0);
    control.resetCounters();
    rig.calls.length = 0;
  });

  it('when 60 calls are fired at once through clients sharing one limiter, then QBO never sees more than 10 in flight', async () => {
    const control = rig.sim.simulator.control;
    control.setLatency(25);
    const limiter = createRealmLimiter();
    const [a, b] = [rig.client({ limiter }), rig.client({ limiter })];
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).count('vendors')));
    expect(results).toEqual(Array(60).fill(20));
    const counters = control.counters();
    expect(counters.peakInFlight).toBeLessThanOrEqual(10);
    expect(counters.peakInFlight).toBeGreaterThanOrEqual(8);
    expect(counters.requests.query).toEqual({ '200': 60 });
    expect(limiter.stats()).toMatchObject({ inFlight: 0, queued: 0, peakInFlight: 10, startedInWindow: 60 });
  });

  it('when the pull is cancelled after the first page, then it rejects with AbortError and requests no further page', async () => {
    const controller = new AbortController();
    const pull = rig.client().queryAll('customers', { signal: controller.signal, onPage: () => controller.abort() });
    const error = await pull.catch((err: unknown) => err);
    expect(isAbortError(error)).toBe(true);
    expect(rig.sim.simulator.control.counters().requests.query).toEqual({ '200': 1 });
  });

  it('when cancelled while a request is in flight, then the request is aborted at once', async () => {
    rig.sim.simulator.control.injectFault({ kind: 'delay', delayMs: 3000, path: '/query', times: 1 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('sync cancelled')), 50);
    await expect(rig.client().count('items', { signal: controller.signal })).rejects.toThrow('sync cancelled');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(rig.calls).toHaveLength(1);
  });

  it('when cancelled during a 429 backoff wait, then the wait ends at once', async () => {
    rig.sim.simulator.control.injectFault({ kind: 'status', status: 429, path: '/query', times: 5 });
    const controller = new AbortController();
    const client = rig.client({ retry: { maxAttempts: 5, baseDelayMs: 10, maxDelayMs: 60_000 }, random: () => 0.99 });
    const call = client.count('items', { signal: controller.signal });
    // Cancelled once the 429 came back, so during the wait however slow the machine is (a fixed 100 ms could land
    // while the first request was still in flight on a loaded CI machine).
    while (rig.calls.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const cancelledAt = Date.now();
    controller.abort();
    expect(isAbortError(await call.catch((err: unknown) => err))).toBe(true);
    expect(Date.now() - cancelledAt).toBeLessThan(1000);
    expect(rig.calls.map((c) => c.status)).toEqual([429]);
  });

  it('when cancelled while queued in a saturated limiter, then the queued call never reaches QBO', async () => {
    const limiter = createRealmLimiter({ maxInFlight: 1 });
    rig.sim.simulator.control.setLatency(200);
    const client = rig.client({ limiter });
    const controller = new AbortController();
    const first = client.count('items');
    const queued = client.count('vendors', { signal: controller.signal });
    controller.abort();
    expect(isAbortError(await queued.catch((err: unknown) => err))).toBe(true);
    await expect(first).resolves.toBe(40);
    expect(rig.sim.simulator.control.counters().requests.query).toEqual({ '200': 1 });
  });
});
