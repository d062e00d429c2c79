/** Token rows in PostgreSQL: the same encrypted rows as the SQLite file's (../token-codec.ts). */
import type pg from 'pg';
import type { TokenCipher } from '../token-cipher';
import { decryptRow, sameSecret, toRow, toTiming, validateTokens, type TokenRow } from '../token-codec';
import type { SaveTokensOptions, StoredTokenSet, TokenTiming } from '../types';
import { inTransaction, type Queryable } from './pg-connection';

const UPSERT = `
  INSERT INTO tokens (realm_id, key_id, secret, token_type, created_at, expires_in, refresh_expires_in, refresh_hard_expires_in, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (realm_id) DO UPDATE SET
    key_id = excluded.key_id, secret = excluded.secret, token_type = excluded.token_type, created_at = excluded.created_at,
    expires_in = excluded.expires_in, refresh_expires_in = excluded.refresh_expires_in,
    refresh_hard_expires_in = excluded.refresh_hard_expires_in, updated_at = excluded.updated_at`;

export interface PgTokens {
  save(realmId: string, tokens: StoredTokenSet, options: SaveTokensOptions | undefined): Promise<boolean>;
  get(realmId: string): Promise<StoredTokenSet | null>;
  timing(realmId: string): Promise<TokenTiming | null>;
  delete(db: Queryable, realmId: string): Promise<void>;
  listRealms(): Promise<string[]>;
  countForeignKeyRows(): Promise<number>;
}

export function createPgTokens(pool: pg.Pool, cipher: TokenCipher, clock: () => number): PgTokens {
  const select = async (db: Queryable, realmId: string, forUpdate = false): Promise<TokenRow | undefined> =>
    (await db.query<TokenRow>(`SELECT * FROM tokens WHERE realm_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [realmId])).rows[0];
  return {
    async save(realmId, tokens, options) {
      validateTokens(realmId, tokens);
      const row = toRow(realmId, tokens, cipher, clock());
      const values = [row.realm_id, row.key_id, row.secret, row.token_type, row.created_at, row.expires_in, row.refresh_expires_in, row.refresh_hard_expires_in, row.updated_at];
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
    async delete(db, realmId) {
      await db.query('DELETE FROM tokens WHERE realm_id = $1', [realmId]);
    },
    async listRealms() {
      return (await pool.query<{ realm_id: string }>('SELECT realm_id FROM tokens ORDER BY realm_id')).rows.map((row) => row.realm_id);
    },
    async countForeignKeyRows() {
      return (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM tokens WHERE key_id <> $1', [cipher.keyId])).rows[0]?.n ?? 0;
    },
  };
}
