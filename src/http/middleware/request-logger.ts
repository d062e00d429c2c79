import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { redactUrl } from '../../logging';

const PROBE_PATHS = new Set(['/api/health', '/api/health/ready', '/metrics']);

/**
 * One JSON line per request. Probe and scrape noise is silenced (they arrive every few seconds); query strings
 * are logged with secret-bearing parameters (`code`, `state`, tokens) redacted, and only a few headers are kept.
 */
export function createRequestLogger(logger: Logger) {
  return pinoHttp({
    logger: logger.child({ component: 'http' }),
    genReqId: (req: IncomingMessage) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    },
    autoLogging: { ignore: (req: IncomingMessage) => PROBE_PATHS.has((req.url ?? '').split('?')[0] ?? '') },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: { id: unknown; method: string; url: string; headers: Record<string, unknown> }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
        user_agent: req.headers['user-agent'],
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
