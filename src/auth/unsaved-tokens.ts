import type { Logger } from 'pino';
import type { Store } from '../store';
import type { TokenSet } from './token-set';

const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;

/**
 * A refreshed set Intuit issued that the store could not keep (its database was unreachable at the commit). The
 * refresh token sent is spent, so the set stays in memory, in use, and is stored again with backoff until it is,
 * or until another process stored a newer one (docs/quickbooks.md#token-lifetimes-and-rotation).
 */
export class UnsavedTokens {
  private tokens: TokenSet | null = null;

  constructor(private readonly deps: { readonly store: Store; readonly logger: Logger }) {}

  /** Whether a set is waiting to be stored: the store then holds a spent refresh token. */
  pending(): boolean {
    return this.tokens !== null;
  }

  /** Forgets the waiting set (a newer one was stored). */
  clear(): void {
    this.tokens = null;
  }

  keep(tokens: TokenSet, spentRefreshToken: string): void {
    const { realmId } = tokens;
    this.tokens = tokens;
    this.deps.logger.error({ realmId }, 'the refreshed tokens could not be stored; they are kept in memory and stored again shortly');
    const attempt = (delayMs: number) => {
      setTimeout(() => {
        if (this.tokens !== tokens) return;
        this.deps.store
          .saveTokens(realmId, tokens, { expectedRefreshToken: spentRefreshToken })
          .then(async (saved) => {
            // Not saved: the commit that seemed to fail had landed, or another process stored a newer set since.
            if (!saved && (await this.deps.store.getTokens(realmId))?.refreshToken !== tokens.refreshToken) {
              this.deps.logger.warn({ realmId }, 'another process stored newer tokens meanwhile; keeping theirs in the store');
            } else {
              this.deps.logger.info({ realmId }, 'the refreshed tokens are stored');
            }
            if (this.tokens === tokens) this.tokens = null;
          })
          .catch(() => attempt(Math.min(delayMs * 2, LONGEST_RETRY_MS)));
      }, delayMs).unref();
    };
    attempt(FIRST_RETRY_MS);
  }
}
