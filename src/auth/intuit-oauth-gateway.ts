import OAuthClient from 'intuit-oauth';
import { InvalidGrantError, OAuthRejectedError, OAuthUnavailableError } from './errors';

export interface OAuthSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly environment: 'sandbox' | 'production';
  readonly redirectUri: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  /** intuit-oauth's own retry of 408/429/5xx and dropped connections (default 3 retries, 1 s doubling). */
  readonly retry?: { readonly maxRetries: number; readonly retryDelayMs: number };
}

/** What the token endpoint answered: the raw JSON (validated by the caller) and Intuit's request id. */
export interface TokenResponse {
  readonly body: unknown;
  readonly intuitTid?: string;
}

export interface OAuthGateway {
  authorizeUrl(state: string): string;
  exchangeCode(code: string, realmId: string): Promise<TokenResponse>;
  refresh(refreshToken: string): Promise<TokenResponse>;
  revoke(token: string): Promise<void>;
}

const USER_INFO_URLS = {
  sandbox: 'https://sandbox-accounts.platform.intuit.com/v1/openid_connect/userinfo',
  production: 'https://accounts.platform.intuit.com/v1/openid_connect/userinfo',
} as const;

/**
 * The only place that talks to intuit-oauth. Its endpoints and retry settings are class-level statics shared
 * by every client in the process, and `setAuthorizeURLs` blanks any key left out (docs/quickbooks.md#intuit-oauth),
 * so all four are set right before each call: the library reads them synchronously when it builds the request.
 * The library keeps one token inside the client; we never rely on it (each call passes the token explicitly,
 * and validity is computed by TokenManager from the persisted `createdAt`).
 */
export function createOAuthGateway(settings: OAuthSettings): OAuthGateway {
  const client = new OAuthClient({
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    environment: settings.environment,
    redirectUri: settings.redirectUri,
    // Ask Intuit for the five-year hard expiry of the refresh token (docs/quickbooks.md#token-endpoint).
    includeRefreshTokenHardExpiresIn: true,
    logging: false, // its file log writes whole token responses to ./logs
  });

  const useEndpoints = () => {
    client.setAuthorizeURLs({
      authorizeEndpoint: settings.authorizeUrl,
      tokenEndpoint: settings.tokenUrl,
      revokeEndpoint: settings.revokeUrl,
      userInfoEndpoint: USER_INFO_URLS[settings.environment],
    });
    if (settings.retry) {
      OAuthClient.retryConfig.maxRetries = settings.retry.maxRetries;
      OAuthClient.retryConfig.retryDelay = settings.retry.retryDelayMs;
    }
  };

  return {
    authorizeUrl(state) {
      useEndpoints();
      return client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state });
    },
    async exchangeCode(code, realmId) {
      useEndpoints();
      const query = new URLSearchParams({ code, realmId }).toString();
      return toTokenResponse(await client.createToken(`${settings.redirectUri}?${query}`).catch(rethrow));
    },
    async refresh(refreshToken) {
      useEndpoints();
      return toTokenResponse(await client.refreshUsingToken(refreshToken).catch(rethrow));
    },
    async revoke(token) {
      useEndpoints();
      await client.revoke({ refresh_token: token }).catch(rethrow);
    },
  };
}

interface AuthResponseLike {
  json?: unknown;
  getJson?: () => unknown;
  headers?: () => Record<string, unknown> | undefined;
  intuit_tid?: string;
}

function toTokenResponse(response: AuthResponseLike | null | undefined): TokenResponse {
  const body = response?.getJson ? response.getJson() : response?.json;
  return { body, intuitTid: response?.intuit_tid };
}

/** intuit-oauth wraps token-endpoint failures in a plain Error with `error`, `intuit_tid`, `originalMessage`. */
function rethrow(err: unknown): never {
  const source = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  const oauthError = typeof source.error === 'string' ? source.error : '';
  const intuitTid = typeof source.intuit_tid === 'string' && source.intuit_tid ? source.intuit_tid : undefined;
  const status = statusOf(source);
  if (oauthError === 'invalid_grant') throw new InvalidGrantError(intuitTid);
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    throw new OAuthRejectedError(oauthError || `HTTP ${status}`, intuitTid);
  }
  const reason = status !== undefined ? `HTTP ${status}` : String(source.code ?? source.originalMessage ?? 'network error');
  throw new OAuthUnavailableError(`Intuit's OAuth endpoint is unavailable (${reason})`, intuitTid);
}

function statusOf(source: Record<string, unknown>): number | undefined {
  const authResponse = source.authResponse as { response?: { status?: unknown } } | undefined;
  const fromAuth = authResponse?.response?.status;
  if (typeof fromAuth === 'number') return fromAuth;
  const match = /status code (\d{3})/.exec(String(source.originalMessage ?? source.message ?? ''));
  return match ? Number(match[1]) : undefined;
}
