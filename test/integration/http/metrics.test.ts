import request from 'supertest';
import { ADMIN_KEY, authorizeInBrowser, startService, startSimulator, tempDataDir, type ServiceHandle, type SimulatorHandle } from '../../support/harness';

/** The value of one sample line of the Prometheus text format, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

describe('GET /metrics (real app, simulator over HTTP)', () => {
  let sim: SimulatorHandle;
  let data: ReturnType<typeof tempDataDir>;
  let svc: ServiceHandle;
  const scrape = async () => {
    const res = await request(svc.service.app).get('/metrics');
    expect(res.status).toBe(200);
    return res.text;
  };

  beforeAll(async () => {
    sim = await startSimulator();
    data = tempDataDir();
    svc = await startService(sim.env, data.dir);
    const connect = await request(svc.service.app).post('/api/auth/connect').set('X-API-Key', ADMIN_KEY);
    await request(svc.service.app).get(`/callback${await authorizeInBrowser(connect.body.authorize_url)}`).expect(302);
    // Joins the full sync the connection started.
    await request(svc.service.app).post('/api/cache/refresh?wait=true').set('X-API-Key', ADMIN_KEY).expect(200);
  });

  afterAll(async () => {
    await svc?.close();
    await sim.close();
    data.remove();
  });

  test('when scraped without any key, then it answers the Prometheus text format with the default process metrics', async () => {
    const res = await request(svc.service.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(res.text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(res.text).toContain('nodejs_eventloop_lag_seconds');
  });

  test('when searches and unknown URLs were requested, then durations are labelled by route template, never by raw URL', async () => {
    await request(svc.service.app).get('/api/search/client_names?q=ac').expect(200);
    await request(svc.service.app).get('/api/search/nope?q=ac').expect(404);
    await request(svc.service.app).get('/no/such/path/12345').expect(404);
    const text = await scrape();
    const route = '/api/search/:index';
    expect(sample(text, 'qbo_cache_http_request_duration_seconds_count', { method: 'GET', route, status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'qbo_cache_http_request_duration_seconds_count', { method: 'GET', route, status: '404' })).toBe(1);
    expect(sample(text, 'qbo_cache_http_request_duration_seconds_count', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(sample(text, 'qbo_cache_http_request_duration_seconds_count', { method: 'POST', route: '/api/cache/refresh', status: '200' })).toBe(1);
    expect(text).not.toContain('client_names?q');
    expect(text).not.toContain('/no/such/path');
    expect(sample(text, 'qbo_cache_search_duration_seconds_count', { index: 'client_names' })).toBeGreaterThanOrEqual(1);
  });

  test('when the company is cached, then records by entity, cache age, sync and QuickBooks call figures are exported', async () => {
    const text = await scrape();
    const realm = sim.simulator.realmId;
    expect(sample(text, 'qbo_cache_cached_records', { realm, entity: 'customers' })).toBe(60);
    expect(sample(text, 'qbo_cache_cached_records', { realm, entity: 'invoices' })).toBe(80);
    const age = sample(text, 'qbo_cache_cache_age_seconds', { realm });
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
    expect(sample(text, 'qbo_cache_sync_duration_seconds_count', { mode: 'full', status: 'succeeded' })).toBe(1);
    expect(sample(text, 'qbo_cache_syncs_total', { realm, mode: 'full', status: 'succeeded', trigger: 'connect' })).toBe(1);
    expect(sample(text, 'qbo_cache_quickbooks_calls_total', { realm, kind: 'query', status: '200' })).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'qbo_cache_quickbooks_call_duration_seconds_count', { kind: 'query' })).toBeGreaterThanOrEqual(4);
  });

  test('when a few seconds have passed, then each thread\'s longest event-loop delay per second is kept in a histogram, and the data threads are counted', async () => {
    // One observation a second per thread, for the serving thread and the company's data thread alike.
    const observed = async () => {
      const text = await scrape();
      const serving = sample(text, 'qbo_cache_event_loop_max_delay_seconds_count', { thread: 'serving' }) ?? 0;
      const data = sample(text, 'qbo_cache_event_loop_max_delay_seconds_count', { thread: 'data' }) ?? 0;
      return { serving, data, text };
    };
    const first = await observed();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const later = await observed();
    // Kept between scrapes: counts only grow.
    expect(later.serving).toBeGreaterThanOrEqual(first.serving + 2);
    expect(later.data).toBeGreaterThanOrEqual(first.data + 2);
    expect(sample(later.text, 'qbo_cache_event_loop_max_delay_seconds_bucket', { thread: 'serving', le: '+Inf' })).toBe(later.serving);
    expect(sample(later.text, 'qbo_cache_data_threads')).toBe(1);
  });

  test('when tokens are held, then the seconds until each expiry are exported, and a forced refresh counts as a success', async () => {
    await request(svc.service.app).post('/api/auth/refresh').set('X-API-Key', ADMIN_KEY).expect(200);
    const text = await scrape();
    expect(sample(text, 'qbo_cache_token_refreshes_total', { realm: sim.simulator.realmId, outcome: 'success' })).toBe(1);
    const access = sample(text, 'qbo_cache_access_token_expiry_seconds') ?? Number.NaN;
    expect(access).toBeGreaterThan(3000);
    expect(access).toBeLessThanOrEqual(3600);
    expect(sample(text, 'qbo_cache_refresh_token_expiry_seconds')).toBeGreaterThan(86_400);
  });

  test('when Intuit rejects the refresh token, then the refresh is counted as reconnect_required', async () => {
    sim.simulator.control.revokeRefreshTokens();
    await request(svc.service.app).post('/api/auth/refresh').set('X-API-Key', ADMIN_KEY).expect(409);
    const text = await scrape();
    expect(sample(text, 'qbo_cache_token_refreshes_total', { outcome: 'reconnect_required' })).toBe(1);
  });

  test('when /metrics is scraped, then no request log line is written for it', async () => {
    const before = svc.logs.lines().length;
    await scrape();
    const added = svc.logs.lines().slice(before);
    expect(added.filter((line) => line.includes('/metrics'))).toEqual([]);
  });

  test('when a second service runs in the same process, then its registry is its own (no duplicate-metric error, no shared values)', async () => {
    const otherData = tempDataDir();
    const other = await startService(sim.env, otherData.dir);
    try {
      const res = await request(other.service.app).get('/metrics').expect(200);
      expect(sample(res.text, 'qbo_cache_cached_records', { entity: 'customers' })).toBeUndefined();
      // No company connected: the per-company gauges have no series.
      expect(sample(res.text, 'qbo_cache_cache_age_seconds')).toBeUndefined();
      expect(sample(res.text, 'qbo_cache_access_token_expiry_seconds')).toBeUndefined();
      expect(sample(res.text, 'qbo_cache_syncs_total', { mode: 'full', status: 'succeeded', trigger: 'connect' })).toBeUndefined();
      expect(sample(await scrape(), 'qbo_cache_cached_records', { entity: 'customers' })).toBe(60);
    } finally {
      await other.close();
      otherData.remove();
    }
  });
});
