import type { RequestHandler } from 'express';
import type { OAuthState } from './oauth-state';

export interface AuthorizeSettings {
  readonly clientId: string;
  /** The company an authorization grants unless the consent queue picked another. */
  readonly realmId: string;
  /** Registered redirect URIs; empty means any http(s) URI is accepted. */
  readonly redirectUris: readonly string[];
}

/**
 * The consent screen's outcome for the next authorizations: control makes some of them "user declined", and picks
 * the company the user connects.
 */
export interface ConsentQueue {
  deny(count: number): void;
  /** True when this authorization must be denied (and consumes one denial). */
  takeDenial(): boolean;
  /** The company the next authorization grants. */
  pick(realmId: string): void;
  /** The picked company (consumed), else undefined. */
  takePick(): string | undefined;
}

export function createConsentQueue(): ConsentQueue {
  let pending = 0;
  let picked: string | undefined;
  return {
    deny: (count) => { pending += Math.max(0, Math.floor(count)); },
    takeDenial: () => (pending > 0 ? (pending--, true) : false),
    pick: (realmId) => { picked = realmId; },
    takePick: () => {
      const realmId = picked;
      picked = undefined;
      return realmId;
    },
  };
}

const ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';

function errorPage(message: string): string {
  return `<!DOCTYPE html><html><head><title>Intuit</title></head><body><h1>Something went wrong</h1><p>${message}</p></body></html>`;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * `GET /connect/oauth2` (docs/quickbooks.md#authorization). There is no login screen: the simulated user consents at
 * once and is sent back with `code`, `state` and `realmId`. A bad client or redirect URI gets an error page and never
 * a redirect (an unregistered URI must not receive anything); other errors go back to the app as `error=…`.
 */
export function createAuthorizeRoute(settings: AuthorizeSettings, oauth: OAuthState, consent: ConsentQueue): RequestHandler {
  return (req, res) => {
    const param = (name: string): string | undefined => (typeof req.query[name] === 'string' ? req.query[name] : undefined);
    const clientId = param('client_id');
    const redirectUri = param('redirect_uri');
    if (clientId !== settings.clientId) {
      res.status(400).type('text/html').send(errorPage('The client_id is not valid for this app.'));
      return;
    }
    const registered = settings.redirectUris.length === 0 ? redirectUri !== undefined && isHttpUrl(redirectUri) : settings.redirectUris.includes(redirectUri ?? '');
    if (!redirectUri || !registered) {
      res.status(400).type('text/html').send(errorPage('The redirect_uri query parameter value is invalid. Make sure it is listed in the Redirect URIs section on your app\'s keys tab.'));
      return;
    }
    const back = new URL(redirectUri);
    const state = param('state');
    const answer = (values: Record<string, string>) => {
      for (const [key, value] of Object.entries(values)) back.searchParams.set(key, value);
      if (state !== undefined) back.searchParams.set('state', state);
      res.redirect(302, back.toString());
    };
    const scopes = (param('scope') ?? '').split(/[\s+]+/).filter(Boolean);
    if (param('response_type') !== 'code') return answer({ error: 'unsupported_response_type' });
    if (!scopes.includes(ACCOUNTING_SCOPE)) return answer({ error: 'invalid_scope' });
    if (consent.takeDenial()) return answer({ error: 'access_denied' });
    const realmId = consent.takePick() ?? settings.realmId;
    answer({ code: oauth.issueCode(redirectUri, realmId), realmId });
  };
}
