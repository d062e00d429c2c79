import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { StoreKeyFileInvalidError, StoreSecretKeyMissingError } from './errors';

export const KEY_FILE_NAME = 'secret.key';

/** 32 random bytes, base64url without padding: 43 characters. */
const GENERATED_KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface SecretKeySource {
  readonly dataDir: string;
  readonly secretKey?: string;
  readonly allowGeneratedKey: boolean;
  readonly logger?: Logger;
}

/**
 * The secret the token key is derived from: SECRET_KEY when set, else (demo mode only) a generated key kept in
 * `<dataDir>/secret.key`. The file holds the key as text in the same form SECRET_KEY takes, so an operator who
 * outgrows demo mode can copy its content into SECRET_KEY and keep the stored tokens readable.
 */
export function resolveSecretKey(source: SecretKeySource): string {
  if (source.secretKey !== undefined && source.secretKey !== '') return source.secretKey;
  if (!source.allowGeneratedKey) throw new StoreSecretKeyMissingError();
  const keyFile = path.join(source.dataDir, KEY_FILE_NAME);
  if (fs.existsSync(keyFile)) return readKeyFile(keyFile, source.logger);
  const created = createKeyFile(keyFile);
  source.logger?.warn({ keyFile }, 'no SECRET_KEY set: generated a key file to encrypt stored tokens (demo mode)');
  return created;
}

function readKeyFile(keyFile: string, logger: Logger | undefined): string {
  const stat = fs.statSync(keyFile);
  if (!stat.isFile()) throw new StoreKeyFileInvalidError(keyFile, 'not a regular file');
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8);
    logger?.warn({ keyFile, mode }, 'key file is readable by other users; chmod 600 it');
  }
  const content = fs.readFileSync(keyFile, 'utf8').trim();
  if (!GENERATED_KEY_PATTERN.test(content)) {
    throw new StoreKeyFileInvalidError(keyFile, 'it does not hold a 32-byte base64url key');
  }
  return content;
}

/**
 * Writes the key to a private temp file, flushes it, then links it into place. A link (unlike a rename) fails
 * when the name exists, so two processes starting together on a fresh data dir cannot replace a key the other
 * one already encrypts with: the loser reads the winner's key instead.
 */
function createKeyFile(keyFile: string): string {
  const secret = crypto.randomBytes(32).toString('base64url');
  const tmp = `${keyFile}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, `${secret}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    if (!publishKeyFile(tmp, keyFile)) return readKeyFile(keyFile, undefined);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  fsyncDirectory(path.dirname(keyFile));
  return secret;
}

/** Returns false when another process published its key first. */
function publishKeyFile(tmp: string, keyFile: string): boolean {
  try {
    fs.linkSync(tmp, keyFile);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Some mounted filesystems have no hard links: fall back to an atomic rename.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
      fs.renameSync(tmp, keyFile);
      return true;
    }
    throw error;
  }
}

/** Makes the new directory entry itself survive a power cut (POSIX; Windows cannot open directories). */
export function fsyncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
