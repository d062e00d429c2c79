/**
 * Copies everything one store holds into another, through the `Store` interface only, so it works between any two
 * engines: `npm run cli -- migrate-store` moves a SQLite data directory into PostgreSQL with it (README, "The store").
 * Tokens are read and written through the stores' own encryption, so both must be opened with the same SECRET_KEY
 * (a mismatch rejects with StoreKeyMismatchError before anything is written). Search images are not copied: they are
 * derived, and rebuilt by the first start that lacks them. Connect-flow states are not copied: they live minutes.
 */
import { StoreInvalidArgumentError } from './errors';
import type { SnapshotUpsert, Store, StoredTokenSet } from './types';

export interface CopyReport {
  readonly companies: number;
  readonly tokens: number;
  readonly readKeys: number;
  readonly snapshotRows: number;
  readonly syncRuns: number;
}

/** Rows written per call while a snapshot is copied. */
const ROWS_PER_WRITE = 1000;
/** More sync runs than any store keeps (1,000 per company). */
const ALL_RUNS = 10_000_000;

/** Refuses a target that already holds a company or tokens: a copy never merges two stores. */
export async function copyStore(from: Store, to: Store, onProgress: (line: string) => void = () => undefined): Promise<CopyReport> {
  const occupied = [...(await to.listCompanies()), ...(await to.listRealms())];
  if (occupied.length > 0) throw new StoreInvalidArgumentError(`the target store already holds company ${occupied[0]}: copy only into an empty store`);

  // Everything secret is read first: a store opened with another SECRET_KEY fails here, before any write.
  const realms = await from.listRealms();
  const tokens = new Map<string, StoredTokenSet>();
  for (const realmId of realms) {
    const stored = await from.getTokens(realmId);
    if (stored !== null) tokens.set(realmId, stored);
  }
  for (const [realmId, stored] of tokens) await to.saveTokens(realmId, stored);

  const companies = await from.listCompanies();
  for (const realmId of companies) {
    await to.addCompany(realmId);
    // The order companies were added in is kept by their times: one millisecond apart at least.
    await new Promise((resolve) => setTimeout(resolve, 2));
    const name = await from.getCompanyName(realmId);
    if (name !== null) await to.setCompanyName(realmId, name);
  }
  for (const realmId of new Set([...realms, ...companies])) {
    const state = await from.getRealmState(realmId);
    if (state !== null) await to.setRealmState(realmId, state);
  }
  const readKeys = await from.listReadKeys();
  for (const key of readKeys) await to.saveReadKey(key);

  let snapshotRows = 0;
  for (const realmId of companies) {
    const rows = await copySnapshot(from, to, realmId);
    snapshotRows += rows;
    onProgress(`company ${realmId}: ${rows} snapshot rows`);
  }

  // Oldest first, so each store's newest-first order (and its pruning) sees them as they happened.
  const runs = (await from.listSyncRuns(undefined, ALL_RUNS)).reverse();
  for (const run of runs) await to.insertSyncRun(run);
  return { companies: companies.length, tokens: tokens.size, readKeys: readKeys.length, snapshotRows, syncRuns: runs.length };
}

async function copySnapshot(from: Store, to: Store, realmId: string): Promise<number> {
  const snapshot = await from.loadSnapshot(realmId);
  if (snapshot === null) return 0;
  const replacement = await to.beginSnapshotReplace(realmId);
  let count = 0;
  try {
    for (const [entity, rows] of snapshot.rowsByEntity) {
      for (let at = 0; at < rows.length; at += ROWS_PER_WRITE) {
        const upserts = rows.slice(at, at + ROWS_PER_WRITE).map((row): SnapshotUpsert => ({
          entity,
          id: row.id,
          raw: row.raw ?? '',
          lastUpdated: row.lastUpdated,
          ...(row.record !== null && row.recordFormat !== null ? { record: { json: row.record, format: row.recordFormat } } : {}),
        }));
        await replacement.write(upserts);
        count += upserts.length;
      }
    }
    await replacement.commit({
      upserts: [],
      deletes: [],
      replaceEntities: [...snapshot.rowsByEntity.keys()],
      syncedThrough: snapshot.syncedThrough,
      ...(snapshot.meta === undefined ? {} : { meta: snapshot.meta }),
    });
  } catch (error) {
    replacement.abandon();
    throw error;
  }
  return count;
}
