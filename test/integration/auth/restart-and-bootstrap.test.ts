import request from 'supertest';
import { freePort, spawnService, waitForOk } from '../../support/child-service';
import {
  ADMIN_KEY,
  authorizeInBrowser,
  startService,
  startSimulator,
  tempDataDir,
  type SimulatorHandle,
  oauthGatewayFor,
} from '../../support/harness';
import { simulatorCounters } from '../../support/simulator-control';

async function connectInProcess(sim: SimulatorHandle, dataDir: string) {
  const svc = await startService(sim.env, dataDir);
  const connect = await request(svc.service.app).post('/api/auth/connect').set('X-API-Key', ADMIN_KEY);
  await request(svc.service.app).get(`/callback${await authorizeInBrowser(connect.body.authorize_url)}`).expect(302);
  return svc;
}

/** A refresh token obtained outside the service, as an operator would get one from Intuit's OAuth Playground. */
async function refreshTokenFromElsewhere(sim: SimulatorHandle): Promise<string> {
  const gateway = oauthGatewayFor(sim);
  const query = new URLSearchParams(await authorizeInBrowser(gateway.authorizeUrl('playground')));
  const response = await gateway.exchangeCode(query.get('code')!, query.get('realmId')!);
  return (response.body as { refresh_token: string }).refresh_token;
}

describe('restarts and the headless bootstrap', () => {
  let sim: SimulatorHandle;
  let data: ReturnType<typeof tempDataDir>;

  beforeEach(async () => {
    sim = await startSimulator();
    data = tempDataDir();
  });

  afterEach(async () => {
    await sim.close();
    data.remove();
  });

  test('when a connected service process restarts on the same DATA_DIR, then it is authenticated without reconnecting', async () => {
    const svc = await connectInProcess(sim, data.dir);
    await svc.close();
    const port = await freePort();
    const child = spawnService({ ...sim.env, DATA_DIR: data.dir, PORT: String(port), HOST: '127.0.0.1' }, data.dir);
    try {
      const health = await (await waitForOk(`http://127.0.0.1:${port}/api/health`)).json();
      expect(health).toMatchObject({ mode: 'live', authenticated: true, connection: 'connected' });
      const config = await (await fetch(`http://127.0.0.1:${port}/api/config`, { headers: { 'X-API-Key': ADMIN_KEY } })).json();
      expect(config).toMatchObject({ company_id: sim.simulator.realmId, has_refresh_token: true });
      expect(simulatorCounters(sim).codeGrants).toBe(1);
      await expect(child.stop()).resolves.toBe(0);
    } finally {
      await child.stop('SIGKILL');
    }
  });

  test('when nothing is stored and the bootstrap variables are set, then they connect and the rotated token is stored', async () => {
    const refreshToken = await refreshTokenFromElsewhere(sim);
    const env = { ...sim.env, QUICKBOOKS_REALM_ID: sim.simulator.realmId, QUICKBOOKS_REFRESH_TOKEN: refreshToken };
    const first = await startService(env, data.dir);
    expect(first.service.company().tokenManager.status().connection).toBe('connected');
    const stored = await first.service.store.getTokens(sim.simulator.realmId);
    expect(stored?.refreshToken).not.toBe(refreshToken);
    await first.close();

    // The env still carries the now-superseded token: the store wins, so Intuit never sees it again.
    const second = await startService(env, data.dir);
    expect(second.service.company().tokenManager.status().connection).toBe('connected');
    await second.service.company().tokenManager.forceRefresh();
    expect(simulatorCounters(sim).supersededRefreshTokensPresented).toBe(0);
    await second.close();
  });

  test('when the bootstrap token is rejected, then the service still starts, not connected', async () => {
    const env = { ...sim.env, QUICKBOOKS_REALM_ID: sim.simulator.realmId, QUICKBOOKS_REFRESH_TOKEN: 'RT1-not-a-real-token' };
    const svc = await startService(env, data.dir);
    expect(svc.service.company().tokenManager.status().connection).toBe('not_connected');
    expect(svc.logs.text()).toMatch(/headless bootstrap failed/);
    await svc.close();
  });

  test('when the company is disconnected, then the grant is revoked at Intuit and its tokens are deleted', async () => {
    const svc = await connectInProcess(sim, data.dir);
    const tokens = await svc.service.store.getTokens(sim.simulator.realmId);
    const res = await request(svc.service.app).post('/api/auth/disconnect').set('X-API-Key', ADMIN_KEY);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ company_id: sim.simulator.realmId, revoked: true });
    expect(await svc.service.store.getTokens(sim.simulator.realmId)).toBeNull();
    expect((await request(svc.service.app).get('/api/config').set('X-API-Key', ADMIN_KEY)).body.company_id).toBeNull();
    // The revoked refresh token no longer works at Intuit.
    const gateway = oauthGatewayFor(sim);
    await expect(gateway.refresh(tokens!.refreshToken)).rejects.toThrow(/invalid_grant/);
    const again = await request(svc.service.app).post('/api/auth/disconnect').set('X-API-Key', ADMIN_KEY);
    expect(again.status).toBe(409);
    await svc.close();
  });
});
