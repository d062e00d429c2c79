import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export const DATABASE_FILE_NAME = 'qbo-cache.sqlite';

/** How long a statement waits for another connection's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/** Creates the data dir owner-only (0700) when missing; an existing directory keeps its mode. */
export function ensureDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
}

/**
 * Opens (creating when missing) the database file. A new file is created 0600 before SQLite touches it: SQLite
 * gives the -wal and -shm files the database file's permissions, so all three stay owner-only.
 */
export function openDatabase(dataDir: string): Database.Database {
  const file = path.join(dataDir, DATABASE_FILE_NAME);
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    configure(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function configure(db: Database.Database): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`SQLite refused WAL mode for ${db.name} (got ${String(mode)})`);
  // In WAL mode synchronous=NORMAL fsyncs only at checkpoints, so a power cut can drop the last commits even
  // though they returned. A lost commit could be a rotated refresh token, and the one before it may already be
  // dead (docs/quickbooks.md#token-lifetimes-and-rotation). FULL fsyncs the WAL on every commit; writes are rare
  // and batched, so it costs little.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}
