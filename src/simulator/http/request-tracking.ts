import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { newIntuitTid } from '../oauth/token-strings';
import { realmOfPath, routeLabel, type Counters } from './counters';

/**
 * Every response carries an `intuit_tid` (docs/quickbooks.md#faults) and is counted by route and status; a connection
 * closed before the response finished counts as `dropped`. The log line has no URL query, headers or bodies, so
 * tokens, codes and secrets never reach it.
 */
export function createRequestTracking(counters: Counters, logger: Logger, now: () => number): RequestHandler {
  return (req, res, next) => {
    const started = Date.now();
    const route = routeLabel(req.path);
    const realmId = realmOfPath(req.path);
    const tid = newIntuitTid(now());
    res.setHeader('intuit_tid', tid);
    if (route === 'query' || route === 'cdc' || route === 'read' || route === 'companyinfo' || route === 'other') res.setHeader('qbo-version', '1996.132');
    let finished = false;
    res.once('finish', () => {
      finished = true;
      counters.request(route, res.statusCode, realmId);
      logger.debug({ method: req.method, route, status: res.statusCode, duration_ms: Date.now() - started, intuit_tid: tid }, 'simulator request');
    });
    res.once('close', () => {
      if (finished) return;
      counters.request(route, 'dropped', realmId);
      logger.debug({ method: req.method, route, status: 'dropped', intuit_tid: tid }, 'simulator request dropped');
    });
    next();
  };
}
