import express, { type RequestHandler } from 'express';
import cors from 'cors';
import request from 'supertest';
import { createCors } from '../../../src/http/middleware/cors';

function appWith(middleware: RequestHandler | undefined) {
  const app = express();
  if (middleware) app.use(middleware);
  app.get('/x', (_req, res) => void res.json({ ok: true }));
  app.post('/x', (_req, res) => void res.json({ ok: true }));
  return app;
}

/** Every response header except the ones that vary per response. */
function headersOf(res: request.Response): Record<string, unknown> {
  const { date: _date, etag: _etag, ...rest } = res.headers as Record<string, unknown>;
  return rest;
}

const REQUESTS = [
  { method: 'get', headers: {} },
  { method: 'get', headers: { Origin: 'https://app.example.com' } },
  { method: 'get', headers: { Origin: 'https://evil.example.com' } },
  { method: 'post', headers: { Origin: 'https://app.example.com' } },
  { method: 'options', headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'X-API-Key' } },
  { method: 'options', headers: {} },
] as const;

describe('createCors answers exactly what the cors package answers', () => {
  test.each([
    ['*', '*' as const, { origin: '*' }],
    ['no origins', [] as const, { origin: false }],
    ['a list', ['https://app.example.com'] as const, { origin: ['https://app.example.com'] }],
  ])('when CORS_ORIGINS is %s, then every request gets the same status and headers', async (_name, origins, options) => {
    const ours = appWith(createCors(origins));
    const theirs = appWith(cors(options));
    for (const { method, headers } of REQUESTS) {
      const [a, b] = await Promise.all([request(ours)[method]('/x').set(headers), request(theirs)[method]('/x').set(headers)]);
      expect({ method, headers, status: a.status, response: headersOf(a) }).toEqual({ method, headers, status: b.status, response: headersOf(b) });
    }
  });

  test('when CORS_ORIGINS is *, then a plain GET carries Access-Control-Allow-Origin: *', async () => {
    const res = await request(appWith(createCors('*'))).get('/x');
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });
});
