import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Intuit signs the raw request body: `intuit-signature` = base64(HMAC-SHA256(body, verifier token))
 * (docs/quickbooks.md#webhooks). Verified on the raw bytes (re-serialised JSON differs) and compared in constant time.
 */
export function isValidSignature(rawBody: Buffer, signature: string | undefined, verifierToken: string): boolean {
  if (!signature) return false;
  const expected = createHmac('sha256', verifierToken).update(rawBody).digest();
  let presented: Buffer;
  try {
    presented = Buffer.from(signature, 'base64');
  } catch {
    return false;
  }
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
