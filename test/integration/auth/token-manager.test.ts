import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { TokenManager } from '../../../src/auth';
import { openSqliteStore } from '../../../src/store';
import {
  ADMIN_KEY,
  authorizeInBrowser,
  SECRET_KEY,
  startService,
  startSimulator,
  tempDataDir,
  type ServiceHandle,
  type SimulatorHandle,
  oauthGatewayFor,
} from '../../support/harness';
import { captureLogs } from '../../support/log-capture';
import { simulatorCounters } from '../../support/simulator-control';

const MINUTE = 60_000;

describe('token manager (real intuit-oauth against the simulator, real store)', () => {
  let sim: SimulatorHandle;
  let data: ReturnType<typeof tempDataDir>;
  let svc: ServiceHandle;

  beforeEach(async () => {
    sim = await startSimulator();
    data = tempDataDir();
    svc = await startService(sim.env, data.dir);
    const connect = await request(svc.service.app).post('/api/auth/connect').set('X-API-Key', ADMIN_KEY);
    const callback = await request(svc.service.app).get(`/callback${await authorizeInBrowser(connect.body.authorize_url)}`);
    expect(callback.status).toBe(302);
  });

  afterEach(async () => {
    await svc?.close();
    await sim.close();
    data.remove();
  });

  /** A TokenManager over the same DATA_DIR, as a restarted process would build it, with a shifted clock. */
  async function tokenManagerAt(offsetMs: number) {
    const logs = captureLogs();
    const store = openSqliteStore({ dataDir: data.dir, secretKey: SECRET_KEY, allowGeneratedKey: false, logger: logs.logger });
    const gateway = oauthGatewayFor(sim, { retry: { maxRetries: 1, retryDelayMs: 10 } });
    const manager = new TokenManager({ store, gateway, logger: logs.logger, realmId: sim.simulator.realmId, now: () => Date.now() + offsetMs });
    await manager.init();
    return { manager, store, logs };
  }

  test('when 20 callers ask for a token inside the refresh buffer, then exactly one refresh grant happens', async () => {
    await svc.close();
    const { manager, store } = await tokenManagerAt(55 * MINUTE);
    const before = simulatorCounters(sim).refreshGrants;
    const tokens = await Promise.all(Array.from({ length: 20 }, () => manager.getAccessToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(simulatorCounters(sim).refreshGrants - before).toBe(1);
    await store.close();
  });

  test('when the access token has more than 10 minutes left, then no refresh happens', async () => {
    await svc.close();
    const { manager, store } = await tokenManagerAt(45 * MINUTE);
    await manager.getAccessToken();
    await manager.refreshIfDue();
    expect(simulatorCounters(sim).refreshGrants).toBe(0);
    await store.close();
  });

  test('when a refresh happened and the process restarts, then the rotated token is used and the superseded one never again', async () => {
    await svc.close();
    const first = await tokenManagerAt(0);
    await first.manager.forceRefresh();
    const rotated = await first.store.getTokens(sim.simulator.realmId);
    await first.store.close();

    const restarted = await tokenManagerAt(55 * MINUTE); // forces a refresh with whatever it loaded
    await restarted.manager.getAccessToken();
    const counters = simulatorCounters(sim);
    expect(counters.refreshGrants).toBe(2);
    expect(counters.supersededRefreshTokensPresented).toBe(0);
    const latest = await restarted.store.getTokens(sim.simulator.realmId);
    expect(latest?.refreshToken).not.toBe(rotated?.refreshToken);
    await restarted.store.close();
  });

  test('when Intuit rejects the refresh token, then reconnect_required, health degraded, no crash; reconnecting clears it', async () => {
    sim.simulator.control.revokeRefreshTokens();
    const res = await request(svc.service.app).post('/api/auth/refresh').set('Authorization', `Bearer ${ADMIN_KEY}`);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('reconnect_required');
    const health = await request(svc.service.app).get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ authenticated: false, connection: 'reconnect_required' });
    expect(health.body.status).not.toBe('healthy');
    expect((await svc.service.store.getRealmState(sim.simulator.realmId))?.status).toBe('reconnect_required');
    await expect(svc.service.company().tokenManager.getAccessToken()).rejects.toThrow(/reconnected/);

    const connect = await request(svc.service.app).post('/api/auth/connect').set('X-API-Key', ADMIN_KEY);
    await request(svc.service.app).get(`/callback${await authorizeInBrowser(connect.body.authorize_url)}`).expect(302);
    expect((await request(svc.service.app).get('/api/health')).body.connection).toBe('connected');
    await expect(svc.service.company().tokenManager.getAccessToken()).resolves.toEqual(expect.any(String));
  });

  test('when another writer rotated the token, then invalid_grant re-reads the store and carries on', async () => {
    await svc.close();
    const a = await tokenManagerAt(55 * MINUTE);
    const b = await tokenManagerAt(55 * MINUTE);
    await a.manager.forceRefresh(); // b still holds the superseded refresh token in memory
    await expect(b.manager.getAccessToken()).resolves.toBe((await a.store.getTokens(sim.simulator.realmId))?.accessToken);
    expect(b.manager.status().connection).toBe('connected');
    await a.store.close();
    await b.store.close();
  });

  test('when tokens were stored and refreshed, then no token or secret is readable anywhere under DATA_DIR, in /api/config or in logs', async () => {
    await request(svc.service.app).post('/api/auth/refresh').set('X-API-Key', ADMIN_KEY).expect(200);
    const tokens = await svc.service.store.getTokens(sim.simulator.realmId);
    const secrets = [tokens!.accessToken, tokens!.refreshToken, SECRET_KEY, ADMIN_KEY, sim.simulator.clientSecret];
    const config = await request(svc.service.app).get('/api/config').set('X-API-Key', ADMIN_KEY);
    for (const file of readdirSync(data.dir)) {
      const bytes = readFileSync(path.join(data.dir, file)).toString('latin1');
      for (const secret of secrets) expect(bytes.includes(secret)).toBe(false);
    }
    for (const secret of secrets) {
      expect(JSON.stringify(config.body)).not.toContain(secret);
      expect(svc.logs.text()).not.toContain(secret);
    }
  });
});
