import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { DATABASE_FILE_NAME, openSqliteStore, openStore, type SqliteStoreOptions, type Store, type StoredTokenSet } from '../../../src/store';
import { postgresAvailable, usePostgresDatabases } from '../../support/postgres';

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

export type EngineName = 'sqlite' | 'postgres';

/** One engine under the conformance suite: every store test runs once per engine (docs/ARCHITECTURE.md, the store). */
export interface EngineUnderTest {
  readonly name: EngineName;
  /** This test's data dir (search images; the SQLite file). */
  readonly dataDir: () => string;
  /** Opens a store on this test's data: a second open is another process on the same data (a restart, a replica). */
  open(options?: Partial<Omit<SqliteStoreOptions, 'dataDir'>>): Promise<Store>;
  /** Every stored snapshot row, of every generation (what a crash or an abandoned write could leave behind). */
  countAllSnapshotRows(): Promise<number>;
  /** Copies one realm's encrypted token blob onto another realm's row, as an attacker with write access could. */
  copyTokenBlob(fromRealm: string, toRealm: string): Promise<void>;
  /** Everything the store keeps, as bytes: the data dir's files, and with PostgreSQL every row of every table as text. */
  storedBytes(): Promise<Buffer[]>;
  /** Whether several processes may open the store at once (PostgreSQL), or one owns it (the SQLite file). */
  readonly sharedByProcesses: boolean;
  /** PostgreSQL keeps the generation a replacement replaced (replicas may still serve it); SQLite deletes it. */
  readonly keepsReplacedGeneration: boolean;
}

/** `describe` once per engine; the PostgreSQL one is skipped, loudly, where PostgreSQL 15 is not installed (CI has it). */
export function describeEachEngine(title: string, body: (engine: EngineUnderTest) => void): void {
  describe(`${title} [sqlite]`, () => body(sqliteEngine()));
  (postgresAvailable ? describe : describe.skip)(`${title} [postgres]`, () => body(postgresEngine()));
}

function sqliteEngine(): EngineUnderTest {
  const temp = useTempDataDir();
  const open = useStores();
  const onFile = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(path.join(temp.dataDir(), DATABASE_FILE_NAME));
    try {
      return work(db);
    } finally {
      db.close();
    }
  };
  return {
    name: 'sqlite',
    dataDir: temp.dataDir,
    open: async (options) => open({ ...options, dataDir: temp.dataDir() }),
    countAllSnapshotRows: async () => onFile((db) => db.prepare('SELECT count(*) FROM snapshot_rows').pluck().get() as number),
    copyTokenBlob: async (fromRealm, toRealm) =>
      void onFile((db) => db.prepare('UPDATE tokens SET secret = (SELECT secret FROM tokens WHERE realm_id = ?) WHERE realm_id = ?').run(fromRealm, toRealm)),
    storedBytes: async () => readAllFiles(temp.dataDir()).map(({ bytes }) => bytes),
    keepsReplacedGeneration: false,
    sharedByProcesses: false,
  };
}

function postgresEngine(): EngineUnderTest {
  const temp = useTempDataDir();
  const databases = usePostgresDatabases();
  let url: string | undefined;
  beforeEach(() => {
    url = undefined; // a fresh database for each test, made on its first open
  });
  const databaseUrl = async () => (url ??= await databases.create());
  const onDatabase = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: await databaseUrl() });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'postgres',
    dataDir: temp.dataDir,
    async open(options) {
      const store = await openStore({ secretKey: SECRET, allowGeneratedKey: false, ...options, dataDir: temp.dataDir(), databaseUrl: await databaseUrl() });
      opened.push(store);
      return store;
    },
    countAllSnapshotRows: () => onDatabase(async (client) => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM snapshot_rows')).rows[0]?.n)),
    copyTokenBlob: (fromRealm, toRealm) =>
      onDatabase(async (client) => void (await client.query('UPDATE tokens SET secret = (SELECT secret FROM tokens WHERE realm_id = $1) WHERE realm_id = $2', [fromRealm, toRealm]))),
    storedBytes: () =>
      onDatabase(async (client) => {
        const tables = await client.query<{ tablename: string }>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
        const stored = readAllFiles(temp.dataDir()).map(({ bytes }) => bytes);
        for (const { tablename } of tables.rows) {
          const { rows } = await client.query<{ row: string }>(`SELECT t::text AS row FROM "${tablename}" t`);
          stored.push(...rows.map(({ row }) => Buffer.from(row)));
        }
        return stored;
      }),
    keepsReplacedGeneration: true,
    sharedByProcesses: true,
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
