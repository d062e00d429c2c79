import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore, type SqliteStoreOptions, type Store, type StoredTokenSet } from '../../../src/store';

export const SECRET = 'correct horse battery staple 0123456789';

/** Stores opened by `useStores` in this test file and not closed yet. */
const opened: Store[] = [];

async function closeOpenedStores(): Promise<void> {
  await Promise.all(opened.splice(0).map((store) => store.close()));
}

/**
 * A temp dir per test, removed afterwards; `dataDir` is a not-yet-existing child so creation is exercised too.
 * Stores are closed before the removal (jest runs afterEach hooks in declaration order, and a store still open —
 * its checkpoint worker starting, say — writes into the dir while it is being removed: ENOTEMPTY in CI).
 */
export function useTempDataDir(): { readonly dataDir: () => string } {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-cache-store-'));
  });
  afterEach(async () => {
    await closeOpenedStores();
    fs.rmSync(root, { recursive: true, force: true });
  });
  return { dataDir: () => path.join(root, 'data') };
}

/** Opens stores and closes every one of them after the test, even when it failed. */
export function useStores(): (options: Partial<SqliteStoreOptions> & { dataDir: string }) => Store {
  afterEach(closeOpenedStores);
  return (options) => {
    const store = openSqliteStore({ secretKey: SECRET, allowGeneratedKey: false, ...options });
    opened.push(store);
    return store;
  };
}

export interface FakeClock {
  now: () => number;
  advance: (ms: number) => void;
}

export function fakeClock(start = Date.parse('2025-06-01T12:00:00Z')): FakeClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

export function tokenSet(overrides: Partial<StoredTokenSet> = {}): StoredTokenSet {
  return {
    realmId: '9130350000000001',
    accessToken: 'eyJlbmMiOiJBMTI4Q0JDLUhTMjU2IiwiYWxnIjoiZGlyIn0..access-token-secret-part-0001',
    refreshToken: 'RT1-206-H0-1766440000abcdefghijklmnopqrst0001',
    tokenType: 'bearer',
    expiresIn: 3600,
    refreshTokenExpiresIn: 8726400,
    refreshTokenHardExpiresIn: 157680000,
    createdAt: Date.parse('2025-06-01T11:59:00Z'),
    ...overrides,
  };
}

/** Every regular file under `dir`, recursively, with its bytes. */
export function readAllFiles(dir: string): Array<{ file: string; bytes: Buffer }> {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return { file, bytes: fs.readFileSync(file) };
    });
}
