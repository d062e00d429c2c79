import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import request from 'supertest';
import type { Express } from 'express';
import { COMPANY_ROUTES } from '../../../src/http/company-scope';
import { ERROR_CODES } from '../../../src/http/errors';
import { buildOpenApiDocument, type HttpMethod, type PathItem } from '../../../src/http/openapi';
import { ADMIN_KEY, authorizeInBrowser, startService, startSimulator, tempDataDir, type ServiceHandle, type SimulatorHandle } from '../../support/harness';

type Doc = ReturnType<typeof buildOpenApiDocument>;

interface Layer {
  readonly route?: { readonly path: string | string[]; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: readonly Layer[] };
}

/** Every `METHOD /path` the app routes, read from Express 5's router stacks (routers mounted at `/`). */
function servedRoutes(app: Express): string[] {
  const out: string[] = [];
  const walk = (stack: readonly Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') out.push(`${method.toUpperCase()} ${path}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: readonly Layer[] } }).router.stack);
  return [...new Set(out)].sort();
}

function documentedRoutes(doc: Doc): string[] {
  const out: string[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, PathItem>)) {
    for (const method of Object.keys(item)) out.push(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
  }
  return out.sort();
}

describe('GET /api/openapi.json (real app, simulator over HTTP)', () => {
  let sim: SimulatorHandle;
  let data: ReturnType<typeof tempDataDir>;
  let svc: ServiceHandle;
  let doc: Doc;
  let ajv: Ajv2020;
  const app = () => svc.service.app;

  /** Validates a recorded response against the document's schema for `method template` and its status. */
  function expectConforms(method: HttpMethod, template: string, res: request.Response): void {
    const operation = (doc.paths as Record<string, PathItem>)[template]?.[method];
    if (!operation) throw new Error(`${method.toUpperCase()} ${template} is not documented`);
    const response = operation.responses[String(res.status)];
    if (!response) throw new Error(`${method.toUpperCase()} ${template}: status ${res.status} is not documented (${res.text})`);
    const schema = response.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${method.toUpperCase()} ${template} ${res.status}: no JSON schema`);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const validate = ajv.compile({ components: doc.components, ...schema });
    const valid = validate(res.body);
    if (!valid) throw new Error(`${method.toUpperCase()} ${template} ${res.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(res.body).slice(0, 500)}`);
  }

  beforeAll(async () => {
    sim = await startSimulator();
    data = tempDataDir();
    svc = await startService(sim.env, data.dir);
    const res = await request(app()).get('/api/openapi.json').expect(200);
    doc = res.body as Doc;
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
  });

  afterAll(async () => {
    await svc?.close();
    await sim.close();
    data.remove();
  });

  test('when fetched, then it is an OpenAPI 3.1 document with both admin security schemes, the read-key scheme and every error code', async () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe((await request(app()).get('/api/health')).body.version);
    expect(doc.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      apiKeyAuth: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
      readKeyAuth: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    expect(doc.components.schemas.Error).toMatchObject({ required: ['error', 'message'], properties: { error: { enum: Object.keys(ERROR_CODES) } } });
    const paths = doc.paths as Record<string, PathItem>;
    const search = paths['/api/search/{index}']?.get;
    const q = search?.parameters?.find((p) => p.name === 'q');
    expect(q).toMatchObject({ in: 'query', required: true, schema: { minLength: 1, maxLength: 200 } });
    expect(search?.parameters?.find((p) => p.name === 'limit')?.schema).toMatchObject({ type: 'integer', minimum: 1 });
    expect(paths['/api/config']?.get?.security).toEqual([{ bearerAuth: [] }, { apiKeyAuth: [] }]);
    expect(paths['/api/health']?.get?.security).toEqual([]);
    expect(new Ajv2020({ strict: false }).validateSchema({ components: doc.components, ...doc.components.schemas.CacheStatus })).toBe(true);
  });

  test('when the routes the app serves are listed from its router stacks, then the document has exactly those paths and methods', async () => {
    const routed = servedRoutes(app());
    expect(routed).toContain('GET /api/search/:index');
    expect(routed.length).toBeGreaterThanOrEqual(18);
    // Each route about a company is also served under /api/companies/:realmId (rewritten onto the same handler).
    const scoped = routed.filter((route) => {
      const [method = '', path = ''] = route.split(' ');
      const rest = path.replace(/^\/api/, '');
      return path.startsWith('/api/') && (COMPANY_ROUTES as Record<string, readonly string[]>)[rest]?.includes(method.toLowerCase()) === true;
    });
    expect(scoped).toHaveLength(Object.values(COMPANY_ROUTES).flat().length);
    const served = [...routed, ...scoped.map((route) => route.replace(' /api/', ' /api/companies/:realmId/'))].sort();
    expect(documentedRoutes(doc)).toEqual(served);
    // And the scoped form really is served: an unknown company is 404 unknown_company, not the catch-all not_found.
    for (const route of scoped) {
      const [method = '', path = ''] = route.split(' ');
      const url = path.replace('/api/', '/api/companies/123/').replace(/:\w+/g, 'x');
      const res = await request(app())[method.toLowerCase() as 'get' | 'post'](url).set('X-API-Key', ADMIN_KEY);
      expect([route, res.body.error]).toEqual([route, 'unknown_company']);
    }
  });

  test('when public endpoints answer before any connection, then each response matches its documented schema', async () => {
    expectConforms('get', '/api/health', await request(app()).get('/api/health'));
    const notReady = await request(app()).get('/api/health/ready');
    expect(notReady.status).toBe(503);
    expectConforms('get', '/api/health/ready', notReady);
    const empty = await request(app()).get('/api/search/client_names?q=ac');
    expect(empty.status).toBe(503);
    expectConforms('get', '/api/search/{index}', empty);
    expectConforms('get', '/api/cache/status', await request(app()).get('/api/cache/status'));
    const unauthorized = await request(app()).get('/api/config');
    expect(unauthorized.status).toBe(401);
    expectConforms('get', '/api/config', unauthorized);
    const notConnected = await request(app()).post('/api/cache/refresh').set('X-API-Key', ADMIN_KEY);
    expect(notConnected.status).toBe(409);
    expectConforms('post', '/api/cache/refresh', notConnected);
    const webhooksOff = await request(app()).post('/api/webhooks/quickbooks').send({});
    expect(webhooksOff.status).toBe(404);
    expectConforms('post', '/api/webhooks/quickbooks', webhooksOff);
  });

  test('when connected and synced, then search, status, sync, data, verify, config and error responses match the document', async () => {
    const connect = await request(app()).post('/api/auth/connect').set('X-API-Key', ADMIN_KEY);
    expectConforms('post', '/api/auth/connect', connect);
    await request(app()).get(`/callback${await authorizeInBrowser(connect.body.authorize_url)}`).expect(302);
    const refreshed = await request(app()).post('/api/cache/refresh?wait=true').set('Authorization', `Bearer ${ADMIN_KEY}`);
    expect(refreshed.status).toBe(200);
    expectConforms('post', '/api/cache/refresh', refreshed);

    const bearer = { Authorization: `Bearer ${ADMIN_KEY}` };
    const cases: [HttpMethod, string, string, number, Record<string, string>?][] = [
      ['get', '/api/health', '/api/health', 200],
      ['get', '/api/health/ready', '/api/health/ready', 200],
      ['get', '/api/cache/status', '/api/cache/status', 200],
      ['get', '/api/search/{index}', '/api/search/client_names?q=ac&limit=500', 200],
      ['get', '/api/search/{index}', '/api/search/product_names?q=a&active=true', 200],
      ['get', '/api/search/{index}', '/api/search/invoice_numbers?q=1', 200],
      ['get', '/api/search/{index}', '/api/search/client_pos?q=1', 200],
      ['get', '/api/search/{index}', '/api/search/client_names?q=', 400],
      ['get', '/api/search/{index}', `/api/search/client_names?q=${'a'.repeat(201)}`, 400],
      ['get', '/api/search/{index}', '/api/search/client_names?q=a&limit=0', 400],
      ['get', '/api/search/{index}', '/api/search/nope?q=ac', 404],
      ['get', '/api/indexes/status', '/api/indexes/status', 200],
      ['get', '/api/config', '/api/config', 200, bearer],
      ['get', '/api/config', '/api/config', 401, { 'X-API-Key': 'wrong-key' }],
      ['get', '/api/sync/history', '/api/sync/history?limit=5', 200, bearer],
      ['get', '/api/sync/history', '/api/sync/history?limit=x', 400, bearer],
      ['get', '/api/sync/{id}', `/api/sync/${String(refreshed.body.sync.id)}`, 200, bearer],
      ['get', '/api/sync/{id}', '/api/sync/no-such-sync', 404, bearer],
      ['delete', '/api/sync/{id}', `/api/sync/${String(refreshed.body.sync.id)}`, 409, bearer],
      ['get', '/api/data/{entity}', '/api/data/customers?limit=3&offset=1', 200, bearer],
      ['get', '/api/data/{entity}', '/api/data/invoices', 200, bearer],
      ['get', '/api/data/{entity}', '/api/data/widgets', 404, bearer],
      ['get', '/api/data/{entity}', '/api/data/customers?offset=-1', 400, bearer],
      ['get', '/api/cache/verify', '/api/cache/verify', 200, bearer],
      ['post', '/api/auth/refresh', '/api/auth/refresh', 200, bearer],
    ];
    for (const [method, template, url, status, headers] of cases) {
      const res = await request(app())[method](url).set(headers ?? {});
      expect(`${method} ${url} ${res.status}`).toBe(`${method} ${url} ${status}`);
      expectConforms(method, template, res);
    }

    const started = await request(app()).post('/api/cache/refresh?wait=false&mode=full').set(bearer);
    expect(started.status).toBe(202);
    expectConforms('post', '/api/cache/refresh', started);
    const cancelled = await request(app()).delete(`/api/sync/${String(started.body.sync_id)}`).set(bearer);
    expect([202, 409]).toContain(cancelled.status);
    expectConforms('delete', '/api/sync/{id}', cancelled);
    const run = await request(app()).get(String(started.body.status_url)).set(bearer);
    expectConforms('get', '/api/sync/{id}', run);

    const disconnected = await request(app()).post('/api/auth/disconnect').set(bearer);
    expect(disconnected.status).toBe(200);
    expectConforms('post', '/api/auth/disconnect', disconnected);
    const again = await request(app()).post('/api/auth/disconnect').set(bearer);
    expect(again.status).toBe(409);
    expectConforms('post', '/api/auth/disconnect', again);
  });

  test('when the callback is rejected and the client asks for JSON, then the body matches the documented callback error', async () => {
    const res = await request(app()).get('/callback?code=x&state=nope&realmId=1').set('Accept', 'application/json');
    expect(res.status).toBe(400);
    expectConforms('get', '/callback', res);
  });
});
