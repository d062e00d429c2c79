/**
 * The store in PostgreSQL (DATABASE_URL): the same `Store` as the embedded SQLite file, for several replicas sharing
 * one database (README "Several replicas"). Tokens are encrypted exactly as in the file (SECRET_KEY). Search images
 * stay files in each replica's DATA_DIR (pg-reader.ts).
 */
import type pg from 'pg';
import type { Logger } from 'pino';
import { StoreClosedError, StoreInvalidArgumentError } from '../errors';
import { createImageFiles } from '../image-files';
import { ensureDataDir } from '../database';
import { resolveSecretKey } from '../secret-key';
import { createTokenCipher } from '../token-cipher';
import type { PostgresLocation, Store } from '../types';
import { createPgCompanies, createPgOAuthStates, createPgReadKeys, createPgRealmStates, deleteRealmRows } from './pg-account-rows';
import { asStoreError, inTransaction, openPool, redactedUrl } from './pg-connection';
import { migratePostgres } from './pg-migrations';
import { createPgLeases } from './pg-leases';
import { createPgReplication } from './pg-replication';
import { createPgSnapshots } from './pg-snapshots';
import { createPgSyncRuns } from './pg-sync-runs';
import { createPgTokens } from './pg-tokens';

export interface PostgresStoreOptions {
  /** DATABASE_URL. */
  readonly url: string;
  /** This replica's files: search images, and in demo mode `secret.key`. Created (0700) when missing. */
  readonly dataDir: string;
  readonly secretKey?: string;
  readonly allowGeneratedKey: boolean;
  readonly now?: () => number;
  readonly logger?: Logger;
  /** Most connections of the serving thread's pool (default 10). */
  readonly poolSize?: number;
}

/** Connects, migrates the schema (refusing one from a newer build) and returns the store. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const now = options.now ?? Date.now;
  ensureDataDir(options.dataDir);
  const cipher = createTokenCipher(resolveSecretKey(options));
  const where = redactedUrl(options.url);
  const pool = openPool({ url: options.url, max: options.poolSize, applicationName: 'qbo-cache' });
  // Its transactions wait for Intuit's answer (idle meanwhile): ended only past any refresh's time (a save that then
  // fails keeps the new tokens in memory and saves them again: auth/unsaved-tokens.ts).
  const lockPool = openPool({ url: options.url, max: 2, applicationName: 'qbo-cache token rotation', idleInTransactionMs: 120_000 });
  // An idle connection the server dropped: the pool discards it and the next query opens another.
  for (const each of [pool, lockPool]) each.on('error', (error) => options.logger?.warn({ err: { message: error.message } }, 'a PostgreSQL connection was lost'));
  try {
    const migration = await migratePostgres(pool, where);
    const store = buildStore({ pool, lockPool }, options, cipher, now);
    // Unlike the SQLite file's, a run left 'running' may be a live leader's: the replica that next takes the company's
    // lease records it failed ("leader lost": StoreReplication.failRunsOfLostLeader).
    await store.parts.oauthStates.purge(now());
    const foreign = await store.parts.tokens.countForeignKeyRows();
    if (foreign > 0) options.logger?.warn({ realms: foreign }, 'stored tokens were encrypted with a different SECRET_KEY; reconnect needed');
    options.logger?.info({ database: where, schemaVersion: migration.to, migratedFrom: migration.from }, 'store opened');
    return store.store;
  } catch (error) {
    await Promise.all([pool.end().catch(() => undefined), lockPool.end().catch(() => undefined)]);
    throw asStoreError(error);
  }
}

function buildStore({ pool, lockPool }: { pool: pg.Pool; lockPool: pg.Pool }, options: PostgresStoreOptions, cipher: ReturnType<typeof createTokenCipher>, now: () => number) {
  const parts = {
    tokens: createPgTokens(pool, lockPool, cipher, now),
    companies: createPgCompanies(pool),
    readKeys: createPgReadKeys(pool),
    realmStates: createPgRealmStates(pool),
    oauthStates: createPgOAuthStates(pool),
    snapshots: createPgSnapshots(pool, now),
    leases: createPgLeases(pool),
    syncRuns: createPgSyncRuns(pool),
  };
  const images = createImageFiles(options.dataDir);
  const location: PostgresLocation = { engine: 'postgres', url: options.url, dataDir: options.dataDir };
  let closed = false;
  // A database that cannot be reached is told apart from a bug: the HTTP layer answers 503 store_unavailable for it.
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw asStoreError(error);
    }
  };
  const open = () => {
    if (closed) throw new StoreClosedError();
    return parts;
  };
  const replication = createPgReplication(pool, options.url, options.logger);
  const store: Store = {
    location,
    replication: {
      heads: () => guard(() => (open(), replication.heads())),
      changesSince: (realmId, generation, afterSeq) => guard(() => (open(), replication.changesSince(realmId, generation, afterSeq))),
      listen: (onNotice) => replication.listen(onNotice),
      requestSync: (realmId, mode, trigger, by) => guard(() => (open(), replication.requestSync(realmId, mode, trigger, by))),
      takeSyncRequests: (realmId, holder) => guard(() => (open(), replication.takeSyncRequests(realmId, holder))),
      answerSyncRequest: (id, runId) => guard(() => (open(), replication.answerSyncRequest(id, runId))),
      syncRequestRun: (id) => guard(() => (open(), replication.syncRequestRun(id))),
      requestVerify: (realmId, by) => guard(() => (open(), replication.requestVerify(realmId, by))),
      answerVerifyRequest: (id, result) => guard(() => (open(), replication.answerVerifyRequest(id, result))),
      verifyRequestResult: (id) => guard(() => (open(), replication.verifyRequestResult(id))),
      failRunsOfLostLeader: (realmId, error, at) => guard(() => open().syncRuns.failRunningOf(realmId, error, at)),
    },
    rotateTokens: async (realmId, expected, rotate) => open().tokens.rotate(realmId, expected, rotate),
    saveTokens: (realmId, tokens, saveOptions) => guard(() => open().tokens.save(realmId, tokens, saveOptions)),
    getTokens: (realmId) => guard(() => open().tokens.get(realmId)),
    getTokenTiming: (realmId) => guard(() => open().tokens.timing(realmId)),
    deleteTokens: (realmId) => guard(() => open().tokens.delete(realmId)),
    listRealms: () => guard(() => open().tokens.listRealms()),
    listCompanies: () => guard(() => open().companies.list()),
    addCompany(realmId) {
      return guard(async () => {
        if (realmId === '') throw new StoreInvalidArgumentError('realmId must not be empty');
        await open().companies.add(realmId, now());
      });
    },
    getCompanyName: (realmId) => guard(() => open().companies.name(realmId)),
    setCompanyName: (realmId, name) => guard(() => open().companies.setName(realmId, name)),
    listReadKeys: () => guard(() => open().readKeys.list()),
    saveReadKey(row) {
      return guard(async () => {
        if (row.realmId === '' || row.id === '') throw new StoreInvalidArgumentError('a read key needs its realm id and id');
        await open().readKeys.save(row);
      });
    },
    deleteReadKey: (realmId, id) => guard(() => open().readKeys.delete(realmId, id)),
    getRealmState: (realmId) => guard(() => open().realmStates.get(realmId)),
    setRealmState: (realmId, state) => guard(() => open().realmStates.set(realmId, state)),
    saveOAuthState: (state, expiresAt) => guard(() => open().oauthStates.save(state, expiresAt, now())),
    consumeOAuthState: (state, at) => guard(() => open().oauthStates.consume(state, at ?? now())),
    applySnapshotChanges(realmId, changes, replaceOptions) {
      return guard(async () => {
        if (changes.replaceEntities !== undefined) await open().snapshots.replace(realmId, changes, replaceOptions);
        else await open().snapshots.apply(realmId, changes);
      });
    },
    beginSnapshotReplace: (realmId, replaceOptions) => guard(() => open().snapshots.begin(realmId, replaceOptions)),
    loadSnapshot: (realmId, loadOptions) => guard(() => open().snapshots.load(realmId, loadOptions?.rawUnlessFormat)),
    countSnapshotRows: (realmId, upTo) => guard(() => open().snapshots.count(realmId, upTo)),
    readSnapshotRaw: (realmId, generation, entity, ids) => guard(() => open().snapshots.readRaw(realmId, generation, entity, ids)),
    deleteRealmData(realmId) {
      return guard(async () => {
        open();
        if (realmId === '') throw new StoreInvalidArgumentError('realmId must not be empty');
        await inTransaction(pool, (client) => deleteRealmRows(client, realmId));
        await images.deleteRealm(realmId);
      });
    },
    async deleteSearchImages(realmId) {
      open();
      await images.deleteRealm(realmId);
    },
    readSearchImage(realmId, index) {
      open();
      return images.read(realmId, index);
    },
    async writeSearchImage(realmId, index, lines, signal) {
      open();
      await images.write(realmId, index, lines, signal);
    },
    insertSyncRun: (run) => guard(() => open().syncRuns.insert(run)),
    updateSyncRun: (id, patch) => guard(() => open().syncRuns.update(id, patch)),
    getSyncRun: (id) => guard(() => open().syncRuns.get(id)),
    listSyncRuns: (realmId, limit) => guard(() => open().syncRuns.list(realmId, limit)),
    acquireLease: (realmId, holder, ttlMs) => guard(() => open().leases.acquire(realmId, holder, ttlMs)),
    releaseLease: (realmId, holder) => guard(() => open().leases.release(realmId, holder)),
    ping: () =>
      guard(async () => {
        open();
        await pool.query('SELECT 1');
      }),
    async close() {
      if (closed) return;
      closed = true;
      await parts.snapshots.stop();
      await Promise.all([pool.end(), lockPool.end()]);
    },
  };
  return { store, parts };
}
