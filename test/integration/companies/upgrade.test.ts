import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE_NAME } from '../../../src/store';
import { freePort, spawnService, waitForOk, type ChildService } from '../../support/child-service';
import { apiAt, eventually, requestsOn, startSyncRig, SYNC_TEST_ENV, type SyncRig } from '../sync/sync-rig';

const API_ROUTES = ['query', 'cdc', 'read'] as const;
const STALE_REALM = '1230000000000001';

/**
 * A data directory written by the version that held one company: schema version 2 (no `companies` table), the
 * served company's tokens saved last, and the tokens of a company connected before it left behind unused.
 */
describe('upgrading a single-company data directory', () => {
  let rig: SyncRig;
  let child: ChildService | null = null;

  beforeAll(async () => {
    rig = await startSyncRig();
  });
  afterAll(async () => {
    await child?.stop('SIGKILL');
    await rig.close();
  });

  test('when the new version starts on it, then the served company starts warm with no reconnect, no full sync and no token call', async () => {
    // The company connected before the served one: its tokens are older than the served one's.
    const { store } = rig.svc.service;
    await store.saveTokens(STALE_REALM, { realmId: STALE_REALM, accessToken: 'stale-access', refreshToken: 'stale-refresh', tokenType: "bearer", createdAt: Date.now() - 1000, expiresIn: 3600, refreshTokenExpiresIn: 8_726_400 });
    await rig.connect();
    const realmId = rig.sim.simulator.realmId;
    const searchBefore = (await rig.api.get('/api/search/client_names?q=acme%20supply')).body;
    await rig.stopService();

    // What the previous version's schema looked like: migrations 1 and 2, no list of companies.
    const db = new Database(path.join(rig.dataDir, DATABASE_FILE_NAME));
    db.exec('DROP TABLE companies; DROP TABLE read_keys');
    db.pragma('user_version = 2');
    db.close();

    rig.sim.simulator.control.resetCounters();
    const port = await freePort();
    child = spawnService({ ...rig.sim.env, ...SYNC_TEST_ENV, DATA_DIR: rig.dataDir, PORT: String(port), HOST: '127.0.0.1' }, rig.dataDir);
    const api = apiAt(`http://127.0.0.1:${port}`);
    await waitForOk(`${api.url}/api/health/ready`, 20_000);

    expect((await api.get('/api/search/client_names?q=acme%20supply')).body).toEqual(searchBefore);
    const companies = (await api.get('/api/companies')).body.companies as Array<{ realm_id: string; connected: boolean }>;
    expect(companies).toEqual([expect.objectContaining({ realm_id: realmId, connected: true })]);
    expect((await api.get(`/api/companies/${STALE_REALM}/cache/status`)).status).toBe(404);
    // The catch-up after the warm start is one CDC call; no query (no full sync), no token request.
    await eventually(() => (requestsOn(rig.sim, 'cdc') === 1 ? true : undefined), 15_000);
    expect(API_ROUTES.map((route) => requestsOn(rig.sim, route))).toEqual([0, 1, 0]);
    // The previous version kept no company name: it is read once, after that catch-up, and kept.
    const named = await eventually(async () => ((await api.get('/api/companies')).body.companies[0].company_name as string | null) ?? undefined, 10_000);
    expect(named).toBe("Craig's Design and Landscaping Services");
    expect(requestsOn(rig.sim, 'companyinfo')).toBe(1);
    expect(rig.sim.simulator.control.counters().tokenRequests).toEqual({});
    expect((await api.get('/api/health')).body).toMatchObject({ status: 'healthy', connection: 'connected' });
  });
});
