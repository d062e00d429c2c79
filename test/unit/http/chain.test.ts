import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { chain } from '../../../src/http/middleware/chain';

/** An app with the chain as its only middleware, a `/ok` route and a JSON error handler, like createApp's. */
function appWith(handlers: RequestHandler[]) {
  const app = express();
  app.use(chain(handlers));
  app.get('/ok', (_req, res) => void res.json({ ok: true, seen: res.getHeader('x-seen') ?? null }));
  app.use(((err: unknown, _req, res, _next) => {
    res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
  }) as express.ErrorRequestHandler);
  return app;
}

const mark = (name: string): RequestHandler => (_req, res, next) => {
  const seen = res.getHeader('x-seen');
  res.setHeader('x-seen', seen === undefined ? name : `${String(seen)},${name}`);
  next();
};

describe('chain: several middlewares as one router layer', () => {
  test('when every handler calls next, then they all run in order before the route', async () => {
    const res = await request(appWith([mark('a'), mark('b'), mark('c')])).get('/ok');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, seen: 'a,b,c' });
  });

  test('when a handler answers without calling next, then the rest of the chain and the route do not run', async () => {
    const answer: RequestHandler = (_req, res) => void res.status(204).end();
    const after = jest.fn<void, []>();
    const res = await request(appWith([mark('a'), answer, () => after()])).get('/ok');
    expect(res.status).toBe(204);
    expect(after).not.toHaveBeenCalled();
  });

  test('when a handler passes an error, throws, or rejects, then the rest is skipped and the error middleware answers', async () => {
    const after = jest.fn<void, []>();
    const failures: RequestHandler[] = [
      (_req, _res, next) => next(new Error('passed')),
      () => {
        throw new Error('thrown');
      },
      async () => {
        await Promise.resolve();
        throw new Error('rejected');
      },
    ];
    for (const failure of failures) {
      const res = await request(appWith([mark('a'), failure, () => after()])).get('/ok');
      expect(res.status).toBe(500);
      expect(['passed', 'thrown', 'rejected']).toContain(res.body.error);
    }
    expect(after).not.toHaveBeenCalled();
  });

  test("when a handler calls next('route'), then the chain continues as it would after an app-level middleware", async () => {
    const res = await request(appWith([(_req, _res, next) => next('route'), mark('b')])).get('/ok');
    expect(res.body).toEqual({ ok: true, seen: 'b' });
  });

  test('when no route matches, then the request leaves the chain for the next layers (404)', async () => {
    const res = await request(appWith([mark('a')])).get('/missing');
    expect(res.status).toBe(404);
    expect(res.headers['x-seen']).toBe('a');
  });
});
