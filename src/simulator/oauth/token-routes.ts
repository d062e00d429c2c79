import express, { type Request, type Response, type Router } from 'express';
import type { Counters } from '../http/counters';
import type { OAuthState } from './oauth-state';

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Intuit authenticates the app with HTTP Basic only (docs/quickbooks.md#token-endpoint). */
function clientAuthenticated(req: Request, client: ClientCredentials): boolean {
  const match = /^Basic\s+(.+)$/i.exec(req.get('authorization') ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && decoded.slice(0, colon) === client.clientId && decoded.slice(colon + 1) === client.clientSecret;
}

function oauthError(res: Response, status: number, error: string, description?: string): void {
  res.status(status).set('Cache-Control', 'no-store').json(description === undefined ? { error } : { error, error_description: description });
}

const field = (body: unknown, name: string): string | undefined => {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * `POST /oauth2/v1/tokens/bearer` (form-urlencoded, docs/quickbooks.md#token-endpoint) and
 * `POST /v2/oauth2/tokens/revoke` (JSON as intuit-oauth sends it, form as node-quickbooks sends it,
 * docs/quickbooks.md#revoke). Tokens are never logged.
 */
export function createTokenRoutes(client: ClientCredentials, oauth: OAuthState, counters: Counters): Router {
  const router = express.Router();
  const forms = express.urlencoded({ extended: false });
  const json = express.json();

  router.post('/oauth2/v1/tokens/bearer', forms, (req, res) => {
    const grantType = field(req.body, 'grant_type');
    counters.tokenRequest(grantType ?? '(none)');
    if (!clientAuthenticated(req, client)) return oauthError(res, 401, 'invalid_client');
    if (!grantType) return oauthError(res, 400, 'invalid_request', 'grant_type is required');
    let result;
    if (grantType === 'authorization_code') {
      const code = field(req.body, 'code');
      const redirectUri = field(req.body, 'redirect_uri');
      if (!code || !redirectUri) return oauthError(res, 400, 'invalid_request', 'code and redirect_uri are required');
      result = oauth.exchangeCode(code, redirectUri);
    } else if (grantType === 'refresh_token') {
      const refreshToken = field(req.body, 'refresh_token');
      if (!refreshToken) return oauthError(res, 400, 'invalid_request', 'refresh_token is required');
      result = oauth.refresh(refreshToken);
      if (!result.ok && result.superseded) counters.supersededRefreshToken();
    } else {
      return oauthError(res, 400, 'unsupported_grant_type');
    }
    if (!result.ok) return oauthError(res, 400, 'invalid_grant', result.description);
    counters.tokenGrant(grantType);
    const { hard_expires_in: hardExpiresIn, ...grant } = result.grant;
    const includeHard = (req.get('x-include-refresh-token-hard-expires-in') ?? '').toLowerCase() === 'true';
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' }).json({
      token_type: 'bearer',
      ...grant,
      ...(includeHard ? { x_refresh_token_hard_expires_in: hardExpiresIn } : {}),
    });
  });

  router.post('/v2/oauth2/tokens/revoke', forms, json, (req, res) => {
    if (!clientAuthenticated(req, client)) return oauthError(res, 401, 'invalid_client');
    const token = field(req.body, 'token');
    if (!token) return oauthError(res, 400, 'invalid_request', 'token is required');
    if (oauth.revoke(token)) counters.revocation();
    res.status(200).end();
  });

  return router;
}
