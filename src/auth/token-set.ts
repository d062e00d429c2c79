import { z } from 'zod';
import type { StoredTokenSet } from '../store';

/**
 * A token set as we keep it: Intuit's fields plus the realm and the instant Intuit issued them (`createdAt`, ms).
 * `createdAt` is persisted because intuit-oauth computes validity from it and silently defaults it to "now" on
 * restore, which makes a days-old token look fresh (docs/quickbooks.md#intuit-oauth).
 */
export type TokenSet = StoredTokenSet;

/**
 * Intuit's token response, checked before anything is stored: an error body stored as if it were tokens is how
 * other integrations lost their connection (node-quickbooks issue 171).
 */
const tokenResponseSchema = z.object({
  token_type: z.string().min(1),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  x_refresh_token_expires_in: z.coerce.number().positive(),
  x_refresh_token_hard_expires_in: z.coerce.number().positive().optional(),
});

export class InvalidTokenResponseError extends Error {
  override readonly name = 'InvalidTokenResponseError';
  constructor(readonly fields: string[]) {
    super(`Intuit's token response is missing or has invalid fields: ${fields.join(', ') || 'body'}`);
  }
}

export function tokenSetFromResponse(body: unknown, realmId: string, issuedAt: number): TokenSet {
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) throw new InvalidTokenResponseError(parsed.error.issues.map((issue) => issue.path.join('.')));
  const json = parsed.data;
  return {
    realmId,
    accessToken: json.access_token,
    refreshToken: json.refresh_token,
    tokenType: json.token_type,
    expiresIn: json.expires_in,
    refreshTokenExpiresIn: json.x_refresh_token_expires_in,
    refreshTokenHardExpiresIn: json.x_refresh_token_hard_expires_in,
    createdAt: issuedAt,
  };
}

export interface TokenExpiries {
  readonly accessTokenExpiresAt: number;
  readonly refreshTokenExpiresAt: number;
  readonly refreshTokenHardExpiresAt?: number;
}

export function expiriesOf(tokens: TokenSet): TokenExpiries {
  return {
    accessTokenExpiresAt: tokens.createdAt + tokens.expiresIn * 1000,
    refreshTokenExpiresAt: tokens.createdAt + tokens.refreshTokenExpiresIn * 1000,
    refreshTokenHardExpiresAt:
      tokens.refreshTokenHardExpiresIn === undefined ? undefined : tokens.createdAt + tokens.refreshTokenHardExpiresIn * 1000,
  };
}

/** The earlier of the rolling and the hard refresh-token expiry: the day a reconnect becomes unavoidable. */
export function refreshTokenDeadline(tokens: TokenSet): number {
  const { refreshTokenExpiresAt, refreshTokenHardExpiresAt } = expiriesOf(tokens);
  return Math.min(refreshTokenExpiresAt, refreshTokenHardExpiresAt ?? Number.POSITIVE_INFINITY);
}
