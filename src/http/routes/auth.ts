import { Router, type NextFunction, type Request, type Response } from 'express';
import {
  ConnectCallbackError,
  OAuthRejectedError,
  OAuthUnavailableError,
  type ConnectFlow,
} from '../../auth';
import { companyOf, type CompanyDirectory } from '../company-scope';
import type { Config } from '../../config';
import { AppError } from '../errors';
import { renderCallbackFailure } from '../views/callback-failure';

export interface AuthRouteDeps {
  readonly config: Config;
  readonly companies: CompanyDirectory;
  readonly connectFlow: ConnectFlow;
  readonly adminGuard: (req: Request, res: Response, next: NextFunction) => void;
  /** The admin/auth rate limit, for `/callback` (the admin guard already includes it). */
  readonly rateLimit: (req: Request, res: Response, next: NextFunction) => void;
}

/** Connect, callback, refresh, disconnect and the redacted config view (README, HTTP API). */
export function createAuthRouter(deps: AuthRouteDeps): Router {
  const router = Router();
  const { adminGuard, connectFlow } = deps;

  router.post('/api/auth/connect', adminGuard, async (_req, res) => {
    const { authorizeUrl, expiresAt } = await connectFlow.begin();
    res.set('Cache-Control', 'no-store').json({ authorize_url: authorizeUrl, expires_at: new Date(expiresAt).toISOString() });
  });

  router.get('/callback', deps.rateLimit, async (req, res) => {
    try {
      await connectFlow.complete({
        code: single(req.query.code),
        state: single(req.query.state),
        realmId: single(req.query.realmId),
        error: single(req.query.error),
      });
      res.redirect(302, '/');
    } catch (err) {
      if (!(err instanceof ConnectCallbackError)) throw err;
      req.log?.warn({ reason: err.code }, 'OAuth callback rejected');
      res.status(400).set('Cache-Control', 'no-store');
      res.format({
        html: () => res.send(renderCallbackFailure(err.message)),
        default: () => res.json({ error: err.code, message: err.message }),
      });
    }
  });

  router.post('/api/auth/refresh', adminGuard, async (req, res) => {
    const { tokenManager } = companyOf(deps.companies, req);
    const status = await tokenCall(() => tokenManager.forceRefresh());
    res.json({
      message: 'Access token refreshed',
      token_expires_at: isoOrNull(status.accessTokenExpiresAt),
      refresh_token_expires_at: isoOrNull(status.refreshTokenExpiresAt),
    });
  });

  router.post('/api/auth/disconnect', adminGuard, async (req, res) => {
    const company = companyOf(deps.companies, req);
    const result = await tokenCall(() => company.disconnect());
    if (!result) throw new AppError('not_connected', 'No QuickBooks company is connected');
    res.json({ message: 'Disconnected from QuickBooks', company_id: result.realmId, revoked: result.revoked });
  });

  router.get('/api/config', adminGuard, (req, res) => {
    const status = companyOf(deps.companies, req).tokenManager.status();
    const clientId = deps.config.quickbooks.clientId;
    res.set('Cache-Control', 'no-store').json({
      company_id: status.realmId,
      client_id: clientId ? `${clientId.slice(0, 10)}...` : null,
      has_access_token: status.hasAccessToken,
      has_refresh_token: status.hasRefreshToken,
      token_expires_at: isoOrNull(status.accessTokenExpiresAt),
      refresh_token_expires_at: isoOrNull(status.refreshTokenExpiresAt),
      environment: deps.config.quickbooks.environment,
      mode: deps.config.mode,
    });
  });

  return router;
}

/**
 * Maps Intuit's refusals to API errors (the error middleware answers NotConnectedError); anything else is a bug and
 * becomes a masked 500.
 */
async function tokenCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof OAuthUnavailableError || err instanceof OAuthRejectedError) {
      throw new AppError('quickbooks_error', `QuickBooks could not complete the request: ${err.message}`);
    }
    throw err;
  }
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
