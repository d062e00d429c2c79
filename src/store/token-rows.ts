import crypto from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { StoreInvalidArgumentError, StoreKeyMismatchError, StoreRowTamperedError } from './errors';
import { TokenDecryptError, type TokenCipher } from './token-cipher';
import type { SaveTokensOptions, StoredTokenSet, TokenTiming } from './types';

interface TokenRow {
  realm_id: string;
  key_id: string;
  secret: Buffer;
  token_type: string;
  created_at: number;
  expires_in: number;
  refresh_expires_in: number;
  refresh_hard_expires_in: number | null;
  updated_at: number;
}

/** What goes inside the encrypted blob: only the two bearer secrets. */
interface TokenSecrets {
  accessToken: string;
  refreshToken: string;
}

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

  const decryptRow = (row: TokenRow): StoredTokenSet => {
    if (row.key_id !== cipher.keyId) throw new StoreKeyMismatchError(row.realm_id);
    let secrets: TokenSecrets;
    try {
      secrets = JSON.parse(cipher.decrypt(row.secret, row.realm_id)) as TokenSecrets;
    } catch (error) {
      const unreadable = error instanceof TokenDecryptError || error instanceof SyntaxError;
      throw unreadable ? new StoreRowTamperedError(row.realm_id) : error;
    }
    return toTokenSet(row, secrets);
  };

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

function toRow(realmId: string, tokens: StoredTokenSet, cipher: TokenCipher, now: number): TokenRow {
  const secrets: TokenSecrets = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
  return {
    realm_id: realmId,
    key_id: cipher.keyId,
    // AAD = realm id: a blob copied onto another realm's row fails authentication.
    secret: cipher.encrypt(JSON.stringify(secrets), realmId),
    token_type: tokens.tokenType,
    created_at: tokens.createdAt,
    expires_in: tokens.expiresIn,
    refresh_expires_in: tokens.refreshTokenExpiresIn,
    refresh_hard_expires_in: tokens.refreshTokenHardExpiresIn ?? null,
    updated_at: now,
  };
}

function toTokenSet(row: TokenRow, secrets: TokenSecrets): StoredTokenSet {
  if (typeof secrets.accessToken !== 'string' || typeof secrets.refreshToken !== 'string') {
    throw new StoreRowTamperedError(row.realm_id);
  }
  return {
    realmId: row.realm_id,
    accessToken: secrets.accessToken,
    refreshToken: secrets.refreshToken,
    tokenType: row.token_type,
    expiresIn: row.expires_in,
    refreshTokenExpiresIn: row.refresh_expires_in,
    ...(row.refresh_hard_expires_in === null ? {} : { refreshTokenHardExpiresIn: row.refresh_hard_expires_in }),
    createdAt: row.created_at,
  };
}

function toTiming(row: TokenRow): TokenTiming {
  return {
    realmId: row.realm_id,
    createdAt: row.created_at,
    accessTokenExpiresAt: row.created_at + row.expires_in * 1000,
    refreshTokenExpiresAt: row.created_at + row.refresh_expires_in * 1000,
    ...(row.refresh_hard_expires_in === null
      ? {}
      : { refreshTokenHardExpiresAt: row.created_at + row.refresh_hard_expires_in * 1000 }),
    updatedAt: row.updated_at,
  };
}

/** Compares digests in constant time so the guard leaks nothing about the stored token through timing. */
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest();
  return crypto.timingSafeEqual(digest(a), digest(b));
}

/** Messages name the field, never its value. */
function validateTokens(realmId: string, tokens: StoredTokenSet): void {
  if (realmId === '') throw new StoreInvalidArgumentError('realmId must not be empty');
  if (tokens.realmId !== realmId) {
    throw new StoreInvalidArgumentError('tokens.realmId must equal the realmId it is saved under');
  }
  for (const field of ['accessToken', 'refreshToken', 'tokenType'] as const) {
    if (typeof tokens[field] !== 'string' || tokens[field] === '') {
      throw new StoreInvalidArgumentError(`tokens.${field} must be a non-empty string`);
    }
  }
  const whole = ['expiresIn', 'refreshTokenExpiresIn', 'refreshTokenHardExpiresIn', 'createdAt'] as const;
  for (const field of whole) {
    const value = tokens[field];
    if (value === undefined && field === 'refreshTokenHardExpiresIn') continue;
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw new StoreInvalidArgumentError(`tokens.${field} must be a non-negative whole number`);
    }
  }
}
