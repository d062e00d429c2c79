import request from 'supertest';
import { createConnectFlow } from '../../../src/auth';
import { ADMIN_KEY, authorizeInBrowser, startService, startSimulator, tempDataDir, type ServiceHandle, type SimulatorHandle, oauthGatewayFor } from '../../support/harness';
import { simulatorCounters } from '../../support/simulator-control';

describe('connect flow (real intuit-oauth against the simulator)', () => {
  let sim: SimulatorHandle;
  let data: ReturnType<typeof tempDataDir>;
  let svc: ServiceHandle;

  beforeEach(async () => {
    sim = await startSimulator();
    data = tempDataDir();
    svc = await startService(sim.env, data.dir);
  });

  afterEach(async () => {
    await svc.close();
    await sim.close();
    data.remove();
  });

  const admin = (req: request.Test) => req.set('Authorization', `Bearer ${ADMIN_KEY}`);

  async function beginConnect(): Promise<string> {
    const res = await admin(request(svc.service.app).post('/api/auth/connect'));
    expect(res.status).toBe(200);
    expect(res.body.authorize_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/connect\/oauth2\?/);
    return res.body.authorize_url as string;
  }

  test('when a person authorizes, then the callback stores tokens, redirects to / and the company is connected', async () => {
    const callbackQuery = await authorizeInBrowser(await beginConnect());
    const callback = await request(svc.service.app).get(`/callback${callbackQuery}`);
    expect(callback.status).toBe(302);
    expect(callback.headers.location).toBe('/');

    const config = await admin(request(svc.service.app).get('/api/config'));
    expect(config.body).toMatchObject({
      company_id: sim.simulator.realmId,
      has_access_token: true,
      has_refresh_token: true,
      environment: 'sandbox',
      mode: 'live',
    });
    expect(config.body.client_id).toBe(`${sim.simulator.clientId.slice(0, 10)}...`);
    expect(Date.parse(config.body.token_expires_at)).toBeGreaterThan(Date.now() + 50 * 60_000);
    const health = await request(svc.service.app).get('/api/health');
    expect(health.body).toMatchObject({ authenticated: true, connection: 'connected' });
    expect(simulatorCounters(sim).codeGrants).toBe(1);
  });

  test('when the same callback arrives twice, then the second is 400 and the code is exchanged only once', async () => {
    const callbackQuery = await authorizeInBrowser(await beginConnect());
    expect((await request(svc.service.app).get(`/callback${callbackQuery}`)).status).toBe(302);
    const again = await request(svc.service.app).get(`/callback${callbackQuery}`).set('Accept', 'application/json');
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('used_state');
    expect(simulatorCounters(sim).codeGrants).toBe(1);
  });

  test('when the state is forged, then 400, no code exchange and nothing stored', async () => {
    const callbackQuery = await authorizeInBrowser(await beginConnect());
    const forged = callbackQuery.replace(/state=[^&]+/, 'state=forged-state-value');
    const res = await request(svc.service.app).get(`/callback${forged}`).set('Accept', 'text/html');
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/was not connected/);
    expect(simulatorCounters(sim).codeGrants).toBe(0);
    expect(await svc.service.store.listRealms()).toEqual([]);
  });

  test('when the state is missing, then 400', async () => {
    const callbackQuery = await authorizeInBrowser(await beginConnect());
    const res = await request(svc.service.app)
      .get(`/callback${callbackQuery.replace(/&?state=[^&]+/, '')}`)
      .set('Accept', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('missing_state');
  });

  test('when the person declines, then 400 access_denied and the existing connection is untouched', async () => {
    expect((await request(svc.service.app).get(`/callback${await authorizeInBrowser(await beginConnect())}`)).status).toBe(302);
    const before = await svc.service.store.getTokens(sim.simulator.realmId);

    sim.simulator.control.denyNextAuthorizations(1);
    const deniedQuery = await authorizeInBrowser(await beginConnect());
    expect(deniedQuery).toMatch(/error=access_denied/);
    const res = await request(svc.service.app).get(`/callback${deniedQuery}`).set('Accept', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('access_denied');
    expect(await svc.service.store.getTokens(sim.simulator.realmId)).toEqual(before);
    expect(svc.service.company().tokenManager.status().connection).toBe('connected');
  });

  test('when the state is older than 10 minutes, then 400 expired_state and no code exchange', async () => {
    const callbackQuery = new URLSearchParams(await authorizeInBrowser(await beginConnect()));
    const gateway = oauthGatewayFor(sim);
    const elevenMinutesLater = createConnectFlow({
      store: svc.service.store,
      gateway,
      adopt: (tokens) => svc.service.companies.adopt(tokens),
      logger: svc.logs.logger,
      now: () => Date.now() + 11 * 60_000,
    });
    await expect(
      elevenMinutesLater.complete({
        code: callbackQuery.get('code') ?? undefined,
        state: callbackQuery.get('state') ?? undefined,
        realmId: callbackQuery.get('realmId') ?? undefined,
      }),
    ).rejects.toMatchObject({ code: 'expired_state' });
    expect(simulatorCounters(sim).codeGrants).toBe(0);
  });
});
