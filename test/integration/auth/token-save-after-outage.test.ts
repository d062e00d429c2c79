/**
 * A refresh whose save fails after Intuit answered (the database went away during Intuit's call): the refresh token
 * sent is spent, so the new tokens stay in memory and in use, are stored once the database is back, and the spent
 * token is never sent again (README, How tokens stay alive). Real intuit-oauth against the simulator, a real
 * PostgreSQL behind a TCP hop the test cuts.
 */
import request from 'supertest';
import { TokenManager } from '../../../src/auth';
import { openStore, type Store } from '../../../src/store';
import { ADMIN_KEY, authorizeInBrowser, oauthGatewayFor, SECRET_KEY, startService, startSimulator, tempDataDir, type SimulatorHandle } from '../../support/harness';
import { captureLogs } from '../../support/log-capture';
import { describeIfPostgres, usePostgresDatabases } from '../../support/postgres';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { eventually, sleep } from '../sync/sync-rig';

describeIfPostgres('token refresh when the store fails after Intuit answered', () => {
  const databases = usePostgresDatabases();
  const data = tempDataDir();
  let sim: SimulatorHandle;
  let proxy: TcpProxy;
  let store: Store | undefined;

  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await store?.close();
    await proxy?.close();
    await sim.close();
    data.remove();
  });

  test('when the database goes away during the refresh, then the new tokens are kept and used, stored once it is back, and the spent token is never sent again', async () => {
    const direct = new URL(await databases.create());
    proxy = await startTcpProxy(Number(direct.port));
    const url = Object.assign(new URL(direct.toString()), { port: String(proxy.port) }).toString();
    // A company connected by the service, which then stops: its tokens are in the database.
    const svc = await startService(sim.env, data.dir, { DATABASE_URL: url });
    const connect = await request(svc.service.app).post('/api/auth/connect').set('X-API-Key', ADMIN_KEY);
    expect((await request(svc.service.app).get(`/callback${await authorizeInBrowser(connect.body.authorize_url)}`)).status).toBe(302);
    await svc.close();

    const logs = captureLogs();
    store = await openStore({ dataDir: data.dir, secretKey: SECRET_KEY, allowGeneratedKey: false, databaseUrl: url, logger: logs.logger });
    const realmId = sim.simulator.realmId;
    const manager = new TokenManager({ store, gateway: oauthGatewayFor(sim), logger: logs.logger, realmId });
    await manager.init();
    const before = (await store.getTokens(realmId))!;
    const { control } = sim.simulator;
    control.resetCounters();

    // Intuit takes 800 ms to answer; the database goes away meanwhile, with the token row locked for the refresh.
    control.injectFault({ kind: 'delay', delayMs: 800, path: '/oauth2/v1/tokens/bearer', times: 1 });
    const refreshing = manager.forceRefresh();
    await sleep(300);
    await proxy.cut();
    await refreshing;
    expect(control.counters().tokenGrants).toEqual({ refresh_token: 1 });
    const inUse = await manager.getAccessToken();
    expect(inUse).not.toBe(before.accessToken);
    expect(manager.currentRefreshToken()).not.toBe(before.refreshToken);
    expect(logs.text()).toContain('the refreshed tokens could not be stored');

    // Back: the kept tokens are stored (retried after 1 s, 2 s, …), and they are the ones in use.
    await proxy.restore();
    const stored = await eventually(async () => {
      const now = await store!.getTokens(realmId).catch(() => null);
      return now !== null && now.refreshToken !== before.refreshToken ? now : undefined;
    }, 15_000);
    expect(stored.refreshToken).toBe(manager.currentRefreshToken());
    expect(stored.accessToken).toBe(inUse);

    // The next refresh sends the new refresh token: Intuit never sees the spent one again.
    await manager.forceRefresh();
    expect(control.counters().tokenGrants).toEqual({ refresh_token: 2 });
    expect(control.counters().supersededRefreshTokens).toBe(0);
    expect(logs.text()).not.toContain(before.refreshToken);
  });
});
