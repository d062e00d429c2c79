import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import cors from 'cors';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createErrorHandler, notFoundHandler } from './error-middleware';
import { createRequestLogger } from './middleware/request-logger';
import { createHealthRouter, type HealthRouteDeps } from './routes/health';

export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly health: HealthRouteDeps;
  /** Area routers (auth, cache, search, …) mounted in order after the health routes. */
  readonly routers?: readonly Router[];
}

/** Builds the Express app without listening, so tests drive it with supertest and main.ts owns the server. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(createRequestLogger(deps.logger));
  app.use(helmet());
  app.use(corsMiddleware(deps.config));
  app.use(createHealthRouter(deps.health));
  for (const router of deps.routers ?? []) app.use(router);
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
