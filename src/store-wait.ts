/**
 * Opening the store when its database may not be up yet (README, The store): a database that cannot be reached at
 * start does not stop the process. Until it answers, the port answers too: `/api/health` 200 with `unhealthy` and
 * the reason, `/api/health/ready` 503, every other route 503 `store_unavailable`; the open is retried with backoff.
 * Anything else that fails the open (a schema from a newer build, a SECRET_KEY that does not fit) stops the process.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from './config';
import { openStore, StoreUnavailableError, type Store } from './store';

const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function openConfiguredStore(config: Config, logger: Logger): Promise<Store> {
  return openStore({
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
    dataDir: config.dataDir,
    secretKey: config.secretKey,
    allowGeneratedKey: config.mode === 'demo',
    logger: logger.child({ component: 'store' }),
  });
}

/**
 * Opens the store, retrying while its database cannot be reached; `waiting` is called with a handler to answer
 * requests meanwhile (once, at the first failure). Rejects with `signal.reason` when stopped while waiting.
 */
export async function openStoreWhenReachable(config: Config, logger: Logger, waiting: (handler: RequestHandler) => Promise<void>, signal: AbortSignal): Promise<Store> {
  let delayMs = FIRST_RETRY_MS;
  let problem: string | null = null;
  const since = new Date().toISOString();
  for (;;) {
    signal.throwIfAborted();
    try {
      return await openConfiguredStore(config, logger);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      if (problem === null) {
        problem = `the store's database cannot be reached (since ${since}): ${err.message}`;
        logger.error({ err }, "the store's database cannot be reached at start; retrying with backoff, the health routes answer meanwhile");
        await waiting(waitingHandler(config, () => problem ?? ''));
      }
      await abortableSleep(delayMs, signal);
      delayMs = Math.min(delayMs * 2, LONGEST_RETRY_MS);
    }
  }
}

function waitingHandler(config: Config, problem: () => string): RequestHandler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
      res.end(JSON.stringify(body));
    };
    if (path === '/api/health') {
      reply(200, { status: 'unhealthy', timestamp: new Date().toISOString(), mode: config.mode, authenticated: false, connection: 'not_connected', cache_age_minutes: null, reasons: [problem()] });
    } else if (path === '/api/health/ready') {
      reply(503, { ready: false, reason: problem() });
    } else {
      reply(503, { error: 'store_unavailable', message: 'The service is waiting for its database; try again shortly' }, { 'Retry-After': '5' });
    }
  };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
