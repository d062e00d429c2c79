/**
 * The typeahead response cache seen from outside: a repeated query is answered from the cache with the very same
 * body and ETag, conditional requests still answer 304, and no answer outlives the indexes that produced it (an
 * in-place CDC delta or a full rebuild). Real app, simulator over HTTP, real clients.
 */
import request from 'supertest';
import { SIM_FIXTURES } from '../../../src/simulator';
import { ADMIN_KEY, authorizeInBrowser, startService, startSimulator, tempDataDir, type ServiceHandle, type SimulatorHandle } from '../../support/harness';

const { acmeSupply } = SIM_FIXTURES.customers;

function cacheCount(metrics: string, result: 'hit' | 'miss'): number {
  const match = new RegExp(`^qbo_cache_search_response_cache_total\\{result="${result}"\\} (\\S+)$`, 'm').exec(metrics);
  return match ? Number(match[1]) : 0;
}

async function connected(sim: SimulatorHandle, dataDir: string, overrides: Record<string, string> = {}): Promise<ServiceHandle> {
  const svc = await startService(sim.env, dataDir, overrides);
  const connect = await request(svc.service.app).post('/api/auth/connect').set('X-API-Key', ADMIN_KEY);
  await request(svc.service.app).get(`/callback${await authorizeInBrowser(connect.body.authorize_url)}`).expect(302);
  await request(svc.service.app).post('/api/cache/refresh?wait=true').set('X-API-Key', ADMIN_KEY).expect(200);
  return svc;
}

describe('search response cache (real app, simulator over HTTP)', () => {
  let sim: SimulatorHandle;
  let data: ReturnType<typeof tempDataDir>;
  let svc: ServiceHandle;
  const api = () => request(svc.service.app);
  const counts = async () => {
    const text = (await api().get('/metrics').expect(200)).text;
    return { hit: cacheCount(text, 'hit'), miss: cacheCount(text, 'miss') };
  };

  beforeAll(async () => {
    sim = await startSimulator();
    data = tempDataDir();
    svc = await connected(sim, data.dir);
  });
  afterAll(async () => {
    await svc?.close();
    await sim.close();
    data.remove();
  });

  test('when the same query comes twice, then the second is a hit with the same body and ETag, and If-None-Match answers 304', async () => {
    const before = await counts();
    const first = await api().get('/api/search/client_names?q=acme%20sup').expect(200);
    const second = await api().get('/api/search/client_names?q=acme%20sup').expect(200);
    expect(second.text).toBe(first.text);
    expect(second.headers['etag']).toBe(first.headers['etag']);
    expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first.body).toMatchObject({ query: 'acme sup', index: 'client_names', total: first.body.results.length });
    expect(first.body.results[0]).toMatchObject({ id: acmeSupply.id });
    expect(await counts()).toEqual({ hit: before.hit + 1, miss: before.miss + 1 });

    const conditional = await api().get('/api/search/client_names?q=acme%20sup').set('If-None-Match', String(first.headers['etag']));
    expect(conditional.status).toBe(304);
    expect(conditional.text).toBe('');
  });

  test('when limit, active, the index or the query text differ, then each has its own answer', async () => {
    const all = (await api().get('/api/search/client_names?q=a&limit=100').expect(200)).body;
    const few = (await api().get('/api/search/client_names?q=a&limit=2').expect(200)).body;
    const active = (await api().get('/api/search/client_names?q=a&limit=100&active=true').expect(200)).body;
    expect(few.results).toEqual(all.results.slice(0, 2));
    expect(active.results.every((hit: { active: boolean }) => hit.active)).toBe(true);
    expect(active.total).toBeLessThan(all.total);
    const parts = (await api().get('/api/search/part_names?q=a').expect(200)).body;
    const products = (await api().get('/api/search/product_names?q=a').expect(200)).body;
    expect(parts.index).toBe('part_names');
    expect(products.index).toBe('product_names');
    expect(parts.results).toEqual(products.results);
    // Leading and trailing spaces are not part of the query: the same answer, the query echoed trimmed.
    expect((await api().get('/api/search/client_names?q=%20a%20&limit=100').expect(200)).body).toEqual(all);
  });

  test('when a record changes and an incremental sync applies it in place, then the next identical query answers the change', async () => {
    const query = '/api/search/client_names?q=acme%20supply';
    expect((await api().get(query).expect(200)).body.results[0]).toMatchObject({ id: acmeSupply.id, name: 'Acme Supply Co' });
    await api().get(query).expect(200); // kept
    sim.simulator.control.updateRecord('Customer', acmeSupply.id, { DisplayName: 'Acme Supply Cobalt' });
    const refresh = await api().post('/api/cache/refresh').set('X-API-Key', ADMIN_KEY).expect(200);
    expect(refresh.body.sync).toMatchObject({ mode: 'incremental', status: 'succeeded', records: 1 });
    expect((await api().get(query).expect(200)).body.results[0]).toMatchObject({ id: acmeSupply.id, name: 'Acme Supply Cobalt' });
  });

  test('when a full sync swaps in new indexes, then answers kept from the old ones are not served', async () => {
    const query = '/api/search/client_names?q=acme%20supply';
    await api().get(query).expect(200);
    sim.simulator.control.updateRecord('Customer', acmeSupply.id, { DisplayName: 'Acme Supply Copper' });
    const refresh = await api().post('/api/cache/refresh?mode=full').set('X-API-Key', ADMIN_KEY).expect(200);
    expect(refresh.body.sync).toMatchObject({ mode: 'full', status: 'succeeded' });
    expect((await api().get(query).expect(200)).body.results[0]).toMatchObject({ id: acmeSupply.id, name: 'Acme Supply Copper' });
  });

  test('when SEARCH_CACHE_MB is 0, then every request is searched and answers the same', async () => {
    const otherData = tempDataDir();
    const other = await connected(sim, otherData.dir, { SEARCH_CACHE_MB: '0' });
    try {
      const first = await request(other.service.app).get('/api/search/client_names?q=ac').expect(200);
      const second = await request(other.service.app).get('/api/search/client_names?q=ac').expect(200);
      expect(second.text).toBe(first.text);
      expect(second.headers['etag']).toBe(first.headers['etag']);
      expect(first.text).toBe((await api().get('/api/search/client_names?q=ac').expect(200)).text);
      const text = (await request(other.service.app).get('/metrics').expect(200)).text;
      expect(cacheCount(text, 'hit')).toBe(0);
      expect(cacheCount(text, 'miss')).toBe(2);
    } finally {
      await other.close();
      otherData.remove();
    }
  });
});
