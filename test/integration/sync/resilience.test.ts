import type { SyncRunView } from '../../../src/sync';
import { simulatorCounters } from '../../support/simulator-control';
import { countOf, countsKey, eventually, pageOf, requestsOn, simulatorCountsKey, startSyncRig, type ApiAnswer, type SyncRig } from './sync-rig';

const SIZES = { customers: 2345, vendors: 30, items: 50, invoices: 120 };

describe('sync resilience: retries, token expiry mid-sync, failures and cancellation', () => {
  let rig: SyncRig;

  beforeAll(async () => {
    rig = await startSyncRig({ simulator: { sizes: SIZES } });
    await rig.connect();
  });
  afterAll(() => rig.close());
  beforeEach(() => {
    rig.sim.simulator.control.clearFaults();
    rig.sim.simulator.control.setLatency(0);
    rig.sim.simulator.control.resetCounters();
  });

  /** What a reader sees of the cache: counts, one search answer and one data page. */
  const observe = async () => {
    const [status, search, data] = await Promise.all([
      rig.api.get('/api/cache/status'),
      rig.api.get('/api/search/client_names?q=acme&limit=20'),
      rig.api.get('/api/data/customers?limit=20&offset=100'),
    ]);
    return { counts: countsKey(status.body), lastUpdated: status.body.last_updated as string, search: search.body, data: data.body };
  };

  const logEntries = () => rig.svc.logs.lines().map((line) => JSON.parse(line) as Record<string, unknown>);

  const expectCountsMatchSimulator = async () => {
    const status = await rig.api.get('/api/cache/status');
    expect(countsKey(status.body)).toBe(simulatorCountsKey(rig.sim));
  };

  test('when 429 bursts, 5xx, malformed bodies and dropped connections hit a full sync, then each is retried and the sync completes within QBO limits', async () => {
    const { control } = rig.sim.simulator;
    // Spread over several calls so that no single call exhausts its five attempts.
    control.injectFault({ kind: 'status', status: 503, path: countOf('Customer') });
    control.injectFault({ kind: 'html', status: 502, path: countOf('Customer') });
    control.injectFault({ kind: 'status', status: 429, path: pageOf('Customer', 1), times: 2, headers: { 'Retry-After': '0' } });
    control.injectFault({ kind: 'status', status: 429, path: pageOf('Customer', 1001), times: 3 });
    control.injectFault({ kind: 'truncated-json', path: pageOf('Customer', 2001) });
    control.injectFault({ kind: 'drop', path: pageOf('Customer', 2001) });
    control.injectFault({ kind: 'status', status: 500, path: pageOf('Invoice', 1) });
    control.injectFault({ kind: 'drop', path: pageOf('Invoice', 1) });
    control.injectFault({ kind: 'truncated-json', path: pageOf('Vendor', 1) });

    const refresh = await rig.api.post('/api/cache/refresh?mode=full');
    expect(refresh.status).toBe(200);
    const run = refresh.body.sync as SyncRunView;
    expect(run).toMatchObject({ mode: 'full', status: 'succeeded' });
    const counters = control.counters();
    expect(counters.faultsFired).toBe(12);
    // Truncated bodies still answer 200: 10 good answers + 2 cut in half.
    expect(counters.requests.query).toEqual({ '200': 4 + 3 + 1 + 1 + 1 + 2, '429': 5, '500': 1, '502': 1, '503': 1, dropped: 2 });
    expect(run.api_calls).toBe(4 + 3 + 1 + 1 + 1 + 12);
    expect(counters.peakInFlight).toBeLessThanOrEqual(10);
    expect(counters.requestsLastMinute).toBeLessThanOrEqual(500);
    await expectCountsMatchSimulator();
    expect((await rig.api.get('/api/cache/verify')).body.ok).toBe(true);
    // The pull runs in its own thread; its client's log lines reach the service's log, one per retried attempt.
    const retries = logEntries().filter((entry) => entry.msg === 'QuickBooks call failed; retrying');
    expect(retries).toHaveLength(12);
    expect(retries[0]).toMatchObject({ component: 'qbo', realmId: rig.sim.simulator.realmId, level: 'warn', service: 'qbo-cache' });
  });

  test('when the access token expires after the first page of a full sync, then exactly one refresh grant renews it and the sync completes', async () => {
    const { control } = rig.sim.simulator;
    // Customers page 2 is held back after it passed the token check, so page 1 is done and page 3 not yet sent
    // when the token expires: page 3 (and any other entity's call) meets a 401 — no timing guess involved.
    control.injectFault({ kind: 'delay', delayMs: 400, path: pageOf('Customer', 1001) });
    const started = await rig.api.post('/api/cache/refresh?mode=full&wait=false');
    expect(started.status).toBe(202);
    await eventually(() => (control.counters().faultsFired === 1 ? true : undefined), 10_000, 1);
    expect(requestsOn(rig.sim, 'query')).toBeGreaterThanOrEqual(5); // four counts and customers page 1
    expect(control.expireAccessTokens()).toBeGreaterThanOrEqual(1);

    const run = await rig.waitForSync(started.body.sync_id as string);
    expect(run).toMatchObject({ mode: 'full', status: 'succeeded', error: null });
    const counters = simulatorCounters(rig.sim);
    expect(counters.refreshGrants).toBe(1);
    expect(counters.counters.tokenRequests).toEqual({ refresh_token: 1 });
    expect(counters.counters.requests.query?.['401']).toBeGreaterThanOrEqual(1);
    expect(counters.supersededRefreshTokensPresented).toBe(0);
    await expectCountsMatchSimulator();
    expect(logEntries().some((entry) => entry.msg === 'QuickBooks rejected the access token; renewing it once' && entry.component === 'qbo')).toBe(true);
  });

  test('when QuickBooks keeps failing, then the refresh answers 502, the run is recorded as failed and the cache is unchanged', async () => {
    const { control } = rig.sim.simulator;
    const before = await observe();
    control.updateRecord('Customer', '2', { DisplayName: 'Acme Supply Never Seen' });
    control.injectFault({ kind: 'status', status: 503, path: '/v3/company', times: 1000 });

    for (const mode of ['full', 'incremental']) {
      const refresh = await rig.api.post(`/api/cache/refresh?mode=${mode}`);
      expect(refresh.status).toBe(502);
      expect(refresh.body).toMatchObject({ error: 'quickbooks_error', sync: { mode, status: 'failed' } });
      expect(refresh.body.message).toMatch(/unchanged/);
      const history = await rig.api.get('/api/sync/history?limit=1');
      expect(history.body.syncs[0]).toMatchObject({ id: refresh.body.sync.id, status: 'failed', error: expect.stringMatching(/503|unavailable|application error/i) });
      expect(await observe()).toEqual(before);
    }
    // Five attempts each, then give up: the retry budget is bounded.
    expect(requestsOn(rig.sim, 'query') + requestsOn(rig.sim, 'cdc')).toBe(10);
    const health = await rig.api.get('/api/health');
    expect(health.body.status).toBe('degraded');
    control.clearFaults();
    control.updateRecord('Customer', '2', { DisplayName: 'Acme Supply Co' });
  });

  test('when a running sync is cancelled, then its status is cancelled and the cache is unchanged', async () => {
    const { control } = rig.sim.simulator;
    const before = await observe();
    control.addRecord('Customer', { DisplayName: 'Cancelled Before Cached' });
    control.setLatency(300);
    const started = await rig.api.post('/api/cache/refresh?mode=full&wait=false');
    expect(started.status).toBe(202);
    expect(started.body.status_url).toBe(`/api/sync/${started.body.sync_id}`);
    const running: ApiAnswer = await rig.api.get(started.body.status_url as string);
    expect(running.body).toMatchObject({ status: 'running', finished_at: null });
    expect((await rig.api.get('/api/cache/status')).body.state).toBe('refreshing');

    const cancel = await rig.api.call('DELETE', `/api/sync/${started.body.sync_id}`);
    expect(cancel.status).toBe(202);
    const run = await rig.waitForSync(started.body.sync_id as string, 5_000);
    expect(run).toMatchObject({ status: 'cancelled', finished_at: expect.any(String) });
    expect(await observe()).toEqual(before);
    const history = await rig.api.get('/api/sync/history?limit=1');
    expect(history.body.syncs[0]).toMatchObject({ id: run.id, status: 'cancelled' });
    expect((await rig.api.get('/api/search/client_names?q=cancelled%20before')).body.total).toBe(0);
  });
});
