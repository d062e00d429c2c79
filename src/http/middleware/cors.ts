import type { RequestHandler } from 'express';
import cors from 'cors';

/**
 * CORS_ORIGINS (README, Configuration): `*` in demo, none in live unless configured. Same headers as the `cors`
 * package, without its per-request work where the answer never depends on the request:
 * - `*`: every non-preflight response gets `Access-Control-Allow-Origin: *` and nothing else (exactly what `cors`
 *   sets for `origin: '*'`), so only preflights (OPTIONS) go through `cors` itself;
 * - none: `cors({ origin: false })` sets nothing and answers no preflight, so there is no middleware at all;
 * - a list: `cors` as is (it reflects an allowed Origin and adds `Vary: Origin`).
 */
export function createCors(origins: '*' | readonly string[]): RequestHandler | undefined {
  if (origins === '*') {
    const preflight = cors({ origin: '*' });
    return (req, res, next) => {
      if (req.method === 'OPTIONS') {
        preflight(req, res, next);
        return;
      }
      res.setHeader('Access-Control-Allow-Origin', '*');
      next();
    };
  }
  if (origins.length === 0) return undefined;
  return cors({ origin: [...origins] });
}
