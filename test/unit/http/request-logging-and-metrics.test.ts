import { Router } from 'express';
import request from 'supertest';
import { loadConfig } from '../../../src/config';
import { AppError, createApp } from '../../../src/http';
import { createMetrics } from '../../../src/metrics';
import { captureLogs } from '../../support/log-capture';
import { idleHealth } from './idle-health';

/** createApp as the service builds it (metrics first, the search-shaped router first), with captured logs. */
function buildApp(level: 'info' | 'debug') {
  const logs = captureLogs(level);
  const metrics = createMetrics();
  const router = Router();
  router.get('/api/search/:index', (req, res) => {
    if (req.params.index === 'boom') throw new Error('exploded');
    if (req.params.index !== 'client_names') throw new AppError('unknown_index', 'Unknown index');
    res.json({ results: [] });
  });
  router.get('/api/cache/status', (_req, res) => void res.json({ ok: true }));
  const app = createApp({
    config: loadConfig({}),
    logger: logs.logger,
    observe: metrics.httpMiddleware,
    health: idleHealth(),
    routers: [router],
  });
  const requestLines = () =>
    logs
      .lines()
      .map((line) => JSON.parse(line) as { level: string; msg: string; req?: { url?: string; id?: string; user_agent?: string }; res?: { status?: number } })
      .filter((line) => line.req !== undefined);
  return { app, metrics, logs, requestLines };
}

/** Waits for the response's `finish` listeners (logging, metrics) to have run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('request logging', () => {
  test('when searches succeed at info level, then nothing is logged per request', async () => {
    const { app, requestLines } = buildApp('info');
    await request(app).get('/api/search/client_names?q=ac').expect(200);
    await settle();
    expect(requestLines()).toEqual([]);
  });

  test('when searches succeed at debug level, then each is logged at debug', async () => {
    const { app, requestLines } = buildApp('debug');
    await request(app).get('/api/search/client_names?q=ac').expect(200);
    await settle();
    expect(requestLines()).toEqual([expect.objectContaining({ level: 'debug', msg: 'request completed', req: expect.objectContaining({ url: '/api/search/client_names?q=ac' }) })]);
  });

  test('when a search fails, then it is logged (warn for 4xx, error for 5xx) with secrets in the URL redacted', async () => {
    const { app, requestLines, logs } = buildApp('info');
    await request(app).get('/api/search/nope?q=ac&token=s3cr3t').set('User-Agent', 'jest').set('X-Request-Id', 'req-1').expect(404);
    await request(app).get('/api/search/boom?q=ac&code=abc123').expect(500);
    await settle();
    const lines = requestLines();
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'request completed', req: { id: 'req-1', method: 'GET', url: '/api/search/nope?q=ac&token=[redacted]', user_agent: 'jest' }, res: { status: 404 } }),
      expect.objectContaining({ level: 'error', msg: 'request completed', res: { status: 500 } }),
    ]);
    expect(lines[1]?.req?.url).toBe('/api/search/boom?q=ac&code=[redacted]');
    expect(logs.text()).not.toContain('s3cr3t');
    expect(logs.text()).not.toContain('abc123');
  });

  test('when a non-search request succeeds, then pino-http logs it at info with the redacted URL', async () => {
    const { app, requestLines } = buildApp('info');
    await request(app).get('/api/cache/status?state=xyz').expect(200);
    await settle();
    expect(requestLines()).toEqual([expect.objectContaining({ level: 'info', req: expect.objectContaining({ url: '/api/cache/status?state=[redacted]' }), res: { status: 200 } })]);
  });
});

describe('request metrics through the app', () => {
  test('when routes answer or none matches, then durations are recorded by route template, unmatched or other', async () => {
    const { app, metrics } = buildApp('info');
    await request(app).get('/api/search/client_names?q=ac').expect(200);
    await request(app).get('/api/search/nope?q=ac').expect(404);
    await request(app).get('/api/health').expect(200);
    await request(app).get('/no/such/path').expect(404);
    await request(app).options('/api/search/client_names').expect(204);
    await settle();
    const text = await metrics.registry.metrics();
    const count = (labels: string) => new RegExp(`^qbo_cache_http_request_duration_seconds_count\\{${labels}\\} (\\d+)$`, 'm').exec(text)?.[1];
    expect(count('method="GET",route="/api/search/:index",status="200"')).toBe('1');
    expect(count('method="GET",route="/api/search/:index",status="404"')).toBe('1');
    expect(count('method="GET",route="/api/health",status="200"')).toBe('1');
    expect(count('method="GET",route="unmatched",status="404"')).toBe('1');
    expect(count('method="OPTIONS",route="other",status="204"')).toBe('1');
    expect(text).not.toContain('/no/such/path');
  });

  test('when a response is sent, then it carries the security headers and CORS header', async () => {
    const { app } = buildApp('info');
    const res = await request(app).get('/api/search/client_names?q=ac').expect(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
