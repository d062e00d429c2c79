import type { Database } from 'better-sqlite3';
import { decryptRow as decrypt, sameSecret, toRow, toTiming, validateTokens, type TokenRow } from './token-codec';
import type { TokenCipher } from './token-cipher';
import type { SaveTokensOptions, StoredTokenSet, TokenTiming } from './types';

export interface TokenRows {
  save(realmId: string, tokens: StoredTokenSet, options: SaveTokensOptions | undefined): boolean;
  get(realmId: string): StoredTokenSet | null;
  timing(realmId: string): TokenTiming | null;
  delete(realmId: string): void;
  listRealms(): string[];
  /** How many rows were written under a key other than the current one (reported once at open). */
  countForeignKeyRows(): number;
}

export function createTokenRows(db: Database, cipher: TokenCipher, clock: () => number): TokenRows {
  const select = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE realm_id = ?');
  const upsert = db.prepare<[TokenRow]>(`
    INSERT INTO tokens (realm_id, key_id, secret, token_type, created_at, expires_in, refresh_expires_in,
                        refresh_hard_expires_in, updated_at)
    VALUES (@realm_id, @key_id, @secret, @token_type, @created_at, @expires_in, @refresh_expires_in,
            @refresh_hard_expires_in, @updated_at)
    ON CONFLICT (realm_id) DO UPDATE SET
      key_id = excluded.key_id, secret = excluded.secret, token_type = excluded.token_type,
      created_at = excluded.created_at, expires_in = excluded.expires_in,
      refresh_expires_in = excluded.refresh_expires_in, refresh_hard_expires_in = excluded.refresh_hard_expires_in,
      updated_at = excluded.updated_at`);
  const remove = db.prepare<[string]>('DELETE FROM tokens WHERE realm_id = ?');
  const realms = db.prepare<[], string>('SELECT realm_id FROM tokens ORDER BY realm_id').pluck();
  const foreign = db.prepare<[string], number>('SELECT count(*) FROM tokens WHERE key_id <> ?').pluck();

  const decryptRow = (row: TokenRow): StoredTokenSet => decrypt(row, cipher);

  // IMMEDIATE takes the write lock before reading, so the compare and the swap see the same row even if
  // another process shares the file.
  const save = db.transaction((realmId: string, tokens: StoredTokenSet, options: SaveTokensOptions | undefined) => {
    const expected = options?.expectedRefreshToken;
    if (expected !== undefined) {
      const row = select.get(realmId);
      if (row === undefined || !sameSecret(decryptRow(row).refreshToken, expected)) return false;
    }
    upsert.run(toRow(realmId, tokens, cipher, clock()));
    return true;
  });

  return {
    save(realmId, tokens, options) {
      validateTokens(realmId, tokens);
      return save.immediate(realmId, tokens, options);
    },
    get(realmId) {
      const row = select.get(realmId);
      return row === undefined ? null : decryptRow(row);
    },
    timing(realmId) {
      const row = select.get(realmId);
      return row === undefined ? null : toTiming(row);
    },
    delete(realmId) {
      remove.run(realmId);
    },
    listRealms: () => realms.all(),
    countForeignKeyRows: () => foreign.get(cipher.keyId) ?? 0,
  };
}
