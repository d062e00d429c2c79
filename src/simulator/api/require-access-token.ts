import type { RequestHandler } from 'express';
import type { OAuthState } from '../oauth/oauth-state';
import { authenticationFailedBody, generalAuthenticationErrorXml } from '../http/fault-bodies';

/**
 * Every v3 call needs `Authorization: Bearer <access token>`. A missing, unknown, revoked or expired token gets 401
 * with the AuthenticationFailed body (code 3200, docs/quickbooks.md#faults). A valid token used with another
 * company's realmId (or an unknown realm) gets QBO's XML "General Authentication Error" 401 — the documented symptom
 * of a wrong realm. The detail shows only the first characters of a token, as Intuit's does.
 */
export function requireAccessToken(oauth: OAuthState, now: () => number): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!match?.[1]) {
      res.status(401).json(authenticationFailedBody('Token missing: no Bearer token in the Authorization header', now()));
      return;
    }
    const token = match[1];
    const check = oauth.checkAccessToken(token);
    if (!check.ok) {
      const detail = `${check.reason === 'expired' ? 'Token expired' : 'Token revoked or invalid'}: ${token.slice(0, 6)}...`;
      res.status(401).json(authenticationFailedBody(detail, now()));
      return;
    }
    if (check.realmId !== req.params.realmId) {
      res.status(401).type('application/xml').send(generalAuthenticationErrorXml(now()));
      return;
    }
    next();
  };
}
