import { randomBytes, randomInt } from 'node:crypto';

/**
 * Opaque random strings shaped like Intuit's (docs/quickbooks.md#token-endpoint): access tokens look like the JWE
 * Intuit issues, refresh tokens like the newer `RT1-…` format, codes like `AB11…`. They come from crypto, not the
 * seed: a token must never be guessable or repeat between runs.
 */
const b64 = (bytes: number): string => randomBytes(bytes).toString('base64url');

export function newAccessToken(): string {
  return `eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..${b64(16)}.${b64(240)}.${b64(16)}`;
}

export function newRefreshToken(nowMs: number): string {
  return `RT1-${randomInt(100, 999)}-H0-${Math.floor(nowMs / 1000)}${randomBytes(16).toString('hex')}`;
}

export function newAuthorizationCode(nowMs: number): string {
  return `AB11${Math.floor(nowMs / 1000)}${b64(30).replace(/[-_]/g, 'x')}`;
}

/** `intuit_tid` like `1-628f0be4-19ed5ea63980105102b16b1e` (docs/quickbooks.md#faults). */
export function newIntuitTid(nowMs: number): string {
  return `1-${Math.floor(nowMs / 1000).toString(16).padStart(8, '0')}-${randomBytes(12).toString('hex')}`;
}
