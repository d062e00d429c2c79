import fs from 'node:fs';
import path from 'node:path';
import {
  DATABASE_FILE_NAME,
  KEY_FILE_NAME,
  StoreKeyFileInvalidError,
  StoreKeyMismatchError,
  StoreSecretKeyMissingError,
} from '../../../src/store';
import { tokenSet, useStores, useTempDataDir } from './helpers';

const mode = (file: string) => fs.statSync(file).mode & 0o777;
const posix = process.platform !== 'win32';

describe('store secret key', () => {
  const temp = useTempDataDir();
  const open = useStores();

  it('when the data dir is missing, then it is created 0700 and the database files are 0600', async () => {
    const store = open({ dataDir: temp.dataDir() });
    await store.saveTokens('9130350000000001', tokenSet());
    if (posix) {
      expect(mode(temp.dataDir())).toBe(0o700);
      for (const suffix of ['', '-wal', '-shm']) {
        expect(mode(path.join(temp.dataDir(), `${DATABASE_FILE_NAME}${suffix}`))).toBe(0o600);
      }
    }
  });

  it('when no SECRET_KEY is set and generated keys are not allowed, then opening fails with StoreSecretKeyMissingError', () => {
    expect(() => open({ dataDir: temp.dataDir(), secretKey: undefined, allowGeneratedKey: false })).toThrow(
      StoreSecretKeyMissingError,
    );
    const empty = () => open({ dataDir: temp.dataDir(), secretKey: '', allowGeneratedKey: false });
    expect(empty).toThrow(/SECRET_KEY is required/);
    expect(fs.existsSync(path.join(temp.dataDir(), KEY_FILE_NAME))).toBe(false);
  });

  it('when no SECRET_KEY is set in demo mode, then a 0600 key file is generated and reused after a restart', async () => {
    const demo = { dataDir: temp.dataDir(), secretKey: undefined, allowGeneratedKey: true };
    const first = open(demo);
    await first.saveTokens('9130350000000001', tokenSet());
    await first.close();
    const keyFile = path.join(temp.dataDir(), KEY_FILE_NAME);
    const key = fs.readFileSync(keyFile, 'utf8');
    if (posix) expect(mode(keyFile)).toBe(0o600);
    expect(key.trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fs.readdirSync(temp.dataDir()).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const second = open(demo);
    expect(await second.getTokens('9130350000000001')).toEqual(tokenSet());
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
  });

  it('when the generated key is copied into SECRET_KEY, then the stored tokens stay readable', async () => {
    const first = open({ dataDir: temp.dataDir(), secretKey: undefined, allowGeneratedKey: true });
    await first.saveTokens('9130350000000001', tokenSet());
    await first.close();
    const copied = fs.readFileSync(path.join(temp.dataDir(), KEY_FILE_NAME), 'utf8').trim();
    const live = open({ dataDir: temp.dataDir(), secretKey: copied, allowGeneratedKey: false });
    expect(await live.getTokens('9130350000000001')).toEqual(tokenSet());
  });

  it('when SECRET_KEY is set, then no key file is written', async () => {
    await open({ dataDir: temp.dataDir(), allowGeneratedKey: true }).close();
    expect(fs.existsSync(path.join(temp.dataDir(), KEY_FILE_NAME))).toBe(false);
  });

  it('when the key file holds something else than a generated key, then opening fails without overwriting it', () => {
    fs.mkdirSync(temp.dataDir(), { recursive: true });
    const keyFile = path.join(temp.dataDir(), KEY_FILE_NAME);
    fs.writeFileSync(keyFile, 'not a key', { mode: 0o600 });
    const attempt = () => open({ dataDir: temp.dataDir(), secretKey: undefined, allowGeneratedKey: true });
    expect(attempt).toThrow(StoreKeyFileInvalidError);
    expect(attempt).not.toThrow(/not a key/);
    expect(fs.readFileSync(keyFile, 'utf8')).toBe('not a key');
  });

  it('when the key file is lost, then the old tokens are reported as a SECRET_KEY change, not returned as garbage', async () => {
    const demo = { dataDir: temp.dataDir(), secretKey: undefined, allowGeneratedKey: true };
    const first = open(demo);
    await first.saveTokens('9130350000000001', tokenSet());
    await first.close();
    fs.rmSync(path.join(temp.dataDir(), KEY_FILE_NAME));
    const second = open(demo);
    await expect(second.getTokens('9130350000000001')).rejects.toBeInstanceOf(StoreKeyMismatchError);
  });
});
