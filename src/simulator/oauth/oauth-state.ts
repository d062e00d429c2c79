import { newAccessToken, newAuthorizationCode, newRefreshToken } from './token-strings';

export interface OAuthSettings {
  readonly realmId: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  readonly refreshTokenHardTtlSeconds: number;
  readonly now: () => number;
}

/** One app-to-company connection: what a user's consent creates and a revoke ends. */
interface Connection {
  readonly realmId: string;
  readonly hardExpiresMs: number;
  refreshToken: string;
  refreshExpiresMs: number;
  revoked: boolean;
  readonly accessTokens: Set<string>;
}

interface CodeEntry {
  readonly redirectUri: string;
  /** The company the user consented to connect. */
  readonly realmId: string;
  readonly expiresMs: number;
  used: boolean;
  connection?: Connection;
}

export interface TokenGrant {
  readonly access_token: string;
  readonly refresh_token: string;
  readonly expires_in: number;
  readonly x_refresh_token_expires_in: number;
  readonly hard_expires_in: number;
}

export type GrantResult = { readonly ok: true; readonly grant: TokenGrant } | { readonly ok: false; readonly description: string; readonly superseded?: boolean };
export type AccessCheck = { readonly ok: true; readonly realmId: string } | { readonly ok: false; readonly reason: 'expired' | 'invalid' };

/** Authorization codes live 10 minutes and are single-use (docs/quickbooks.md#authorization). */
const CODE_TTL_MS = 10 * 60_000;
export const INVALID_REFRESH_TOKEN = 'Incorrect or invalid refresh token';

/**
 * Connections, codes and tokens. Refresh tokens rotate on EVERY refresh and the previous one is rejected at once —
 * stricter than Intuit's documented 24-hour grace (docs/quickbooks.md#token-lifetimes-and-rotation) so a client that
 * does not persist each rotated token fails in tests, not in production. The rolling refresh lifetime restarts on
 * each refresh; the hard (5-year) one does not.
 */
export function createOAuthState(settings: OAuthSettings) {
  const { now } = settings;
  const codes = new Map<string, CodeEntry>();
  const accessTokens = new Map<string, { connection: Connection; expiresMs: number }>();
  const refreshTokens = new Map<string, Connection>();

  const issue = (connection: Connection): TokenGrant => {
    const nowMs = now();
    const accessToken = newAccessToken();
    accessTokens.set(accessToken, { connection, expiresMs: nowMs + settings.accessTokenTtlSeconds * 1000 });
    connection.accessTokens.add(accessToken);
    connection.refreshToken = newRefreshToken(nowMs);
    connection.refreshExpiresMs = Math.min(nowMs + settings.refreshTokenTtlSeconds * 1000, connection.hardExpiresMs);
    refreshTokens.set(connection.refreshToken, connection);
    return {
      access_token: accessToken,
      refresh_token: connection.refreshToken,
      expires_in: settings.accessTokenTtlSeconds,
      x_refresh_token_expires_in: Math.floor((connection.refreshExpiresMs - nowMs) / 1000),
      hard_expires_in: Math.floor((connection.hardExpiresMs - nowMs) / 1000),
    };
  };

  const revokeConnection = (connection: Connection): void => {
    connection.revoked = true;
    connection.accessTokens.forEach((token) => accessTokens.delete(token));
    connection.accessTokens.clear();
  };

  return {
    issueCode(redirectUri: string, realmId: string = settings.realmId): string {
      const code = newAuthorizationCode(now());
      codes.set(code, { redirectUri, realmId, expiresMs: now() + CODE_TTL_MS, used: false });
      return code;
    },

    exchangeCode(code: string, redirectUri: string): GrantResult {
      const entry = codes.get(code);
      if (!entry || entry.expiresMs <= now()) return { ok: false, description: 'Invalid or expired authorization code' };
      if (entry.used) {
        // Intuit staff: a second exchange "would invalidate the token for that auth code"
        // (docs/quickbooks.md#authorization).
        if (entry.connection) revokeConnection(entry.connection);
        return { ok: false, description: 'Authorization code has already been used' };
      }
      if (entry.redirectUri !== redirectUri) return { ok: false, description: 'redirect_uri does not match the authorization request' };
      entry.used = true;
      const nowMs = now();
      const connection: Connection = {
        realmId: entry.realmId, hardExpiresMs: nowMs + settings.refreshTokenHardTtlSeconds * 1000,
        refreshToken: '', refreshExpiresMs: 0, revoked: false, accessTokens: new Set(),
      };
      entry.connection = connection;
      return { ok: true, grant: issue(connection) };
    },

    refresh(refreshToken: string): GrantResult {
      const connection = refreshTokens.get(refreshToken);
      if (!connection || connection.revoked) return { ok: false, description: INVALID_REFRESH_TOKEN };
      if (connection.refreshToken !== refreshToken) return { ok: false, description: INVALID_REFRESH_TOKEN, superseded: true };
      if (connection.refreshExpiresMs <= now()) return { ok: false, description: INVALID_REFRESH_TOKEN };
      return { ok: true, grant: issue(connection) };
    },

    /** Revoking either token ends the whole connection; unknown tokens are ignored (RFC 7009 answers 200 anyway). */
    revoke(token: string): boolean {
      const connection = refreshTokens.get(token) ?? accessTokens.get(token)?.connection;
      if (!connection) return false;
      revokeConnection(connection);
      return true;
    },

    checkAccessToken(token: string): AccessCheck {
      const entry = accessTokens.get(token);
      if (!entry || entry.connection.revoked) return { ok: false, reason: 'invalid' };
      if (entry.expiresMs <= now()) return { ok: false, reason: 'expired' };
      return { ok: true, realmId: entry.connection.realmId };
    },

    /** Control: expire one access token or all of them; returns how many were live. */
    expireAccessTokens(token?: string): number {
      let expired = 0;
      const nowMs = now();
      for (const [key, entry] of accessTokens) {
        if ((token === undefined || key === token) && entry.expiresMs > nowMs) {
          entry.expiresMs = nowMs;
          expired++;
        }
      }
      return expired;
    },

    /** Control: make one refresh token (or every current one) invalid, as the 100-day expiry or a disconnect would. */
    revokeRefreshTokens(token?: string): number {
      let revoked = 0;
      for (const [key, connection] of refreshTokens) {
        if ((token === undefined || key === token) && connection.refreshToken === key && connection.refreshExpiresMs > 0) {
          connection.refreshExpiresMs = 0;
          revoked++;
        }
      }
      return revoked;
    },
  };
}

export type OAuthState = ReturnType<typeof createOAuthState>;
