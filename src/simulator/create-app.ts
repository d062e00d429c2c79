import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from 'pino';
import { createApiRoutes } from './api/api-routes';
import { requireAccessToken } from './api/require-access-token';
import type { RequestLimits } from './api/request-limits';
import type { CompanyStore } from './company-store';
import { createControlRoutes } from './http/control-routes';
import type { Counters } from './http/counters';
import { faultBodies } from './http/fault-bodies';
import type { FaultInjector } from './http/fault-injection';
import { createRequestTracking } from './http/request-tracking';
import { createAuthorizeRoute, type AuthorizeSettings, type ConsentQueue } from './oauth/authorize-route';
import type { OAuthState } from './oauth/oauth-state';
import { createTokenRoutes, type ClientCredentials } from './oauth/token-routes';
import type { SimulatorControl } from './types';

export interface AppDeps {
  readonly settings: AuthorizeSettings & ClientCredentials & { readonly controlOverHttp: boolean };
  /** Each company's records, by realm id. */
  readonly storeOf: (realmId: string) => CompanyStore | undefined;
  /** A company's CompanyInfo.CompanyName. */
  readonly companyNameOf?: (realmId: string) => string | undefined;
  readonly oauth: OAuthState;
  readonly consent: ConsentQueue;
  readonly faults: FaultInjector;
  readonly counters: Counters;
  readonly limits: RequestLimits;
  readonly latency: { readonly middleware: express.RequestHandler };
  readonly control: SimulatorControl;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * Order matters: tracking (intuit_tid, counters) → control (never faulted) → injected faults (like a failing
 * network in front of Intuit) → the route's own checks: OAuth routes, or API auth → per-realm limits → latency.
 */
export function createSimulatorApp(deps: AppDeps): Express {
  const { settings, now } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(createRequestTracking(deps.counters, deps.logger, now));
  if (settings.controlOverHttp) app.use('/__control', createControlRoutes(deps.control));
  else app.use('/__control', (_req, res) => { res.status(404).json({ error: 'not_found', message: 'control over HTTP is off' }); });
  app.use(deps.faults.middleware);

  app.get('/connect/oauth2', deps.latency.middleware, createAuthorizeRoute(settings, deps.oauth, deps.consent));
  app.use(['/oauth2', '/v2/oauth2'], deps.latency.middleware);
  app.use(createTokenRoutes(settings, deps.oauth, deps.counters));
  app.use(
    '/v3/company/:realmId',
    requireAccessToken(deps.oauth, now),
    deps.limits.middleware,
    deps.latency.middleware,
    createApiRoutes(deps.storeOf, now, deps.companyNameOf),
  );

  app.use((_req, res) => { res.status(404).json({ error: 'not_found', message: 'No such route on the QuickBooks simulator' }); });
  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    deps.logger.error({ err: error }, 'simulator route failed');
    if (res.headersSent) return void res.destroy();
    res.status(500).json(faultBodies.systemError(500, now()));
  };
  app.use(onError);
  return app;
}
