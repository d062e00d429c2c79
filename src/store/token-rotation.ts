import { StoreInvalidArgumentError } from './errors';
import { sameSecret } from './token-codec';
import type { StoredTokenSet, TokenRotation } from './types';

/**
 * `Store.rotateTokens` for a store only one process opens (the SQLite file): no lock is needed beyond the token
 * manager's one refresh in flight, so this is the compare, the call and the save, in that order.
 */
export async function rotateInOneProcess(
  realmId: string,
  expectedRefreshToken: string,
  rotate: (stored: StoredTokenSet) => Promise<StoredTokenSet>,
  io: { get(realmId: string): Promise<StoredTokenSet | null>; save(realmId: string, tokens: StoredTokenSet): Promise<unknown> },
): Promise<TokenRotation> {
  const stored = await io.get(realmId);
  if (stored === null) throw new StoreInvalidArgumentError(`no tokens are stored for realm ${realmId}`);
  if (!sameSecret(stored.refreshToken, expectedRefreshToken)) return { tokens: stored, rotated: false, saved: true };
  const next = await rotate(stored);
  try {
    await io.save(realmId, next);
    return { tokens: next, rotated: true, saved: true };
  } catch {
    return { tokens: next, rotated: true, saved: false };
  }
}
