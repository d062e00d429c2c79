import type { Database } from 'better-sqlite3';
import { StoreSchemaTooNewError } from './errors';

/**
 * Schema history. Append only: a shipped migration never changes, a new one gets the next version. The
 * database's `PRAGMA user_version` is the number of migrations applied.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly up: string | ((db: Database) => void);
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'tokens, realm state, OAuth states, snapshot rows, sync runs',
    up: `
      -- Secret parts (access and refresh token) only inside the AES-GCM blob; timing is plain so the status
      -- page can read it without the key. key_id tells a row under another SECRET_KEY from a tampered one.
      CREATE TABLE tokens (
        realm_id TEXT PRIMARY KEY,
        key_id TEXT NOT NULL,
        secret BLOB NOT NULL,
        token_type TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_in INTEGER NOT NULL,
        refresh_expires_in INTEGER NOT NULL,
        refresh_hard_expires_in INTEGER,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE realm_states (
        realm_id TEXT PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('connected', 'reconnect_required')),
        reason TEXT,
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- SHA-256 of the state, never the state: a leaked file cannot be replayed into the callback.
      CREATE TABLE oauth_states (
        state_hash BLOB PRIMARY KEY,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX oauth_states_expires_at ON oauth_states (expires_at);

      CREATE TABLE snapshots (
        realm_id TEXT PRIMARY KEY,
        synced_through TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        meta TEXT
      ) STRICT;

      -- A rowid table (not WITHOUT ROWID): invoice JSON runs to kilobytes, too large for clustered keys.
      CREATE TABLE snapshot_rows (
        realm_id TEXT NOT NULL,
        entity TEXT NOT NULL,
        id TEXT NOT NULL,
        raw TEXT NOT NULL,
        last_updated TEXT NOT NULL
      ) STRICT;
      CREATE UNIQUE INDEX snapshot_rows_key ON snapshot_rows (realm_id, entity, id);

      CREATE TABLE sync_runs (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('full', 'incremental')),
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
        started_at TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        finished_at TEXT,
        api_calls INTEGER NOT NULL,
        records INTEGER NOT NULL,
        deleted INTEGER NOT NULL,
        error TEXT,
        progress_completed INTEGER,
        progress_total INTEGER
      ) STRICT;
      CREATE INDEX sync_runs_started ON sync_runs (started_ms);
      CREATE INDEX sync_runs_realm_started ON sync_runs (realm_id, started_ms);
      CREATE INDEX sync_runs_status ON sync_runs (status);
    `,
  },
  {
    version: 2,
    description: 'snapshot rows keep their normalized record; full replacements are written by generation',
    up: `
      -- record: our normalized record as JSON; record_format: the normalizer code that wrote it (qbo/record-format.ts).
      -- NULL on rows written before this version: those are normalized from raw at load.
      ALTER TABLE snapshot_rows ADD COLUMN record TEXT;
      ALTER TABLE snapshot_rows ADD COLUMN record_format TEXT;
      -- A full sync writes its rows as a new generation in many short transactions, then one tiny transaction
      -- points the head at it (snapshot-replace.ts): the event loop and token saves never wait on a 400 MB write.
      ALTER TABLE snapshot_rows ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE snapshots ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
      DROP INDEX snapshot_rows_key;
      CREATE UNIQUE INDEX snapshot_rows_key ON snapshot_rows (realm_id, generation, entity, id);
    `,
  },
  {
    version: 3,
    description: 'the connected companies, several per service, and their read keys',
    up: `
      CREATE TABLE companies (
        realm_id TEXT PRIMARY KEY,
        added_at INTEGER NOT NULL
      ) STRICT;
      -- SHA-256 of each key, never the key (shown once when made: auth/read-keys.ts).
      CREATE TABLE read_keys (
        id TEXT PRIMARY KEY,
        realm_id TEXT NOT NULL,
        hash BLOB NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX read_keys_realm ON read_keys (realm_id);
      -- Until now the service served the realm whose tokens were saved last; tokens of a realm connected before it
      -- were left behind, unused. That realm becomes the one company, with no reconnect and no full sync.
      INSERT INTO companies (realm_id, added_at) SELECT realm_id, updated_at FROM tokens ORDER BY updated_at DESC LIMIT 1;
    `,
  },
  {
    version: 4,
    description: "each company's name as QuickBooks shows it (CompanyInfo), read when it is connected",
    up: `
      ALTER TABLE companies ADD COLUMN name TEXT;
    `,
  },
];

export interface MigrationResult {
  readonly from: number;
  readonly to: number;
}

/**
 * Brings the schema up to the newest known version in one IMMEDIATE transaction: the version is read under the
 * write lock, so two processes opening the same file cannot both migrate, and a failing migration leaves the
 * file exactly as it was. A file from a newer build is refused rather than guessed at.
 */
export function migrate(db: Database, file: string, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  assertOrdered(migrations);
  const known = migrations.length;
  const run = db.transaction((): MigrationResult => {
    const from = db.pragma('user_version', { simple: true }) as number;
    if (from > known) throw new StoreSchemaTooNewError(file, from, known);
    for (const migration of migrations.slice(from)) {
      if (typeof migration.up === 'string') db.exec(migration.up);
      else migration.up(db);
    }
    // user_version is part of the database header, so it commits or rolls back with the migrations.
    if (known !== from) db.pragma(`user_version = ${known}`);
    return { from, to: known };
  });
  return run.immediate();
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      const found = `migration #${index + 1} has version ${migration.version}`;
      throw new Error(`${found}; versions must be 1, 2, 3, … in order`);
    }
  });
}
