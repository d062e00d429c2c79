import { QboAuthError, QboNetworkError, QboServerError, QboValidationError } from '../../../src/qbo';
import { FAST_RETRY, startQboRig, type QboRig } from '../../support/qbo-rig';

const PAGE_2 = /startposition(%20|\+| )1001/i;

describe('QboClient retries against injected faults', () => {
  let rig: QboRig;

  beforeAll(async () => {
    rig = await startQboRig({ sizes: { customers: 2345, vendors: 20, items: 40, invoices: 60 } });
  });
  afterAll(() => rig.close());
  beforeEach(() => {
    rig.sim.simulator.control.clearFaults();
    rig.sim.simulator.control.resetCounters();
    rig.calls.length = 0;
  });

  it('when a burst of 429s hits page 2, then the client waits (Retry-After) and the pull completes', async () => {
    rig.sim.simulator.control.injectFault({ kind: 'status', status: 429, path: PAGE_2, times: 3, headers: { 'Retry-After': '0' } });
    const customers = await rig.client().queryAll('customers');
    expect(customers).toHaveLength(2345);
    expect(rig.calls.map((c) => c.status)).toEqual([200, 429, 429, 429, 200, 200]);
    expect(rig.logs.text()).toContain('"code":"3001"');
  });

  it('when 5xx, an HTML gateway page, a truncated body and a dropped connection hit, then each is retried and the pull completes', async () => {
    const control = rig.sim.simulator.control;
    control.injectFault({ kind: 'status', status: 503, path: '/query', times: 1 });
    control.injectFault({ kind: 'html', status: 502, path: '/query', times: 1 });
    control.injectFault({ kind: 'truncated-json', path: PAGE_2, times: 1 });
    control.injectFault({ kind: 'drop', path: PAGE_2, times: 1 });
    const customers = await rig.client().queryAll('customers');
    expect(customers).toHaveLength(2345);
    expect(new Set(customers.map((c) => c.Id)).size).toBe(2345);
    expect(rig.calls.map((c) => c.status)).toEqual([503, 502, 200, 200, 'network', 200, 200]);
    const counters = control.counters();
    expect(counters.faultsFired).toBe(4);
    expect(counters.requests.query).toMatchObject({ '200': 4, '502': 1, '503': 1, dropped: 1 });
  });

  it('when a 200 carries a SystemFault, then it is retried; a 200 with a ValidationFault fails at once', async () => {
    const control = rig.sim.simulator.control;
    const systemFault = { Fault: { Error: [{ Message: 'An application error has occurred', code: '10000' }], type: 'SystemFault' } };
    control.injectFault({ kind: 'status', status: 200, body: systemFault, path: '/query', times: 1 });
    await expect(rig.client().count('vendors')).resolves.toBe(20);

    const validationFault = { Fault: { Error: [{ Message: 'Invalid query', Detail: 'bad', code: '4001' }], type: 'ValidationFault' } };
    control.injectFault({ kind: 'status', status: 200, body: validationFault, path: '/query', times: 1 });
    await expect(rig.client().count('vendors')).rejects.toMatchObject({ name: 'QboValidationError', status: 200, code: '4001' });
  });

  it('when a request outlives the per-request timeout, then it is aborted, counted as a timeout and retried', async () => {
    rig.sim.simulator.control.injectFault({ kind: 'delay', delayMs: 1500, path: '/query', times: 1 });
    const started = Date.now();
    await expect(rig.client({ timeoutMs: 200 }).count('items')).resolves.toBe(40);
    expect(Date.now() - started).toBeLessThan(1200);
    expect(rig.calls.map((c) => c.status)).toEqual(['timeout', 200]);
  });

  it('when QBO answers 503 on every attempt, then a typed QboServerError after maxAttempts, with intuit_tid logged', async () => {
    rig.sim.simulator.control.injectFault({ kind: 'status', status: 503, path: '/query', times: 50 });
    const error: unknown = await rig.client().count('customers').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(QboServerError);
    expect(error).toMatchObject({ status: 503, code: '10000', retryable: true, intuitTid: expect.stringMatching(/^1-/) as string });
    expect(rig.sim.simulator.control.counters().requests.query).toEqual({ '503': FAST_RETRY.maxAttempts });
    expect(rig.calls).toHaveLength(FAST_RETRY.maxAttempts);
    const failure = rig.logs.lines().map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'QuickBooks call failed; giving up').pop();
    expect(failure).toMatchObject({ status: 503, intuit_tid: (error as QboServerError).intuitTid, attempt: FAST_RETRY.maxAttempts });
  });

  it('when the body stays malformed, then a QboServerError coded malformed_body', async () => {
    rig.sim.simulator.control.injectFault({ kind: 'truncated-json', path: '/query', times: 50 });
    await expect(rig.client().count('items')).rejects.toMatchObject({ name: 'QboServerError', code: 'malformed_body', status: 200 });
  });

  it('when the connection keeps dropping, then a QboNetworkError after maxAttempts', async () => {
    rig.sim.simulator.control.injectFault({ kind: 'drop', path: '/query', times: 50 });
    const error = await rig.client().count('items').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(QboNetworkError);
    expect(rig.calls.map((c) => c.status)).toEqual(Array(FAST_RETRY.maxAttempts).fill('network'));
  });

  it('when QBO answers 400, then a QboValidationError without any retry', async () => {
    rig.sim.simulator.control.injectFault({ kind: 'status', status: 400, path: '/query', times: 5 });
    await expect(rig.client().count('items')).rejects.toBeInstanceOf(QboValidationError);
    expect(rig.calls).toHaveLength(1);
  });

  it('when 401s persist (XML fault), then one token renewal, one retry, then a QboAuthError — no token in the logs', async () => {
    rig.sim.simulator.control.injectFault({ kind: 'xml-fault', status: 401, path: '/query', times: 2 });
    const error = await rig.client().count('items').catch((err: unknown) => err);
    expect(error).toBeInstanceOf(QboAuthError);
    expect(error).toMatchObject({ status: 401, code: '100' });
    const counters = rig.sim.simulator.control.counters();
    expect(counters.tokenGrants.refresh_token).toBe(1);
    expect(counters.requests.query).toEqual({ '401': 2 });
    const accessToken = await rig.tokenManager.getAccessToken();
    expect(rig.logs.text()).not.toContain(accessToken);
  });
});
