import type { Request, RequestHandler } from 'express';
import type { Instruments } from './instruments';

/** Requests no route answered: 404s are `unmatched`, anything else (CORS preflight, static files) is `other`. */
export const UNMATCHED_ROUTE = 'unmatched';
export const OTHER_ROUTE = 'other';

/**
 * Times every request from the first middleware to the last byte. The route label is the template Express
 * matched (`/api/search/:index`), never the raw URL, so a scanner's random paths cannot blow up the label set.
 */
export function createHttpMetricsMiddleware(instruments: Instruments): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    // `on`, not `once`: a response finishes at most once, and `once` costs a wrapper and a removal per request.
    res.on('finish', () => {
      const route = routeTemplate(req) ?? (res.statusCode === 404 ? UNMATCHED_ROUTE : OTHER_ROUTE);
      instruments.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, (performance.now() - started) / 1000);
    });
    next();
  };
}

/** Express leaves the matched route on the request; routers are mounted at the root, so its path is the template. */
function routeTemplate(req: Request): string | undefined {
  const route = (req as { route?: { path?: unknown } }).route;
  if (route?.path === undefined) return undefined;
  return `${req.baseUrl}${String(route.path)}`;
}
