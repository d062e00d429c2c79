import type { Logger } from 'pino';
import type { Store } from '../store';
import { InvalidGrantError, NotConnectedError, OAuthUnavailableError } from './errors';
import type { OAuthGateway } from './intuit-oauth-gateway';
import { createListeners, type TokenEvents } from './token-events';
import { expiriesOf, refreshTokenDeadline, tokenSetFromResponse, type TokenSet } from './token-set';
import type { ConnectionState, TokenStatus } from './token-status';
import { UnsavedTokens } from './unsaved-tokens';

export interface TokenManagerDeps {
  readonly store: Store;
  readonly gateway: OAuthGateway;
  readonly logger: Logger;
  /** The company whose tokens this manager holds; without one it holds none (no company is connected). */
  readonly realmId?: string;
  readonly now?: () => number;
  /** Refresh when less than this is left of the access token (10 minutes). */
  readonly refreshBufferMs?: number;
  /** Warn when a refresh-token expiry is closer than this (14 days). */
  readonly expiryWarningMs?: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** An access token this close to expiry is not handed out even when a refresh failed. */
const MIN_USABLE_MS = MINUTE;

/**
 * Holds one company's tokens and keeps them alive (one manager per company: companies/). Rules (docs/quickbooks.md#token-lifetimes-and-rotation):
 * - refresh only inside a 10-minute buffer, never on every tick: each refresh may rotate the refresh token;
 * - one refresh in flight however many callers ask (a second concurrent refresh would present a superseded
 *   refresh token and get `invalid_grant`), and one per rotation across the processes sharing a store
 *   (Store.rotateTokens: with PostgreSQL the stored tokens are locked across Intuit's call, and the others adopt them);
 * - the new set is committed to the store before anyone uses it, so a crash never loses the live token;
 * - on `invalid_grant`, re-read the store (another writer may have rotated it) before giving up and marking the
 *   realm `reconnect_required`; the cache keeps serving and no more QuickBooks calls are made.
 */
export class TokenManager {
  private tokens: TokenSet | null = null;
  private connection: ConnectionState = 'not_connected';
  private inflight: Promise<TokenSet> | null = null;
  /** A refreshed set Intuit issued that the store has not kept yet. */
  private readonly unsaved: UnsavedTokens;
  private readonly listeners = createListeners();
  private readonly now: () => number;
  private readonly bufferMs: number;
  private readonly warningMs: number;
  private lastExpiryWarning = 0;

  constructor(private readonly deps: TokenManagerDeps) {
    this.now = deps.now ?? Date.now;
    this.bufferMs = deps.refreshBufferMs ?? 10 * MINUTE;
    this.warningMs = deps.expiryWarningMs ?? 14 * DAY;
    this.unsaved = new UnsavedTokens(deps);
  }

  /** Loads the company's stored tokens, if any. */
  async init(): Promise<void> {
    const { store, realmId } = this.deps;
    if (realmId === undefined) return;
    this.tokens = await store.getTokens(realmId);
    if (this.tokens === null) return;
    const state = await store.getRealmState(realmId);
    this.connection = state?.status === 'reconnect_required' ? 'reconnect_required' : 'connected';
    this.deps.logger.info({ realmId, connection: this.connection }, 'loaded stored tokens');
    this.warnIfExpiring();
  }

  on<E extends keyof TokenEvents>(event: E, listener: TokenEvents[E]): () => void {
    return this.listeners.on(event, listener);
  }

  realmId(): string | null {
    return this.tokens?.realmId ?? null;
  }

  /** The company QuickBooks can be called for; NotConnectedError (saying why) when there is none. */
  connectedRealm(): string {
    return this.connectedTokens().realmId;
  }

  status(): TokenStatus {
    const expiries = this.tokens ? expiriesOf(this.tokens) : null;
    return {
      realmId: this.realmId(),
      connection: this.connection,
      hasAccessToken: Boolean(this.tokens?.accessToken),
      hasRefreshToken: Boolean(this.tokens?.refreshToken),
      accessTokenExpiresAt: this.tokens?.accessToken ? (expiries?.accessTokenExpiresAt ?? null) : null,
      refreshTokenExpiresAt: expiries?.refreshTokenExpiresAt ?? null,
      refreshTokenHardExpiresAt: expiries?.refreshTokenHardExpiresAt ?? null,
    };
  }

  /** A valid access token, refreshed first when less than the buffer remains. */
  async getAccessToken(): Promise<string> {
    const tokens = this.connectedTokens();
    if (this.msLeft(tokens) > this.bufferMs) return tokens.accessToken;
    try {
      return (await this.refreshOnce()).accessToken;
    } catch (err) {
      // Intuit unreachable: the old access token is still good for a while, and the next caller retries.
      if (err instanceof OAuthUnavailableError && this.tokens && this.msLeft(this.tokens) > MIN_USABLE_MS) {
        this.deps.logger.warn({ err }, 'token refresh failed; using the current access token while it lasts');
        return this.tokens.accessToken;
      }
      throw err;
    }
  }

  /** For QBO 401s: refresh once, unless another caller already replaced the rejected token. */
  async renewAfterRejection(rejectedAccessToken: string): Promise<string> {
    const tokens = this.connectedTokens();
    if (tokens.accessToken !== rejectedAccessToken) return tokens.accessToken;
    return (await this.refreshOnce()).accessToken;
  }

  /** `POST /api/auth/refresh`: refresh now, whatever is left. */
  async forceRefresh(): Promise<TokenStatus> {
    this.connectedTokens();
    await this.refreshOnce();
    return this.status();
  }

  /** The five-minute job: refresh only inside the buffer, and warn about approaching refresh-token expiry. */
  async refreshIfDue(): Promise<void> {
    this.warnIfExpiring();
    if (this.connection !== 'connected' || !this.tokens) return;
    if (this.msLeft(this.tokens) > this.bufferMs) return;
    await this.refreshOnce();
  }

  /** Adopts a token set from a completed connect flow (already validated and stored by the caller). */
  async adoptConnection(tokens: TokenSet): Promise<void> {
    await this.deps.store.addCompany(tokens.realmId);
    await this.deps.store.setRealmState(tokens.realmId, { status: 'connected', updatedAt: this.now() });
    this.tokens = tokens;
    this.connection = 'connected';
    this.deps.logger.info({ realmId: tokens.realmId }, 'company connected');
    this.listeners.emit('connected', tokens.realmId);
  }

  /** Forgets the connection locally (after the caller revoked it at Intuit and deleted the realm's data). */
  forget(realmId: string): void {
    if (this.tokens?.realmId !== realmId) return;
    this.tokens = null;
    this.connection = 'not_connected';
    this.listeners.emit('disconnected', realmId);
  }

  /** The current refresh token, for revocation only. */
  currentRefreshToken(): string | null {
    return this.tokens?.refreshToken ?? null;
  }

  private refreshOnce(): Promise<TokenSet> {
    const realmId = this.tokens?.realmId;
    this.inflight ??= this.refreshWithReread()
      .catch((err: unknown) => {
        // invalid_grant has its own event (reconnect_required); not being connected is no refresh attempt at all.
        if (!(err instanceof NotConnectedError) && realmId) this.listeners.emit('refresh_failed', realmId);
        throw err;
      })
      .finally(() => (this.inflight = null));
    return this.inflight;
  }

  private async refreshWithReread(): Promise<TokenSet> {
    const current = this.connectedTokens();
    try {
      return await this.rotate(current);
    } catch (err) {
      if (!(err instanceof InvalidGrantError)) throw err;
      const stored = await this.deps.store.getTokens(current.realmId);
      if (stored && stored.refreshToken !== current.refreshToken) {
        this.deps.logger.warn({ realmId: current.realmId }, 'refresh token was rotated by another writer; using the stored one');
        this.tokens = stored;
        if (this.msLeft(stored) > this.bufferMs) return stored;
        return this.rotate(stored).catch((again: unknown) => this.giveUpOn(again, stored.realmId));
      }
      return this.giveUpOn(err, current.realmId);
    }
  }

  /**
   * One refresh per rotation across every process sharing the store (Store.rotateTokens: the stored tokens are locked
   * across Intuit's call). A set another process rotated in meanwhile is adopted without calling Intuit.
   */
  private async rotate(current: TokenSet): Promise<TokenSet> {
    // Our newest set is not stored yet (the store was unreachable): the store's compare would see a spent token.
    if (this.unsaved.pending()) return this.exchangeAndStore(current.realmId, current.refreshToken);
    let intuitTid: string | undefined;
    const rotation = await this.deps.store.rotateTokens(current.realmId, current.refreshToken, async (stored) => {
      const issuedAt = this.now(); // taken before the call: expiries err on the early side
      const response = await this.deps.gateway.refresh(stored.refreshToken);
      intuitTid = response.intuitTid;
      return tokenSetFromResponse(response.body, stored.realmId, issuedAt);
    });
    this.tokens = rotation.tokens;
    if (!rotation.rotated) {
      this.deps.logger.info({ realmId: current.realmId }, 'tokens were refreshed by another process sharing the store; using them');
      return rotation.tokens;
    }
    if (!rotation.saved) this.unsaved.keep(rotation.tokens, current.refreshToken);
    this.announceRefresh(rotation.tokens, intuitTid);
    return rotation.tokens;
  }

  /** Nothing is stored for the realm to lock (the headless bootstrap), or our newest set is not stored yet. */
  private async exchangeAndStore(realmId: string, refreshToken: string): Promise<TokenSet> {
    const issuedAt = this.now(); // taken before the call: expiries err on the early side
    const response = await this.deps.gateway.refresh(refreshToken);
    const next = tokenSetFromResponse(response.body, realmId, issuedAt);
    await this.deps.store.saveTokens(realmId, next); // durable before it is used
    this.tokens = next;
    this.unsaved.clear();
    this.announceRefresh(next, response.intuitTid);
    return next;
  }

  private announceRefresh(next: TokenSet, intuitTid: string | undefined): void {
    const { realmId } = next;
    const expiries = expiriesOf(next);
    this.deps.logger.info(
      {
        realmId,
        access_token_expires_at: new Date(expiries.accessTokenExpiresAt).toISOString(),
        refresh_token_expires_at: new Date(expiries.refreshTokenExpiresAt).toISOString(),
        intuit_tid: intuitTid,
      },
      'access token refreshed',
    );
    this.listeners.emit('refreshed', realmId);
    this.warnIfExpiring();
  }

  private async giveUpOn(err: unknown, realmId: string): Promise<never> {
    if (!(err instanceof InvalidGrantError)) throw err;
    await this.deps.store.setRealmState(realmId, { status: 'reconnect_required', reason: 'invalid_grant', updatedAt: this.now() });
    this.connection = 'reconnect_required';
    this.deps.logger.error({ realmId, intuit_tid: err.intuitTid }, 'refresh token rejected by Intuit: reconnect required');
    this.listeners.emit('reconnect_required', realmId);
    throw new NotConnectedError('reconnect_required');
  }

  /**
   * Headless bootstrap (QUICKBOOKS_REALM_ID + QUICKBOOKS_REFRESH_TOKEN, when nothing is stored): exchanges the refresh
   * token and adopts the result. False when it failed: the service still starts, and the company can be connected
   * from the browser.
   */
  async bootstrap(refreshToken: string): Promise<boolean> {
    const { realmId } = this.deps;
    if (realmId === undefined) return false;
    this.deps.logger.info({ realmId }, 'no stored tokens: bootstrapping from QUICKBOOKS_REFRESH_TOKEN');
    try {
      const tokens = await this.exchangeAndStore(realmId, refreshToken);
      await this.adoptConnection(tokens);
      return true;
    } catch (err) {
      this.deps.logger.error({ err, realmId }, 'headless bootstrap failed; connect the company through POST /api/auth/connect');
      return false;
    }
  }

  private connectedTokens(): TokenSet {
    if (this.connection === 'reconnect_required') throw new NotConnectedError('reconnect_required');
    if (!this.tokens || this.connection !== 'connected') throw new NotConnectedError('not_connected');
    return this.tokens;
  }

  private msLeft(tokens: TokenSet): number {
    return tokens.accessToken ? expiriesOf(tokens).accessTokenExpiresAt - this.now() : 0;
  }

  private warnIfExpiring(): void {
    if (!this.tokens || this.now() - this.lastExpiryWarning < DAY / 4) return;
    const deadline = refreshTokenDeadline(this.tokens);
    if (deadline - this.now() >= this.warningMs) return;
    this.lastExpiryWarning = this.now();
    this.deps.logger.warn(
      { realmId: this.tokens.realmId, refresh_token_expires_at: new Date(deadline).toISOString() },
      'the refresh token expires in less than 14 days: reconnect the company before then',
    );
  }
}
