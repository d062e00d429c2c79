/** Token rows in PostgreSQL: the same encrypted rows as the SQLite file's (../token-codec.ts). */
import type pg from 'pg';
import type { TokenCipher } from '../token-cipher';
import { decryptRow, sameSecret, toRow, toTiming, validateTokens, type TokenRow } from '../token-codec';
import { StoreInvalidArgumentError } from '../errors';
import type { SaveTokensOptions, StoredTokenSet, TokenRotation, TokenTiming } from '../types';
import { asStoreError, inTransaction, type Queryable } from './pg-connection';

/** Carries the error of the caller's `rotate` through the transaction's own error handling, unchanged. */
class RotateFailed {
  constructor(readonly cause: unknown) {}
}

const UPSERT = `
  INSERT INTO tokens (realm_id, key_id, secret, token_type, created_at, expires_in, refresh_expires_in, refresh_hard_expires_in, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (realm_id) DO UPDATE SET
    key_id = excluded.key_id, secret = excluded.secret, token_type = excluded.token_type, created_at = excluded.created_at,
    expires_in = excluded.expires_in, refresh_expires_in = excluded.refresh_expires_in,
    refresh_hard_expires_in = excluded.refresh_hard_expires_in, updated_at = excluded.updated_at`;

/**
 * How long a rotation waits for another process's lock on the same token row: longer than Intuit usually takes to
 * answer a refresh, short enough that a stuck holder does not stall every refresh of the company.
 */
const ROTATION_LOCK_TIMEOUT_MS = 15_000;

export interface PgTokens {
  rotate(realmId: string, expectedRefreshToken: string, rotate: (stored: StoredTokenSet) => Promise<StoredTokenSet>): Promise<TokenRotation>;
  save(realmId: string, tokens: StoredTokenSet, options: SaveTokensOptions | undefined): Promise<boolean>;
  get(realmId: string): Promise<StoredTokenSet | null>;
  timing(realmId: string): Promise<TokenTiming | null>;
  delete(realmId: string): Promise<void>;
  listRealms(): Promise<string[]>;
  countForeignKeyRows(): Promise<number>;
}

/**
 * `lockPool`: a small pool of its own for rotations, whose connections wait on the token row's lock across Intuit's
 * call: they never take a connection the other queries need.
 */
export function createPgTokens(pool: pg.Pool, lockPool: pg.Pool, cipher: TokenCipher, clock: () => number): PgTokens {
  const select = async (db: Queryable, realmId: string, forUpdate = false): Promise<TokenRow | undefined> =>
    (await db.query<TokenRow>(`SELECT * FROM tokens WHERE realm_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [realmId])).rows[0];
  const valuesOf = (realmId: string, tokens: StoredTokenSet) => {
    validateTokens(realmId, tokens);
    const row = toRow(realmId, tokens, cipher, clock());
    return [row.realm_id, row.key_id, row.secret, row.token_type, row.created_at, row.expires_in, row.refresh_expires_in, row.refresh_hard_expires_in, row.updated_at];
  };
  return {
    async rotate(realmId, expectedRefreshToken, rotate) {
      // Set once Intuit answered: from then on the refresh token sent is spent, whatever the database does.
      let issued: StoredTokenSet | undefined;
      try {
        return await inTransaction(lockPool, async (client): Promise<TokenRotation> => {
          await client.query(`SET LOCAL lock_timeout = ${ROTATION_LOCK_TIMEOUT_MS}`);
          // Every process that wants to rotate the realm's tokens queues here; the first one in calls Intuit.
          const row = await select(client, realmId, true);
          if (row === undefined) throw new StoreInvalidArgumentError(`no tokens are stored for realm ${realmId}`);
          const stored = decryptRow(row, cipher);
          if (!sameSecret(stored.refreshToken, expectedRefreshToken)) return { tokens: stored, rotated: false, saved: true };
          try {
            issued = await rotate(stored);
          } catch (error) {
            throw new RotateFailed(error);
          }
          await client.query(UPSERT, valuesOf(realmId, issued));
          return { tokens: issued, rotated: true, saved: true };
        });
      } catch (error) {
        // Intuit's errors pass as they are. A failure after Intuit answered (the write or the commit): the caller keeps
        // the new tokens and stores them later. Before: the database's own errors, told apart (store_unavailable).
        if (error instanceof RotateFailed) throw error.cause;
        if (issued !== undefined) return { tokens: issued, rotated: true, saved: false };
        throw asStoreError(error);
      }
    },
    async save(realmId, tokens, options) {
      const values = valuesOf(realmId, tokens);
      // The row is locked from the compare to the swap, so two savers cannot both see the token they expect.
      return inTransaction(pool, async (client) => {
        const expected = options?.expectedRefreshToken;
        if (expected !== undefined) {
          const stored = await select(client, realmId, true);
          if (stored === undefined || !sameSecret(decryptRow(stored, cipher).refreshToken, expected)) return false;
        }
        await client.query(UPSERT, values);
        return true;
      });
    },
    async get(realmId) {
      const row = await select(pool, realmId);
      return row === undefined ? null : decryptRow(row, cipher);
    },
    async timing(realmId) {
      const row = await select(pool, realmId);
      return row === undefined ? null : toTiming(row);
    },
    async delete(realmId) {
      await pool.query('DELETE FROM tokens WHERE realm_id = $1', [realmId]);
    },
    async listRealms() {
      return (await pool.query<{ realm_id: string }>('SELECT realm_id FROM tokens ORDER BY realm_id')).rows.map((row) => row.realm_id);
    },
    async countForeignKeyRows() {
      return (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM tokens WHERE key_id <> $1', [cipher.keyId])).rows[0]?.n ?? 0;
    },
  };
}
