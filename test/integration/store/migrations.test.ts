import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE_NAME, StoreSchemaTooNewError } from '../../../src/store';
import { migrate, MIGRATIONS, type Migration } from '../../../src/store/migrations';
import { tokenSet, useStores, useTempDataDir } from './helpers';

function inspect(dataDir: string): { version: number; tables: string[]; journal: string } {
  const db = new Database(path.join(dataDir, DATABASE_FILE_NAME), { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      tables: db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all(),
      journal: db.pragma('journal_mode', { simple: true }) as string,
    };
  } finally {
    db.close();
  }
}

describe('store schema migrations', () => {
  const temp = useTempDataDir();
  const open = useStores();

  it('when the store opens a fresh data dir, then every migration is applied and user_version is the newest', async () => {
    const store = open({ dataDir: temp.dataDir() });
    await store.close();
    const found = inspect(temp.dataDir());
    expect(found.version).toBe(MIGRATIONS.length);
    expect(found.journal).toBe('wal');
    expect(found.tables).toEqual(
      expect.arrayContaining(['tokens', 'realm_states', 'oauth_states', 'snapshots', 'snapshot_rows', 'sync_runs']),
    );
  });

  it('when the store is reopened, then nothing is re-applied and the data is still there', async () => {
    const first = open({ dataDir: temp.dataDir() });
    await first.saveTokens('9130350000000001', tokenSet());
    await first.close();
    const second = open({ dataDir: temp.dataDir() });
    expect(await second.listRealms()).toEqual(['9130350000000001']);
    await second.close();
    expect(inspect(temp.dataDir()).version).toBe(MIGRATIONS.length);
  });

  it('when the file was written by a newer build, then opening refuses with StoreSchemaTooNewError and changes nothing', async () => {
    await open({ dataDir: temp.dataDir() }).close();
    const file = path.join(temp.dataDir(), DATABASE_FILE_NAME);
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();

    expect(() => open({ dataDir: temp.dataDir() })).toThrow(StoreSchemaTooNewError);
    expect(() => open({ dataDir: temp.dataDir() })).toThrow(new RegExp(`schema version ${MIGRATIONS.length + 5} but this build knows only up to ${MIGRATIONS.length}`));
    expect(inspect(temp.dataDir()).version).toBe(MIGRATIONS.length + 5);
  });

  it('when a migration fails half-way, then the whole batch rolls back and user_version is unchanged', () => {
    fs.mkdirSync(temp.dataDir(), { recursive: true });
    const db = new Database(path.join(temp.dataDir(), 'scratch.sqlite'));
    const broken: Migration[] = [
      { version: 1, description: 'one table', up: 'CREATE TABLE a (x INTEGER)' },
      {
        version: 2,
        description: 'fails after a change',
        up: (conn) => {
          conn.exec('CREATE TABLE b (x INTEGER)');
          throw new Error('boom');
        },
      },
    ];
    try {
      expect(() => migrate(db, 'scratch.sqlite', broken)).toThrow('boom');
      expect(db.pragma('user_version', { simple: true })).toBe(0);
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);
      expect(migrate(db, 'scratch.sqlite', broken.slice(0, 1))).toEqual({ from: 0, to: 1 });
      expect(migrate(db, 'scratch.sqlite', broken.slice(0, 1))).toEqual({ from: 1, to: 1 });
    } finally {
      db.close();
    }
  });

  it('when migration versions are out of order, then migrate refuses before touching the file', () => {
    const db = new Database(':memory:');
    const misnumbered: Migration[] = [{ version: 2, description: 'gap', up: 'CREATE TABLE a (x INTEGER)' }];
    try {
      expect(() => migrate(db, ':memory:', misnumbered)).toThrow(/versions must be 1, 2, 3/);
      expect(db.pragma('user_version', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
  });
});
