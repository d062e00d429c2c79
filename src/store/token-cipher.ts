import crypto from 'node:crypto';

/**
 * AES-256-GCM for token rows. The key comes from SECRET_KEY through scrypt rather than HKDF: HKDF is right for a
 * high-entropy secret, but SECRET_KEY is typed by an operator and may be a passphrase, and scrypt makes an
 * offline guess against a stolen data dir cost ~100 ms and 32 MiB instead of nanoseconds. It runs once per open.
 * The salt is fixed (a per-install salt would have to live in the very file it protects, and would be lost with
 * it); HKDF then expands the scrypt output into independent subkeys for encryption and for the key id.
 */
const SCRYPT_SALT = 'qbo-cache/secret-key/v1';
const SCRYPT_OPTIONS: crypto.ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const ENCRYPTION_INFO = 'qbo-cache/tokens/aes-256-gcm/v1';
const KEY_ID_INFO = 'qbo-cache/key-id/v1';

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

export interface TokenCipher {
  /**
   * A short public fingerprint of the key, stored next to each row, so a row written under another SECRET_KEY
   * is told apart from a tampered one. It is an HKDF output independent of the encryption key.
   */
  readonly keyId: string;
  /** `version(1) | iv(12) | tag(16) | ciphertext`, authenticated with `aad`. */
  encrypt(plaintext: string, aad: string): Buffer;
  /** Throws `TokenDecryptError` when the blob fails authentication under this key and `aad`. */
  decrypt(blob: Buffer, aad: string): string;
}

/** Internal: the caller turns it into a typed store error naming the realm. */
export class TokenDecryptError extends Error {
  constructor() {
    super('token blob failed authentication');
    this.name = 'TokenDecryptError';
  }
}

export function createTokenCipher(secret: string): TokenCipher {
  const master = crypto.scryptSync(secret, SCRYPT_SALT, 32, SCRYPT_OPTIONS);
  const key = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), ENCRYPTION_INFO, 32));
  const keyId = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), KEY_ID_INFO, 8)).toString('hex');
  master.fill(0);
  return {
    keyId,
    encrypt: (plaintext, aad) => encrypt(key, plaintext, aad),
    decrypt: (blob, aad) => decrypt(key, blob, aad),
  };
}

function encrypt(key: Buffer, plaintext: string, aad: string): Buffer {
  const iv = crypto.randomBytes(IV_BYTES);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), body]);
}

function decrypt(key: Buffer, blob: Buffer, aad: string): string {
  if (blob.length < HEADER_BYTES || blob[0] !== FORMAT_VERSION) throw new TokenDecryptError();
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenDecryptError();
  }
}
