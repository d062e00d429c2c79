import path from 'node:path';
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createErrorHandler, notFoundHandler } from './error-middleware';
import { createCors } from './middleware/cors';
import { createRequestLogger } from './middleware/request-logger';
import { createHealthRouter, type HealthRouteDeps } from './routes/health';

/** The status page (`GET /`): plain files, no build step; the same path from `src/http` and `dist/http`. */
const PUBLIC_DIR = path.join(__dirname, '..', '..', 'public');

export interface AppDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly health: HealthRouteDeps;
  /** Routes registered on the app's own router first: the hot path (search), without a nested router's dispatch. */
  readonly mountRoutes?: (app: Express) => void;
  /** Area routers (cache, auth, …) mounted in order after `mountRoutes`. */
  readonly routers?: readonly Router[];
  /** Runs first on every request (request metrics), so its timing covers every other middleware. */
  readonly observe?: RequestHandler;
  /** Runs before the request logger: maps `/api/companies/:realmId/<route>` onto `/api/<route>` (company-scope.ts). */
  readonly scope?: RequestHandler;
}

/** Builds the Express app without listening, so tests drive it with supertest and main.ts owns the server. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // The middlewares every request goes through, in this order.
  if (deps.observe) app.use(deps.observe);
  if (deps.scope) app.use(deps.scope);
  app.use(createRequestLogger(deps.logger));
  app.use(helmet());
  const cors = createCors(deps.config.http.corsOrigins);
  if (cors) app.use(cors);
  // The area routers first: no path of theirs overlaps the health routes, and the typeahead search (one request
  // per keystroke) then skips the health router's matching; probes arriving every few seconds pay it instead.
  deps.mountRoutes?.(app);
  for (const router of deps.routers ?? []) app.use(router);
  app.use(createHealthRouter(deps.health));
  // After the API routers, so the search hot path never pays for a file lookup.
  app.use(express.static(PUBLIC_DIR));
  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}
