/** Opening the embedded store: the data dir, the key, the schema, the checkpoint worker, and what a crash left behind. */
import path from 'node:path';
import type { Logger } from 'pino';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { BUSY_TIMEOUT_MS, DATABASE_FILE_NAME, ensureDataDir, openDatabase } from './database';
import { createImageFiles } from './image-files';
import { migrate } from './migrations';
import { createOAuthStates } from './oauth-states';
import { createCompanyRows } from './company-rows';
import { createReadKeyRows } from './read-key-rows';
import { createRealmStates } from './realm-states';
import { resolveSecretKey } from './secret-key';
import { createSnapshotRows } from './snapshot-rows';
import { SqliteStore, type Parts } from './sqlite-store';
import { createSyncRuns } from './sync-runs';
import { createTokenCipher } from './token-cipher';
import { createTokenRows } from './token-rows';
import type { Store } from './types';
import { createWriteTurn, holdingTurn } from './write-turn';

export interface SqliteStoreOptions {
  /** Created (0700) when missing; holds `qbo-cache.sqlite` and, in demo mode, `secret.key`. */
  readonly dataDir: string;
  /** SECRET_KEY: the tokens' encryption key is derived from it. */
  readonly secretKey?: string;
  /** Without `secretKey`, generate and keep a key in `<dataDir>/secret.key` (demo mode) instead of failing. */
  readonly allowGeneratedKey: boolean;
  /** ms since epoch; injectable for tests. */
  readonly now?: () => number;
  /** The store's (child) logger. */
  readonly logger?: Logger;
}

/**
 * Opens the embedded store. Synchronous on purpose: it runs once at start-up, and a failure (no SECRET_KEY,
 * a schema from a newer build) must stop start-up with a clear error before anything else runs.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const now = options.now ?? Date.now;
  ensureDataDir(options.dataDir);
  const cipher = createTokenCipher(resolveSecretKey(options));
  const db = openDatabase(options.dataDir);
  let checkpointer: Checkpointer | undefined;
  try {
    const file = path.join(options.dataDir, DATABASE_FILE_NAME);
    const migration = migrate(db, file);
    const writeTurn = createWriteTurn();
    const turn = <T>(work: () => T): T => holdingTurn(writeTurn, work);
    const background = (checkpointer = startCheckpointer(db, { busyTimeoutMs: BUSY_TIMEOUT_MS, writeTurn, logger: options.logger }));
    const parts: Parts = {
      db,
      tokens: createTokenRows(db, cipher, now),
      realmStates: createRealmStates(db),
      companies: createCompanyRows(db),
      readKeys: createReadKeyRows(db),
      oauthStates: createOAuthStates(db),
      snapshots: createSnapshotRows(db, { turn, deleteInBackground: (which, realmId, generation, sliceMs) => background.deleteGenerations(which, realmId, generation, sliceMs) }),
      syncRuns: createSyncRuns(db),
    };
    recoverFromLastRun(parts, now, options.logger);
    options.logger?.info({ file, schemaVersion: migration.to, migratedFrom: migration.from }, 'store opened');
    return new SqliteStore(parts, createImageFiles(options.dataDir), background, now, { engine: 'sqlite', dataDir: options.dataDir, writeTurn });
  } catch (error) {
    void checkpointer?.close();
    db.close();
    throw error;
  }
}

function recoverFromLastRun(parts: Parts, now: () => number, logger: Logger | undefined): void {
  // One process owns the data dir, so a run still 'running' at open was cut short by a crash or a kill.
  const interrupted = parts.syncRuns.failInterrupted(new Date(now()).toISOString());
  if (interrupted > 0) logger?.warn({ interrupted }, 'marked sync runs left running by the previous process as failed');
  parts.oauthStates.purge(now());
  const foreign = parts.tokens.countForeignKeyRows();
  if (foreign > 0) {
    logger?.warn({ realms: foreign }, 'stored tokens were encrypted with a different SECRET_KEY; reconnect needed');
  }
}
