import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Runs middlewares one after another as ONE router layer. Every `app.use()` layer costs the router a match, a
 * prefix trim and a `next` round trip on every request, which on the typeahead path is a measurable share of the
 * request (bench/http-search.ts); the app-wide middlewares (metrics, logging, headers, CORS) run on every request
 * anyway, so they share one layer.
 *
 * Same contract as separate layers: a handler that answers without calling `next` ends the chain; `next(err)`
 * (or a throw, or a rejected promise) skips the rest of the chain and goes to the error middleware; `next('router')`
 * is handed to the router; `next('route')` means "continue", as it does for an app-level middleware.
 */
export function chain(handlers: readonly RequestHandler[]): RequestHandler {
  if (handlers.length === 1 && handlers[0]) return handlers[0];
  return (req: Request, res: Response, next: NextFunction) => {
    let index = 0;
    const step = (err?: unknown): void => {
      if (err && err !== 'route') {
        next(err);
        return;
      }
      const handler = handlers[index++];
      if (!handler) {
        next();
        return;
      }
      try {
        const ret: unknown = handler(req, res, step);
        if (isThenable(ret)) ret.then(undefined, (rejected: unknown) => next(rejected ?? new Error('Rejected promise')));
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
