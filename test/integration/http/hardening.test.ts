import { createHmac } from 'node:crypto';
import request from 'supertest';
import { ADMIN_KEY, authorizeInBrowser, SECRET_KEY, startService, startSimulator, tempDataDir, type ServiceHandle, type SimulatorHandle } from '../../support/harness';

const VERIFIER_TOKEN = 'webhook-verifier-token-for-hardening';
const sign = (body: string) => createHmac('sha256', VERIFIER_TOKEN).update(body).digest('base64');

describe('hardening (real app, simulator over HTTP)', () => {
  let sim: SimulatorHandle;
  let data: ReturnType<typeof tempDataDir>;
  let svc: ServiceHandle;
  let callbackQuery: string;

  beforeAll(async () => {
    sim = await startSimulator();
    data = tempDataDir();
    svc = await startService(sim.env, data.dir, { QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER_TOKEN });
    const connect = await request(svc.service.app).post('/api/auth/connect').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
    callbackQuery = await authorizeInBrowser(connect.body.authorize_url);
    await request(svc.service.app).get(`/callback${callbackQuery}`).expect(302);
    await request(svc.service.app).post('/api/cache/refresh?wait=true').set('X-API-Key', ADMIN_KEY).expect(200);
    await request(svc.service.app).post('/api/auth/refresh').set('X-API-Key', ADMIN_KEY).expect(200);
  });

  afterAll(async () => {
    await svc?.close();
    await sim.close();
    data.remove();
  });

  const app = () => svc.service.app;

  describe('search query validation', () => {
    test.each([
      ['a repeated q', '?q=ac&q=bo'],
      ['q as an object (bracket syntax)', '?q[a]=1'],
      ['q as an array (bracket syntax)', '?q[]=ac'],
      ['a repeated limit', '?q=ac&limit=1&limit=2'],
      ['limit as an object', '?q=ac&limit[x]=1'],
      ['limit as an array', '?q=ac&limit[]=5'],
      ['active as an object', '?q=ac&active[x]=true'],
      ['limit = __proto__', '?q=ac&limit=__proto__'],
    ])('when the search gets %s, then it answers 400 invalid_query', async (_what, query) => {
      const res = await request(app()).get(`/api/search/client_names${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'invalid_query', message: expect.any(String) });
    });

    test.each([['?q=__proto__'], ['?q=constructor'], ['?q=ac&__proto__=1'], ['?q=ac&constructor=x&__proto__[polluted]=1'], ['?q=prototype']])(
      'when the search gets %s, then it answers normally and nothing is polluted',
      async (query) => {
        const res = await request(app()).get(`/api/search/client_names${query}`);
        expect(res.status).toBe(200);
        expect(Array.isArray(res.body.results)).toBe(true);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      },
    );

    test('when the index name is __proto__ or constructor, then it is an unknown index (404), not a crash', async () => {
      for (const index of ['__proto__', 'constructor', 'hasOwnProperty']) {
        const res = await request(app()).get(`/api/search/${index}?q=ac`);
        expect(res.status).toBe(404);
        expect(res.body.error).toBe('unknown_index');
      }
    });
  });

  describe('bodies', () => {
    test('when a webhook body carries __proto__ and constructor keys, then it is handled as data and nothing is polluted', async () => {
      const body = JSON.stringify({
        __proto__: { polluted: true },
        constructor: { prototype: { polluted: true } },
        eventNotifications: [{ realmId: sim.simulator.realmId, __proto__: { polluted: true }, dataChangeEvent: { entities: [] } }],
      }).replace('"eventNotifications"', '"__proto__":{"polluted":true},"eventNotifications"');
      const res = await request(app()).post('/api/webhooks/quickbooks').set('Content-Type', 'application/json').set('intuit-signature', sign(body)).send(body);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: 0, accepted: 0 });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    });

    test('when an admin POST carries a JSON body with __proto__, then it is ignored (no body parser there) and nothing is polluted', async () => {
      const res = await request(app())
        .post('/api/auth/connect')
        .set('X-API-Key', ADMIN_KEY)
        .set('Content-Type', 'application/json')
        .send('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
      expect(res.status).toBe(200);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    test('when a webhook body is larger than 5 MB, then it answers 413 in the error shape', async () => {
      const res = await request(app()).post('/api/webhooks/quickbooks').set('Content-Type', 'application/json').send(Buffer.alloc(5 * 1024 * 1024 + 10, 0x20));
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ error: 'payload_too_large', message: 'The request body is too large' });
    });

    test('when a signed webhook body is not JSON, then it answers 400 without parser internals', async () => {
      const body = '{"eventNotifications": [';
      const res = await request(app()).post('/api/webhooks/quickbooks').set('intuit-signature', sign(body)).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'bad_request', message: 'The webhook body is not JSON' });
    });
  });

  describe('error answers', () => {
    test('when a path is badly percent-encoded, then it answers 400 in the error shape without internals', async () => {
      const res = await request(app()).get('/api/search/%E0%A4%A?q=ac');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'bad_request', message: 'The request is malformed' });
    });

    test('when the store fails under a request, then the answer is a masked 500 with no stack trace or internal message', async () => {
      const otherData = tempDataDir();
      const other = await startService(sim.env, otherData.dir);
      try {
        await other.service.store.close();
        const res = await request(other.service.app).get('/api/sync/history').set('X-API-Key', ADMIN_KEY);
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ error: 'internal_error', message: 'An unexpected error occurred' });
        expect(res.text).not.toMatch(/ at |\.ts:|sqlite|database|stack/i);
        expect(other.logs.text()).toContain('request failed'); // the details go to the log instead
      } finally {
        await other.service.stop();
        otherData.remove();
      }
    });
  });

  describe('logs', () => {
    test('when the app was connected, refreshed and called with admin headers, then no token, secret, key, code or state is in any log line', async () => {
      await request(app()).get('/api/config').set('Authorization', `Bearer ${ADMIN_KEY}`).set('X-API-Key', ADMIN_KEY).expect(200);
      await request(app()).get('/api/cache/verify').set('X-API-Key', ADMIN_KEY).expect(200);
      await request(app()).get('/api/config').set('Authorization', 'Bearer wrong-key-that-must-not-be-logged').expect(401);
      const params = new URLSearchParams(callbackQuery);
      const tokens = await svc.service.store.getTokens(sim.simulator.realmId);
      const secrets = [
        ADMIN_KEY,
        SECRET_KEY,
        sim.simulator.clientSecret,
        VERIFIER_TOKEN,
        tokens!.accessToken,
        tokens!.refreshToken,
        params.get('code')!,
        params.get('state')!,
        'wrong-key-that-must-not-be-logged',
      ];
      const text = svc.logs.text();
      // The request lines are there (so the assertion below means something), with the callback's query redacted.
      const callbackLine = svc.logs.lines().find((line) => line.includes('/callback?'));
      expect(callbackLine).toContain('code=[redacted]');
      expect(callbackLine).toContain('state=[redacted]');
      expect(svc.logs.lines().some((line) => line.includes('/api/config'))).toBe(true);
      for (const secret of secrets) {
        expect(secret.length).toBeGreaterThan(8);
        expect(text).not.toContain(secret);
      }
    });
  });

  describe('rate limit (admin and auth routes only)', () => {
    let limited: ServiceHandle;
    let limitedData: ReturnType<typeof tempDataDir>;

    beforeAll(async () => {
      limitedData = tempDataDir();
      limited = await startService(sim.env, limitedData.dir, { QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER_TOKEN });
    });

    afterAll(async () => {
      await limited.close();
      limitedData.remove();
    });

    test('when a client makes more than 60 state-changing or OAuth requests a minute, then it gets 429 rate_limited with Retry-After, and public routes stay open', async () => {
      const a = limited.service.app;
      // Guessing the key counts too: the limit runs before the key check.
      for (let i = 0; i < 30; i += 1) await request(a).post('/api/auth/connect').set('X-API-Key', 'guess').expect(401);
      for (let i = 0; i < 29; i += 1) await request(a).post('/api/auth/connect').set('X-API-Key', ADMIN_KEY).expect(200);
      await request(a).get('/callback?error=access_denied&state=x').expect(400); // the 60th

      for (const call of [
        () => request(a).post('/api/auth/connect').set('X-API-Key', ADMIN_KEY),
        () => request(a).post('/api/auth/refresh').set('X-API-Key', ADMIN_KEY),
        () => request(a).post('/api/auth/disconnect').set('X-API-Key', ADMIN_KEY),
        () => request(a).post('/api/cache/refresh').set('X-API-Key', ADMIN_KEY),
        () => request(a).delete('/api/sync/some-id').set('X-API-Key', ADMIN_KEY),
        () => request(a).get('/api/cache/verify').set('X-API-Key', ADMIN_KEY),
        () => request(a).get('/callback?code=c&state=s&realmId=1'),
      ]) {
        const res = await call();
        expect(res.status).toBe(429);
        expect(res.body).toEqual({ error: 'rate_limited', message: expect.stringContaining('at most 60 every 60 s') });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
      }

      // Admin reads have their own, larger budget (the status page polls sync progress).
      await request(a).get('/api/config').set('X-API-Key', ADMIN_KEY).expect(200);
      await request(a).get('/api/search/client_names?q=ac').expect(503); // not loaded: the search's own answer, not 429
      await request(a).get('/api/health').expect(200);
      await request(a).get('/api/health/ready').expect(503);
      await request(a).get('/api/cache/status').expect(200);
      await request(a).get('/metrics').expect(200);
      const hook = await request(a).post('/api/webhooks/quickbooks').set('intuit-signature', 'bad').send('{"eventNotifications":[]}');
      expect(hook.status).toBe(401);
    });

    test('when a client makes more than 600 admin reads a minute, then the 601st is 429 and search stays open', async () => {
      const a = limited.service.app;
      let status = 0;
      let answered = 1; // the /api/config read in the test above
      while (answered < 600) {
        const batch = Array.from({ length: Math.min(50, 600 - answered) }, () => request(a).get('/api/sync/history').set('X-API-Key', ADMIN_KEY));
        for (const res of await Promise.all(batch)) expect(res.status).toBe(200);
        answered += batch.length;
      }
      status = (await request(a).get('/api/sync/missing-id').set('X-API-Key', ADMIN_KEY)).status;
      expect(status).toBe(429);
      const limitedRead = await request(a).get('/api/config').set('X-API-Key', ADMIN_KEY);
      expect(limitedRead.status).toBe(429);
      expect(limitedRead.body).toEqual({ error: 'rate_limited', message: expect.stringContaining('at most 600 every 60 s') });
      await request(a).get('/api/search/client_names?q=ac').expect(503);
    });
  });
});
