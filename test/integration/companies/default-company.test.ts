import request from 'supertest';
import { ADMIN_KEY, authorizeInBrowser, startService, type ServiceHandle } from '../../support/harness';
import { eventually, requestsOn, startSyncRig, SYNC_TEST_ENV, type SyncRig } from '../sync/sync-rig';

const A = '9341453050000000';
const B = '4620816365000001';

/** Which company the unscoped routes answer for, and a restart of two companies. */
describe('the default company', () => {
  let rig: SyncRig;
  let restarted: ServiceHandle | null = null;

  beforeAll(async () => {
    rig = await startSyncRig({ simulator: { moreCompanies: [{ realmId: B, seed: 9, sizes: { customers: 75 } }] } });
    for (const realmId of [A, B]) {
      rig.sim.simulator.control.connectNextTo(realmId);
      const started = await rig.api.post('/api/auth/connect');
      await rig.api.get(`/callback${await authorizeInBrowser(started.body.authorize_url as string)}`);
      const history = await rig.api.get(`/api/companies/${realmId}/sync/history?limit=1`);
      expect(await rig.waitForSync(history.body.syncs[0].id as string)).toMatchObject({ status: 'succeeded' });
    }
    await rig.stopService();
  });
  afterAll(async () => {
    await restarted?.close();
    await rig.close();
  });

  const restart = async (defaultRealm: string) => {
    await restarted?.close();
    rig.sim.simulator.control.resetCounters();
    restarted = await startService(rig.sim.env, rig.dataDir, { ...SYNC_TEST_ENV, QUICKBOOKS_DEFAULT_REALM_ID: defaultRealm });
    await restarted.service.start();
    return restarted.service.app;
  };

  test('when QUICKBOOKS_DEFAULT_REALM_ID names a connected company, then the unscoped routes answer for it; both start warm', async () => {
    const app = await restart(B);
    const status = await request(app).get('/api/cache/status');
    expect(status.body).toMatchObject({ company_id: B, customers_count: 75 });
    const scoped = await request(app).get(`/api/companies/${B}/search/client_names?q=ac`);
    expect((await request(app).get('/api/search/client_names?q=ac')).body).toEqual(scoped.body);
    expect((await request(app).get(`/api/companies/${A}/cache/status`)).body.company_id).toBe(A);
    // Both companies started from the store: one CDC call each to catch up, no query (no full sync), no token call.
    await eventually(() => (requestsOn(rig.sim, 'cdc') === 2 ? true : undefined), 15_000);
    expect(requestsOn(rig.sim, 'query')).toBe(0);
    expect(rig.sim.simulator.control.counters().apiRequestsByRealm).toEqual({ [A]: 1, [B]: 1 });
    expect(rig.sim.simulator.control.counters().tokenRequests).toEqual({});
  });

  test('when it names a company that is not connected, then the unscoped routes answer 404 unknown_company with the list', async () => {
    const app = await restart('5550000000000001');
    const res = await request(app).get('/api/search/client_names?q=ac');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'unknown_company', companies: [A, B] });
    const refresh = await request(app).post('/api/cache/refresh').set('X-API-Key', ADMIN_KEY);
    expect([refresh.status, refresh.body.error]).toEqual([404, 'unknown_company']);
    // The scoped routes are unaffected.
    expect((await request(app).get(`/api/companies/${A}/search/client_names?q=ac`)).status).toBe(200);
  });
});
