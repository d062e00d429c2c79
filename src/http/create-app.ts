import path from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
import cors from 'cors';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createErrorHandler, notFoundHandler } from './error-middleware';
import { createRequestLogger } from './middleware/request-logger';
import { createSecurityHeaders } from './middleware/security-headers';
import { createHealthRouter, type HealthRouteDeps } from './routes/health';

/** The status page (`GET /`): plain files, no build step; the same path from `src/http` and `dist/http`. */
const PUBLIC_DIR = path.join(__dirname, '..', '..', 'public');

export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly health: HealthRouteDeps;
  /** Area routers (auth, cache, search, …) mounted in order after the health routes. */
  readonly routers?: readonly Router[];
  /** Runs first on every request (request metrics), so its timing covers every other middleware. */
  readonly observe?: RequestHandler;
}

/** Builds the Express app without listening, so tests drive it with supertest and main.ts owns the server. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  if (deps.observe) app.use(deps.observe);
  app.use(createRequestLogger(deps.logger));
  app.use(createSecurityHeaders()); // helmet's defaults, computed once
  app.use(corsMiddleware(deps.config));
  app.use(createHealthRouter(deps.health));
  for (const router of deps.routers ?? []) app.use(router);
  // After the API routers, so the search hot path never pays for a file lookup.
  app.use(express.static(PUBLIC_DIR));
  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}

/** CORS_ORIGINS (CONTRACT §1): `*` in demo, none in live unless configured. */
function corsMiddleware(config: Config) {
  const origins = config.http.corsOrigins;
  if (origins === '*') return cors({ origin: '*' });
  return cors({ origin: origins.length === 0 ? false : [...origins] });
}
