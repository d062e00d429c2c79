import request from 'supertest';
import { ADMIN_KEY, startService, startSimulator, tempDataDir, type ServiceHandle, type SimulatorHandle } from '../../support/harness';

describe('admin endpoints', () => {
  let sim: SimulatorHandle;
  let data: ReturnType<typeof tempDataDir>;
  let svc: ServiceHandle;

  beforeAll(async () => {
    sim = await startSimulator();
    data = tempDataDir();
    svc = await startService(sim.env, data.dir);
  });

  afterAll(async () => {
    await svc.close();
    await sim.close();
    data.remove();
  });

  const routes: Array<['get' | 'post', string]> = [
    ['post', '/api/auth/connect'],
    ['post', '/api/auth/refresh'],
    ['post', '/api/auth/disconnect'],
    ['get', '/api/config'],
  ];

  test.each(routes)('when %s %s has no key, then 401 unauthorized', async (method, route) => {
    const res = await request(svc.service.app)[method](route);
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthorized');
  });

  test.each(routes)('when %s %s has a wrong key, then 401', async (method, route) => {
    const res = await request(svc.service.app)[method](route).set('X-API-Key', `${ADMIN_KEY}x`);
    expect(res.status).toBe(401);
    const bearer = await request(svc.service.app)[method](route).set('Authorization', 'Bearer wrong');
    expect(bearer.status).toBe(401);
  });

  test('when the key comes as a Bearer token or as X-API-Key, then both are accepted', async () => {
    await request(svc.service.app).get('/api/config').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    await request(svc.service.app).get('/api/config').set('X-API-Key', ADMIN_KEY).expect(200);
  });

  test('when nothing is connected, then /api/config says so without secrets and refresh answers 409', async () => {
    const config = await request(svc.service.app).get('/api/config').set('X-API-Key', ADMIN_KEY);
    expect(config.body).toEqual({
      company_id: null,
      client_id: `${sim.simulator.clientId.slice(0, 10)}...`,
      has_access_token: false,
      has_refresh_token: false,
      token_expires_at: null,
      refresh_token_expires_at: null,
      environment: 'sandbox',
      mode: 'live',
    });
    const refresh = await request(svc.service.app).post('/api/auth/refresh').set('X-API-Key', ADMIN_KEY);
    expect(refresh.status).toBe(409);
    expect(refresh.body.error).toBe('not_connected');
  });
});
