import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../store';
import { ConnectCallbackError, InvalidGrantError, OAuthUnavailableError } from './errors';
import type { OAuthGateway } from './intuit-oauth-gateway';
import type { TokenManager } from './token-manager';
import { tokenSetFromResponse, type TokenSet } from './token-set';

export interface CallbackParams {
  readonly code?: string;
  readonly state?: string;
  readonly realmId?: string;
  readonly error?: string;
}

export interface ConnectFlowDeps {
  readonly store: Store;
  readonly gateway: OAuthGateway;
  /** Hands a connected company's tokens (already stored) to its token manager: a new company, or one reconnected. */
  readonly adopt: (tokens: TokenSet) => Promise<void>;
  readonly logger: Logger;
  readonly now?: () => number;
  /** How long an authorize URL's `state` stays usable (10 minutes). */
  readonly stateTtlMs?: number;
}

export interface ConnectFlow {
  /** A fresh authorize URL whose random `state` is stored (hashed) and usable once. */
  begin(): Promise<{ authorizeUrl: string; expiresAt: number }>;
  /** Checks the callback and exchanges the code exactly once; throws ConnectCallbackError with nothing stored. */
  complete(params: CallbackParams): Promise<{ realmId: string }>;
  /** Revokes the company's grant at Intuit, then deletes its tokens and cached data. */
  disconnect(tokenManager: TokenManager): Promise<{ realmId: string; revoked: boolean } | null>;
}

/**
 * The OAuth connect flow (README, Connecting a QuickBooks company). intuit-oauth checks neither `state` nor `error`
 * and would POST an empty exchange for `error=access_denied` (docs/quickbooks.md#intuit-oauth), so every check
 * happens here before it is called, and the code is exchanged exactly once: a second exchange can invalidate the
 * tokens (docs/quickbooks.md#authorization).
 */
export function createConnectFlow(deps: ConnectFlowDeps): ConnectFlow {
  const now = deps.now ?? Date.now;
  const ttl = deps.stateTtlMs ?? 10 * 60_000;
  const log = deps.logger;

  async function checkState(state: string | undefined): Promise<void> {
    if (!state) throw new ConnectCallbackError('missing_state', 'The callback has no state parameter.');
    const result = await deps.store.consumeOAuthState(state, now());
    if (result === 'ok') return;
    const messages = {
      unknown: ['unknown_state', 'The state parameter was not issued by this service.'],
      expired: ['expired_state', 'The connect link expired; start again.'],
      used: ['used_state', 'This connect link was already used; start again.'],
    } as const;
    const [code, message] = messages[result];
    throw new ConnectCallbackError(code, message);
  }

  return {
    async begin() {
      const state = randomBytes(32).toString('base64url');
      const expiresAt = now() + ttl;
      await deps.store.saveOAuthState(state, expiresAt);
      return { authorizeUrl: deps.gateway.authorizeUrl(state), expiresAt };
    },

    async complete(params) {
      await checkState(params.state);
      if (params.error) {
        throw new ConnectCallbackError('access_denied', `QuickBooks did not authorize the connection (${params.error}).`);
      }
      if (!params.code) throw new ConnectCallbackError('missing_code', 'The callback has no authorization code.');
      if (!params.realmId || !/^\d+$/.test(params.realmId)) {
        throw new ConnectCallbackError('missing_realm', 'The callback has no valid realmId.');
      }
      const issuedAt = now();
      let tokens;
      try {
        const response = await deps.gateway.exchangeCode(params.code, params.realmId);
        tokens = tokenSetFromResponse(response.body, params.realmId, issuedAt);
      } catch (err) {
        log.error({ err, realmId: params.realmId }, 'authorization code exchange failed; nothing stored');
        throw new ConnectCallbackError('exchange_failed', 'QuickBooks did not accept the authorization code; start again.');
      }
      await deps.store.saveTokens(params.realmId, tokens);
      await deps.adopt(tokens);
      return { realmId: params.realmId };
    },

    async disconnect(tokenManager) {
      const realmId = tokenManager.realmId();
      const refreshToken = tokenManager.currentRefreshToken();
      if (!realmId) return null;
      let revoked = false;
      if (refreshToken) {
        try {
          await deps.gateway.revoke(refreshToken);
          revoked = true;
        } catch (err) {
          // Unreachable Intuit: keep everything so the operator can retry; a dead grant has nothing to revoke.
          if (err instanceof OAuthUnavailableError) throw err;
          if (!(err instanceof InvalidGrantError)) log.warn({ err, realmId }, 'revoke refused; deleting local data anyway');
        }
      }
      await deps.store.deleteRealmData(realmId);
      tokenManager.forget(realmId);
      log.info({ realmId, revoked }, 'company disconnected');
      return { realmId, revoked };
    },
  };
}
