import { createHmac } from 'node:crypto';
import { SIM_FIXTURES } from '../../../src/simulator';
import { authorizeInBrowser } from '../../support/harness';
import type { DataWorker } from '../../../src/sync';
import { eventually, startSyncRig, type SyncRig } from '../sync/sync-rig';

const A = '9341453050000000'; // the simulator's first company
const B = '4620816365000001';
const VERIFIER = 'several-companies-verifier-token';
const { acmeSupply } = SIM_FIXTURES.customers;
const B_EMAIL = 'ap@second-company.example.com';

/** The simulator's API requests for one company, whatever the route and outcome. */
const callsOf = (rig: SyncRig, realmId: string) => rig.sim.simulator.control.counters().apiRequestsByRealm[realmId] ?? 0;

/**
 * Two companies in one service, connected through the real code flow against one simulator that holds both (the
 * second with other sizes; both have the fixture customers, so some names are the same in both).
 */
describe('several companies in one service', () => {
  let rig: SyncRig;

  /** Connects the company the simulated user picks at Intuit; resolves when its first full sync has finished. */
  const connect = async (realmId: string) => {
    rig.sim.simulator.control.connectNextTo(realmId);
    const started = await rig.api.post('/api/auth/connect');
    const callback = await rig.api.get(`/callback${await authorizeInBrowser(started.body.authorize_url as string)}`);
    expect(callback.status).toBe(302);
    const history = await rig.api.get(`/api/companies/${realmId}/sync/history?limit=1`);
    return rig.waitForSync(history.body.syncs[0].id as string);
  };

  beforeAll(async () => {
    rig = await startSyncRig({
      simulator: {
        sizes: { customers: 60, vendors: 20, items: 40, invoices: 80 },
        moreCompanies: [{ realmId: B, seed: 7, sizes: { customers: 90, vendors: 30, items: 50, invoices: 120 } }],
      },
      env: { QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER },
    });
    // The same fixture customer in both companies, with an email of its own in B.
    rig.sim.simulator.controlOf(B).updateRecord('Customer', acmeSupply.id, { PrimaryEmailAddr: { Address: B_EMAIL } });
    expect(await connect(A)).toMatchObject({ status: 'succeeded' });
    expect(await connect(B)).toMatchObject({ status: 'succeeded' });
  });
  afterAll(() => rig.close());

  test('when two companies are connected, then each scoped route answers only its own company', async () => {
    const { simulator } = rig.sim;
    for (const realmId of [A, B]) {
      const sim = simulator.controlOf(realmId);
      const status = await rig.api.get(`/api/companies/${realmId}/cache/status`);
      expect(status.body).toMatchObject({ company_id: realmId, customers_count: sim.countRecords('Customer'), invoices_count: sim.countRecords('Invoice') });
      // The same fixture name in both companies: each search finds its own company's record.
      const search = await rig.api.get(`/api/companies/${realmId}/search/client_names?q=${encodeURIComponent(acmeSupply.displayName)}`);
      const hits = (search.body.results as Array<{ id: string; email: string | null }>).filter((result) => result.id === acmeSupply.id);
      expect(hits).toHaveLength(1);
      if (realmId === B) expect(hits[0]?.email).toBe(B_EMAIL);
      else expect(hits[0]?.email).not.toBe(B_EMAIL);
      const data = await rig.api.get(`/api/companies/${realmId}/data/customers?limit=1000`);
      expect(data.body.total).toBe(sim.countRecords('Customer'));
      const ids = new Set((data.body.results as Array<{ Id: string }>).map((record) => record.Id));
      expect(ids.size).toBe(sim.countRecords('Customer'));
    }
    const counts = await Promise.all([A, B].map(async (realmId) => (await rig.api.get(`/api/companies/${realmId}/indexes/status`)).body.indexes.client_names as number));
    expect(counts[0]).not.toBe(counts[1]);
    // Each company's sync history and last sync are its own.
    const [historyA, historyB] = await Promise.all([A, B].map(async (realmId) => (await rig.api.get(`/api/companies/${realmId}/sync/history`)).body.syncs as Array<{ id: string }>));
    expect(historyA?.length).toBeGreaterThan(0);
    expect(historyB?.length).toBeGreaterThan(0);
    expect(historyA?.filter((run) => historyB?.some((other) => other.id === run.id))).toEqual([]);
    for (const [realmId, history] of [[A, historyA], [B, historyB]] as const) {
      expect((await rig.api.get(`/api/companies/${realmId}/cache/status`)).body.last_sync.id).toBe(history?.[0]?.id);
    }
  });

  test('when several are connected and none is the default, then the unscoped routes answer 409 company_required with the list', async () => {
    for (const path of ['/api/search/client_names?q=ac', '/api/cache/status', '/api/indexes/status', '/api/config', '/api/sync/history']) {
      const res = await rig.api.get(path);
      expect([path, res.status, res.body.error]).toEqual([path, 409, 'company_required']);
      expect(res.body.companies).toEqual([A, B]);
    }
    const refresh = await rig.api.post('/api/cache/refresh');
    expect([refresh.status, refresh.body.error]).toEqual([409, 'company_required']);
    // Health and metrics are never scoped.
    expect((await rig.api.get('/api/health')).status).toBe(200);
  });

  test('when a realm is not connected or malformed, then 404 unknown_company, after the admin key is checked', async () => {
    for (const realmId of ['123', 'not-a-realm', '%E0%A4%A']) {
      const res = await rig.api.get(`/api/companies/${realmId}/cache/status`);
      expect([realmId, res.status, res.body.error]).toEqual([realmId, 404, 'unknown_company']);
    }
    const noKey = await rig.api.call('GET', '/api/companies/123/config', { admin: false });
    expect(noKey.status).toBe(401);
  });

  test('GET /api/companies lists both with their names (read from QuickBooks at connect), counts and health', async () => {
    // The name is read beside the first sync: the sync's end does not wait for it.
    const names = () => rig.api.get('/api/companies').then((res) => (res.body.companies as Array<{ company_name: string | null }>).map((company) => company.company_name));
    expect(await eventually(async () => ((await names()).every((name) => name !== null) ? names() : undefined), 10_000)).toEqual([
      "Craig's Design and Landscaping Services",
      'Simulated Company 2',
    ]);
    const res = await rig.api.get('/api/companies');
    expect(res.status).toBe(200);
    expect(res.body.companies.map((company: { realm_id: string }) => company.realm_id)).toEqual([A, B]);
    for (const company of res.body.companies as Array<{ realm_id: string; counts: Record<string, number>; health: string; connected: boolean; state: string }>) {
      expect(company).toMatchObject({ connected: true, state: 'ready', health: 'healthy' });
      expect(company.counts.customers).toBe(rig.sim.simulator.controlOf(company.realm_id).countRecords('Customer'));
    }
    expect((await rig.api.call('GET', '/api/companies', { admin: false })).status).toBe(401);
  });

  test('when a webhook reports a change in B, then only B syncs; an unknown realm syncs nothing', async () => {
    const before = { a: callsOf(rig, A), b: callsOf(rig, B) };
    const renamed = 'Webhook Renamed In B';
    rig.sim.simulator.controlOf(B).updateRecord('Customer', acmeSupply.id, { DisplayName: renamed });
    const post = (realmId: string, id: string) => {
      const body = JSON.stringify({ eventNotifications: [{ realmId, dataChangeEvent: { entities: [{ name: 'Customer', id: acmeSupply.id, operation: 'Update', lastUpdated: new Date().toISOString() }] } }] });
      const signature = createHmac('sha256', VERIFIER).update(body).digest('base64');
      return rig.api.call('POST', '/api/webhooks/quickbooks', { body, headers: { 'content-type': 'application/json', 'intuit-signature': signature, 'x-request-id': id } });
    };
    expect((await post('555', 'unknown')).status).toBe(200);
    expect((await post(B, 'in-b')).status).toBe(200);
    await eventually(async () => {
      const res = await rig.api.get(`/api/companies/${B}/search/client_names?q=webhook%20renamed`);
      return res.body.total === 1 ? true : undefined;
    }, 15_000);
    expect(callsOf(rig, A)).toBe(before.a);
    expect(callsOf(rig, B)).toBe(before.b + 1); // one CDC call
    const inA = await rig.api.get(`/api/companies/${A}/search/client_names?q=webhook%20renamed`);
    expect(inA.body.total).toBe(0);
    expect(rig.svc.logs.text()).toContain('webhook events for a company that is not connected');
  });

  test('when A fails (a fault storm, then a revoked refresh token), then B answers, syncs and stays healthy', async () => {
    const { control } = rig.sim.simulator;
    const bSearch = async () => (await rig.api.get(`/api/companies/${B}/search/client_names?q=ac`)).body;
    const bBefore = await bSearch();
    const storm = control.injectFault({ kind: 'status', status: 500, path: `/v3/company/${A}/`, times: 1000 });
    const failed = await rig.api.post(`/api/companies/${A}/cache/refresh`);
    expect(failed.status).toBe(502);
    const throttled = control.injectFault({ kind: 'status', status: 429, path: `/v3/company/${A}/`, times: 1000 });
    const bCalls = callsOf(rig, B);
    const synced = await rig.api.post(`/api/companies/${B}/cache/refresh`);
    expect(synced.status).toBe(200);
    expect(callsOf(rig, B)).toBe(bCalls + 1);
    expect(await bSearch()).toEqual(bBefore);
    storm.cancel();
    throttled.cancel();

    // A's grant dies at Intuit: A needs a reconnect, B does not notice.
    const aRefreshToken = (await rig.svc.service.store.getTokens(A))?.refreshToken as string;
    control.revokeRefreshTokens(aRefreshToken);
    const aRefresh = await rig.api.post(`/api/companies/${A}/auth/refresh`);
    expect([aRefresh.status, aRefresh.body.error]).toEqual([409, 'reconnect_required']);
    expect((await rig.api.post(`/api/companies/${B}/auth/refresh`)).status).toBe(200);
    const health = await rig.api.get('/api/health');
    expect(health.body.status).toBe('degraded');
    expect(health.body.reasons.every((reason: string) => reason.startsWith(`${A}: `))).toBe(true);
    const listed = (await rig.api.get('/api/companies')).body.companies as Array<{ realm_id: string; health: string; connected: boolean }>;
    expect(listed.find((company) => company.realm_id === B)).toMatchObject({ health: 'healthy', connected: true });
    expect(listed.find((company) => company.realm_id === A)).toMatchObject({ health: 'degraded', connected: false });
    // A keeps serving its last snapshot.
    expect((await rig.api.get(`/api/companies/${A}/search/client_names?q=ac`)).status).toBe(200);

    // Reconnecting A replaces its tokens and keeps its data.
    const countsBefore = (await rig.api.get(`/api/companies/${A}/cache/status`)).body.counts;
    expect(await connect(A)).toMatchObject({ status: 'succeeded' });
    expect((await rig.api.get(`/api/companies/${A}/cache/status`)).body.counts).toEqual(countsBefore);
    expect((await rig.api.get('/api/companies')).body.companies).toHaveLength(2);
  });

  test('when requests are about a company, then their log lines carry its realm id (the one asked for when unknown)', async () => {
    const UNKNOWN = '1234567890';
    await rig.api.get(`/api/companies/${B}/cache/status`);
    await rig.api.get(`/api/companies/${UNKNOWN}/cache/status`);
    await rig.api.get(`/api/companies/${A}/search/client_names?q=ac`); // debug level: logged too (the rig logs at debug)
    await rig.api.get('/api/cache/status'); // 409: no company resolved, none named
    await new Promise((resolve) => setImmediate(resolve));
    const lines = rig.svc.logs
      .lines()
      .map((line) => JSON.parse(line) as { msg: string; realmId?: string; req?: { url: string } })
      .filter((line) => line.msg === 'request completed');
    const realmOf = (url: string) => lines.filter((line) => line.req?.url === url).map((line) => line.realmId ?? null);
    expect(realmOf(`/api/companies/${B}/cache/status`).at(-1)).toBe(B);
    expect(realmOf(`/api/companies/${UNKNOWN}/cache/status`).at(-1)).toBe(UNKNOWN);
    expect(realmOf(`/api/companies/${A}/search/client_names?q=ac`).at(-1)).toBe(A);
    expect(realmOf('/api/cache/status').at(-1)).toBeNull();
  });

  test('when two small companies share a data thread and it gets stuck, then both are loaded again from the store, each with its own records, with no QuickBooks call', async () => {
    const threads = async () => Number(/^qbo_cache_data_threads (\d+)$/m.exec(await rig.svc.service.metrics.registry.metrics())?.[1]);
    await eventually(async () => ((await threads()) === 1 ? true : undefined), 5_000); // both on one shared thread
    const before = await Promise.all([A, B].map(async (realmId) => (await rig.api.get(`/api/companies/${realmId}/search/client_names?q=ac`)).body));
    const calls = [callsOf(rig, A), callsOf(rig, B)];
    const dataOf = (realmId: string) => rig.svc.service.company(realmId).cache.current()?.data;
    const [stuckA, stuckB] = [dataOf(A), dataOf(B)];

    (stuckA as DataWorker).injectHang(); // A's data loops forever, and with it the thread B's data is on
    const reloaded = async (realmId: string, stuck: unknown) =>
      eventually(async () => (dataOf(realmId) !== stuck && (await rig.api.get(`/api/companies/${realmId}/search/client_names?q=ac`)).status === 200 ? true : undefined), 15_000);
    await Promise.all([reloaded(A, stuckA), reloaded(B, stuckB)]);

    const after = await Promise.all([A, B].map(async (realmId) => (await rig.api.get(`/api/companies/${realmId}/search/client_names?q=ac`)).body));
    expect(after).toEqual(before);
    expect([callsOf(rig, A), callsOf(rig, B)]).toEqual(calls);
    await eventually(async () => ((await threads()) === 1 ? true : undefined), 5_000); // the stuck one is gone
  });

  test('when A is disconnected, then A is gone everywhere and B is unchanged; B alone answers the unscoped routes', async () => {
    const bBefore = (await rig.api.get(`/api/companies/${B}/search/client_names?q=ac`)).body;
    const res = await rig.api.post(`/api/companies/${A}/auth/disconnect`);
    expect(res.body).toMatchObject({ company_id: A, revoked: true });
    expect((await rig.api.get(`/api/companies/${A}/cache/status`)).status).toBe(404);
    expect((await rig.api.get('/api/companies')).body.companies.map((company: { realm_id: string }) => company.realm_id)).toEqual([B]);
    expect(await rig.svc.service.store.getTokens(A)).toBeNull();
    expect((await rig.svc.service.store.loadSnapshot(A))).toBeNull();
    expect((await rig.api.get(`/api/companies/${B}/search/client_names?q=ac`)).body).toEqual(bBefore);
    // The only company left is the default.
    expect((await rig.api.get('/api/search/client_names?q=ac')).body).toEqual(bBefore);
    expect((await rig.api.get('/api/health')).body.status).toBe('healthy');
  });
});
