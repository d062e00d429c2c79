import { createTokenCipher, TokenDecryptError } from '../../../src/store/token-cipher';

describe('token cipher', () => {
  const cipher = createTokenCipher('a secret key of at least sixteen chars');
  const plaintext = JSON.stringify({ accessToken: 'access-123', refreshToken: 'refresh-456' });

  it('when a blob is decrypted with the same key and realm, then the plaintext comes back', () => {
    expect(cipher.decrypt(cipher.encrypt(plaintext, 'realm-1'), 'realm-1')).toBe(plaintext);
  });

  it('when the same plaintext is encrypted twice, then the blobs differ (random IV) and hold no plaintext', () => {
    const first = cipher.encrypt(plaintext, 'realm-1');
    const second = cipher.encrypt(plaintext, 'realm-1');
    expect(first.equals(second)).toBe(false);
    expect(first.subarray(1, 13).equals(second.subarray(1, 13))).toBe(false);
    expect(first.includes('refresh-456')).toBe(false);
    expect(first.length).toBe(1 + 12 + 16 + Buffer.byteLength(plaintext));
  });

  it('when a blob is decrypted under another realm id (AAD), then it fails authentication', () => {
    const blob = cipher.encrypt(plaintext, 'realm-1');
    expect(() => cipher.decrypt(blob, 'realm-2')).toThrow(TokenDecryptError);
  });

  it('when a blob is decrypted with a key derived from another secret, then it fails authentication', () => {
    const blob = cipher.encrypt(plaintext, 'realm-1');
    const other = createTokenCipher('another secret key of sixteen+ chars');
    expect(() => other.decrypt(blob, 'realm-1')).toThrow(TokenDecryptError);
  });

  it('when any byte of a blob is flipped or it is truncated, then decryption fails instead of returning garbage', () => {
    const blob = cipher.encrypt(plaintext, 'realm-1');
    for (let i = 0; i < blob.length; i += 1) {
      const tampered = Buffer.from(blob);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      expect(() => cipher.decrypt(tampered, 'realm-1')).toThrow(TokenDecryptError);
    }
    expect(() => cipher.decrypt(blob.subarray(0, 20), 'realm-1')).toThrow(TokenDecryptError);
  });

  it('when the same secret is used again, then the key id is the same; another secret gives another id', () => {
    const again = createTokenCipher('a secret key of at least sixteen chars');
    const other = createTokenCipher('another secret key of sixteen+ chars');
    expect(again.keyId).toBe(cipher.keyId);
    expect(other.keyId).not.toBe(cipher.keyId);
    expect(cipher.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(again.decrypt(cipher.encrypt(plaintext, 'r'), 'r')).toBe(plaintext);
  });
});
