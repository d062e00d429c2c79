/**
 * How a token set becomes a row and back, for both engines (token-rows.ts, postgres/pg-tokens.ts): the two bearer
 * secrets only inside the AES-GCM blob (token-cipher.ts), the timing in plain columns.
 */
import crypto from 'node:crypto';
import { StoreInvalidArgumentError, StoreKeyMismatchError, StoreRowTamperedError } from './errors';
import { TokenDecryptError, type TokenCipher } from './token-cipher';
import type { StoredTokenSet, TokenTiming } from './types';

export interface TokenRow {
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

/** Rejects with StoreKeyMismatchError (another SECRET_KEY) or StoreRowTamperedError (a blob that fails authentication). */
export function decryptRow(row: TokenRow, cipher: TokenCipher): StoredTokenSet {
  if (row.key_id !== cipher.keyId) throw new StoreKeyMismatchError(row.realm_id);
  let secrets: TokenSecrets;
  try {
    secrets = JSON.parse(cipher.decrypt(row.secret, row.realm_id)) as TokenSecrets;
  } catch (error) {
    const unreadable = error instanceof TokenDecryptError || error instanceof SyntaxError;
    throw unreadable ? new StoreRowTamperedError(row.realm_id) : error;
  }
  return toTokenSet(row, secrets);
}

export function toRow(realmId: string, tokens: StoredTokenSet, cipher: TokenCipher, now: number): TokenRow {
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

export function toTiming(row: TokenRow): TokenTiming {
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
export function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest();
  return crypto.timingSafeEqual(digest(a), digest(b));
}

/** Messages name the field, never its value. */
export function validateTokens(realmId: string, tokens: StoredTokenSet): void {
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
