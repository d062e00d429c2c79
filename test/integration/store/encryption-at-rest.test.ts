import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE_NAME, type StoredTokenSet } from '../../../src/store';
import { readAllFiles, tokenSet, useStores, useTempDataDir } from './helpers';

/** The secrets and a middle slice of each (a partial leak counts as a leak), in the encodings a file could hold. */
function needles(tokens: StoredTokenSet): Buffer[] {
  return [tokens.accessToken, tokens.refreshToken].flatMap((secret) => {
    const slice = secret.slice(Math.floor(secret.length / 3), Math.floor(secret.length / 3) + 12);
    return [secret, slice].flatMap((text) => [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')]);
  });
}

function expectNoPlaintext(dataDir: string, all: StoredTokenSet[]): void {
  const files = readAllFiles(dataDir);
  expect(files.length).toBeGreaterThan(0);
  for (const { file, bytes } of files) {
    for (const needle of all.flatMap(needles)) {
      if (bytes.includes(needle)) throw new Error(`token bytes found in ${path.basename(file)}`);
    }
  }
}

describe('store encryption at rest', () => {
  const temp = useTempDataDir();
  const open = useStores();

  it('when tokens were written many times and the WAL is not checkpointed yet, then no file under the data dir holds a token byte', async () => {
    const store = open({ dataDir: temp.dataDir() });
    const written: StoredTokenSet[] = [];
    for (let i = 0; i < 200; i += 1) {
      const realmId = `91303500000000${String(i % 7).padStart(2, '0')}`;
      const tokens = tokenSet({
        realmId,
        accessToken: `eyJhbGciOiJkaXIifQ..ACCESS-${i}-Zq8vTt3kP2mWx9`,
        refreshToken: `RT1-206-H0-REFRESH-${i}-Lm4nBv7cXz`,
      });
      await store.saveTokens(realmId, tokens);
      written.push(tokens);
    }
    const wal = path.join(temp.dataDir(), `${DATABASE_FILE_NAME}-wal`);
    // The WAL must really hold the recent commits, or this test would prove nothing about it.
    expect(fs.statSync(wal).size).toBeGreaterThan(0);
    expectNoPlaintext(temp.dataDir(), written);

    await store.close();
    expectNoPlaintext(temp.dataDir(), written);
  });

  it('when token-like text is written in plain (a snapshot row), then the same scan finds it in the WAL (control)', async () => {
    const store = open({ dataDir: temp.dataDir() });
    const leaked = tokenSet({ accessToken: 'eyJ.CONTROL-access-Pl41n', refreshToken: 'RT1-CONTROL-refresh-Pl41n' });
    await store.applySnapshotChanges(leaked.realmId, {
      upserts: [{ entity: 'customers', id: '1', raw: JSON.stringify(leaked), lastUpdated: '2025-06-01T00:00:00Z' }],
      deletes: [],
      syncedThrough: '2025-06-01T00:00:00Z',
    });
    expect(() => expectNoPlaintext(temp.dataDir(), [leaked])).toThrow(`token bytes found in ${DATABASE_FILE_NAME}-wal`);
  });

  it('when tokens were deleted and their realm data dropped, then their bytes do not linger in freed pages either', async () => {
    const store = open({ dataDir: temp.dataDir() });
    const tokens = tokenSet({ accessToken: 'eyJ.LINGER-access-Qw3rTy', refreshToken: 'RT1-LINGER-refresh-As4dFg' });
    await store.saveTokens(tokens.realmId, tokens);
    await store.deleteRealmData(tokens.realmId);
    expectNoPlaintext(temp.dataDir(), [tokens]);
  });

  it('when a guarded save reads the stored tokens, then the plaintext still reaches no file', async () => {
    const store = open({ dataDir: temp.dataDir() });
    const old = tokenSet({ refreshToken: 'RT1-GUARD-old-Hj6kL' });
    const next = tokenSet({ refreshToken: 'RT1-GUARD-new-Zx8cV' });
    await store.saveTokens(old.realmId, old);
    await store.saveTokens(next.realmId, next, { expectedRefreshToken: old.refreshToken });
    expectNoPlaintext(temp.dataDir(), [old, next]);
  });
});
