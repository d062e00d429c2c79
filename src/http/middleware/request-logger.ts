import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { redactUrl } from '../../logging';
import { realmOfRequest } from '../company-scope';

const PROBE_PATHS = new Set(['/api/health', '/api/health/ready', '/metrics']);
/** The typeahead path: one request per keystroke, so its successful requests are logged at debug only. */
const SEARCH_PREFIX = '/api/search/';

type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * One JSON line per request. Probe and scrape noise is silenced (they arrive every few seconds); query strings
 * are logged with secret-bearing parameters (`code`, `state`, tokens) redacted, and only a few headers are kept.
 *
 * Successful searches are logged at debug, and unless debug is on they skip pino-http altogether: its per-request
 * child logger, serializers and redaction cost more than the search itself (measured with bench/http-search.ts).
 * Failed searches (4xx/5xx) are still logged, with the same fields.
 */
export function createRequestLogger(logger: Logger): RequestHandler {
  const httpLogger = logger.child({ component: 'http' });
  const full = pinoHttp({
    logger: httpLogger,
    genReqId,
    autoLogging: { ignore: (req: IncomingMessage) => PROBE_PATHS.has(pathOf(req)) },
    customLogLevel: (req: IncomingMessage, res: ServerResponse, err?: Error) => levelOf(req, res.statusCode, err),
    // The company the request was for (known once a route resolved it: pino-http asks again when it logs).
    customProps: (req: IncomingMessage) => realmProps(req),
    serializers: {
      req: serializeRequest,
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });

  return (req, res, next) => {
    if (!req.url?.startsWith(SEARCH_PREFIX) || httpLogger.isLevelEnabled('debug')) {
      full(req, res, next);
      return;
    }
    const started = Date.now();
    res.on('finish', () => {
      if (res.statusCode < 400) return;
      const level = levelOf(req, res.statusCode);
      httpLogger[level](
        {
          ...realmProps(req),
          req: serializeRequest({ id: genReqId(req), method: req.method, url: req.originalUrl, headers: req.headers }),
          res: { status: res.statusCode },
          responseTime: Date.now() - started,
        },
        'request completed',
      );
    });
    next();
  };
}

function realmProps(req: IncomingMessage): { realmId?: string } {
  const realmId = realmOfRequest(req);
  return realmId === undefined ? {} : { realmId };
}

function levelOf(req: IncomingMessage, status: number, err?: Error): LogLevel {
  if (err || status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return pathOf(req).startsWith(SEARCH_PREFIX) ? 'debug' : 'info';
}

function genReqId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
}

function serializeRequest(req: { id: unknown; method?: string; url?: string; headers: Record<string, unknown> }) {
  return { id: req.id, method: req.method, url: redactUrl(req.url ?? ''), user_agent: req.headers['user-agent'] };
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '').split('?')[0] ?? '';
}
