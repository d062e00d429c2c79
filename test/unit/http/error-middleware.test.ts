import express, { Router } from 'express';
import request from 'supertest';
import { loadConfig } from '../../../src/config';
import { AppError, createApp } from '../../../src/http';
import { captureLogs } from '../../support/log-capture';
import { idleHealth } from './idle-health';

function buildApp() {
  const logs = captureLogs();
  const router = Router();
  router.get('/boom', () => {
    throw new Error('SQLITE_CORRUPT at /var/lib/secret/path: token=abc');
  });
  router.get('/teapot', () => {
    throw new AppError('unknown_index', 'Unknown index "x"', { available_indexes: ['a', 'b'] });
  });
  router.post('/echo', express.json({ limit: '1kb' }), (req, res) => {
    res.json(req.body);
  });
  const app = createApp({
    config: loadConfig({}),
    logger: logs.logger,
    health: idleHealth(),
    routers: [router],
  });
  return { app, logs };
}

describe('error handling', () => {
  test('when a route throws an unexpected error, then 500 with a masked message and no stack', async () => {
    const { app, logs } = buildApp();
    const res = await request(app).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: 'internal_error', message: 'An unexpected error occurred' });
    expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|secret|stack/);
    expect(logs.text()).toMatch(/request failed/);
  });

  test('when a route throws an AppError, then its status, code, message and details are answered', async () => {
    const { app } = buildApp();
    const res = await request(app).get('/teapot');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'unknown_index', message: 'Unknown index "x"', available_indexes: ['a', 'b'] });
  });

  test('when the route is unknown, then 404 JSON', async () => {
    const { app } = buildApp();
    const res = await request(app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.error).toBe('not_found');
  });

  test('when the JSON body is malformed, then 400 JSON without parser internals', async () => {
    const { app } = buildApp();
    const res = await request(app).post('/echo').set('Content-Type', 'application/json').send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_request', message: 'The request is malformed' });
  });

  test('when the body is over the limit, then 413 JSON', async () => {
    const { app } = buildApp();
    const res = await request(app).post('/echo').send({ big: 'x'.repeat(5000) });
    expect(res.status).toBe(413);
    expect(res.body.error).toBe('payload_too_large');
  });

  test('when a JSON body carries __proto__, then nothing is polluted', async () => {
    const { app } = buildApp();
    const res = await request(app).post('/echo').set('Content-Type', 'application/json').send('{"__proto__":{"polluted":true}}');
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('when any response is sent, then helmet headers are set and x-powered-by is not', async () => {
    const { app } = buildApp();
    const res = await request(app).get('/api/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('health routes', () => {
  test('when nothing is connected or cached, then /api/health is 200 and says unhealthy with reasons', async () => {
    const { app } = buildApp();
    const res = await request(app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'unhealthy',
      timestamp: '2026-11-23T12:00:00.000Z',
      version: '1.2.3',
      mode: 'demo',
      authenticated: false,
      cache_age_minutes: null,
    });
    expect(res.body.reasons).toContain('not connected to QuickBooks');
  });

  test('when no cache is loaded, then the readiness probe is 503', async () => {
    const { app } = buildApp();
    const res = await request(app).get('/api/health/ready');
    expect(res.status).toBe(503);
    expect(res.body.ready).toBe(false);
  });
});
