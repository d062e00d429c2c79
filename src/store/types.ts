/**
 * The `Store` contract, engine-neutral: the embedded SQLite file (sqlite-store.ts, the default) and PostgreSQL
 * (postgres/postgres-store.ts, `DATABASE_URL`) implement it, and one conformance suite runs against both. Every
 * method is asynchronous and promises nothing about ticks: a method has finished its work (and its commit is
 * durable) when its Promise resolves, and nothing more.
 */

import type { StoreReplication, SyncMode } from './replication-types';
import type { LoadSnapshotOptions, ReplaceOptions, SnapshotChanges, SnapshotReplacement, StoredSnapshot } from './snapshot-types';

export type * from './snapshot-types';
export type * from './replication-types';

/** One OAuth token response as we keep it (docs/quickbooks.md#token-endpoint). Lifetimes in seconds, as Intuit sends them. */
export interface StoredTokenSet {
  readonly realmId: string;
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: string;
  /** `expires_in`: seconds the access token lives after `createdAt` (3600). */
  readonly expiresIn: number;
  /** `x_refresh_token_expires_in`: seconds the refresh token lives after `createdAt` (rolling 100 days). */
  readonly refreshTokenExpiresIn: number;
  /** `x_refresh_token_hard_expires_in`: seconds left of the five-year cap, when Intuit sent it. */
  readonly refreshTokenHardExpiresIn?: number;
  /** When Intuit issued the tokens (ms since epoch). */
  readonly createdAt: number;
}

/** The non-secret timing of a stored token set, readable without the encryption key (ms since epoch). */
export interface TokenTiming {
  readonly realmId: string;
  readonly createdAt: number;
  readonly accessTokenExpiresAt: number;
  readonly refreshTokenExpiresAt: number;
  readonly refreshTokenHardExpiresAt?: number;
  readonly updatedAt: number;
}

export interface SaveTokensOptions {
  /**
   * Compare-and-swap guard for two writers: save only when the stored refresh token is this one
   * (no stored tokens counts as a mismatch). `saveTokens` then resolves `false` and writes nothing.
   */
  readonly expectedRefreshToken?: string;
}

/** A company's leadership among the processes sharing a store: who holds it, under which epoch, until when. */
export interface Lease {
  readonly realmId: string;
  readonly holder: string;
  /** Grows by one each time another holder takes the lease: the fencing number of every write made under it. */
  readonly epoch: number;
  /** ms since epoch, by the store's clock (PostgreSQL's), not the caller's. */
  readonly expiresAt: number;
}

/** What `Store.rotateTokens` did. */
export interface TokenRotation {
  /** The newest tokens: those `rotate` returned, or the stored ones when another process had rotated them first. */
  readonly tokens: StoredTokenSet;
  /** Whether `rotate` was called (a refresh was sent to Intuit). */
  readonly rotated: boolean;
  /**
   * False when `rotate` answered but storing its tokens failed (the database went away): the refresh token sent is
   * spent, so the caller keeps `tokens` and stores them again later (saveTokens guarded by the spent token).
   */
  readonly saved: boolean;
}

export type RealmStatus = 'connected' | 'reconnect_required';

export interface RealmState {
  readonly status: RealmStatus;
  /** Why reconnecting is needed (for example `invalid_grant`); never a token. */
  readonly reason?: string;
  /** ms since epoch. */
  readonly updatedAt: number;
}

export type OAuthStateResult = 'ok' | 'unknown' | 'expired' | 'used';

/** A read key as stored: its SHA-256 hash, never the key. */
export interface ReadKeyRow {
  readonly id: string;
  readonly realmId: string;
  readonly hash: Buffer;
  readonly createdAt: number;
}

export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface SyncProgress {
  readonly completed: number;
  readonly total: number;
}

export interface SyncRunRecord {
  readonly id: string;
  readonly realmId: string;
  readonly mode: SyncMode;
  readonly status: SyncRunStatus;
  /** ISO 8601. */
  readonly startedAt: string;
  /** ISO 8601. */
  readonly finishedAt?: string;
  readonly apiCalls: number;
  readonly records: number;
  readonly deleted: number;
  readonly error?: string;
  readonly progress?: SyncProgress;
}

/** The fields of a run that change while it runs; omitted fields keep their value. */
export type SyncRunPatch = Partial<
  Pick<SyncRunRecord, 'mode' | 'status' | 'finishedAt' | 'apiCalls' | 'records' | 'deleted' | 'error' | 'progress'>
>;

/** Where a store lives, as a structured-cloneable value (Store.location), for a data thread's own connection. */
export type StoreLocation = SqliteLocation | PostgresLocation;

export interface SqliteLocation {
  readonly engine: 'sqlite';
  readonly dataDir: string;
  /** The serving thread's write turn (write-turn.ts): a thread that writes here waits for it before each slice. */
  readonly writeTurn: SharedArrayBuffer;
}

export interface PostgresLocation {
  readonly engine: 'postgres';
  /** DATABASE_URL. It holds the password: it crosses to data threads, and is never logged. */
  readonly url: string;
  /** This replica's own files: the search images (a per-replica cache of derived data, see image-files.ts). */
  readonly dataDir: string;
}

export interface Store {
  /** The coordination several processes sharing the store need; undefined for the SQLite file (one process). */
  readonly replication?: StoreReplication;
  /** Where the store is, for a data thread's own connection (store-reader.ts `openStoreReader`). */
  readonly location: StoreLocation;
  /** Upserts the realm's tokens, durably, before resolving. Resolves `false` only when a CAS guard failed. */
  saveTokens(realmId: string, tokens: StoredTokenSet, options?: SaveTokensOptions): Promise<boolean>;
  /**
   * One rotation at a time for the realm across every process sharing the store: under the store's lock on the
   * realm's tokens (PostgreSQL: the row `FOR UPDATE`, held across `rotate`), calls `rotate` with the stored tokens
   * only when their refresh token is still `expectedRefreshToken`, and stores what it returns before the lock is
   * let go. When another process rotated first, resolves the stored tokens without calling `rotate`. Rejects like
   * `rotate` does, or when nothing is stored for the realm.
   */
  rotateTokens(realmId: string, expectedRefreshToken: string, rotate: (stored: StoredTokenSet) => Promise<StoredTokenSet>): Promise<TokenRotation>;
  /** Rejects with `StoreKeyMismatchError` when the tokens were encrypted under another SECRET_KEY. */
  getTokens(realmId: string): Promise<StoredTokenSet | null>;
  getTokenTiming(realmId: string): Promise<TokenTiming | null>;
  deleteTokens(realmId: string): Promise<void>;
  /** Realms that have stored tokens, sorted. */
  listRealms(): Promise<string[]>;
  /** The connected companies' realm ids, in the order they were connected. */
  listCompanies(): Promise<string[]>;
  /** Lists a realm as a connected company (idempotent); deleteRealmData removes it. */
  addCompany(realmId: string): Promise<void>;
  /** A connected company's name as QuickBooks shows it; null until it was read (or for a realm not listed). */
  getCompanyName(realmId: string): Promise<string | null>;
  /** Keeps a listed company's name (a realm not listed is ignored). */
  setCompanyName(realmId: string, name: string): Promise<void>;

  /** Every company's read keys, by hash (auth/read-keys.ts); deleteRealmData deletes a company's. */
  listReadKeys(): Promise<ReadKeyRow[]>;
  saveReadKey(row: ReadKeyRow): Promise<void>;
  /** False when the company has no key with this id. */
  deleteReadKey(realmId: string, id: string): Promise<boolean>;

  getRealmState(realmId: string): Promise<RealmState | null>;
  setRealmState(realmId: string, state: RealmState): Promise<void>;

  /** Remembers a connect-flow `state` (only its hash is stored) until `expiresAt` (ms since epoch). */
  saveOAuthState(state: string, expiresAt: number): Promise<void>;
  /** Single use: the first consume of a live state is `ok`, every later one `used`. */
  consumeOAuthState(state: string, now?: number): Promise<OAuthStateResult>;

  /**
   * Applies a sync's result, all of it or none of it: changes in one transaction; a replacement
   * (`replaceEntities`) in short slices then one committing transaction (snapshot-replace.ts), abandoned with
   * StoreWriteAbandonedError when `options.shouldCommit` turns false.
   */
  applySnapshotChanges(realmId: string, changes: SnapshotChanges, options?: ReplaceOptions): Promise<void>;
  /**
   * A replacement whose rows are written as they arrive (a full sync's pages) and committed at the end, in the same
   * slices and with the same guarantees as a replacement through applySnapshotChanges.
   */
  beginSnapshotReplace(realmId: string, options?: ReplaceOptions): Promise<SnapshotReplacement>;
  loadSnapshot(realmId: string, options?: LoadSnapshotOptions): Promise<StoredSnapshot | null>;
  /** The rows of the company's committed snapshot, counted up to `upTo` at most (a cheap "is it small?"). */
  countSnapshotRows(realmId: string, upTo: number): Promise<number>;
  /**
   * The raw JSON of these rows of one generation of the company's snapshot (undefined where there is none), in the
   * order asked. A generation is kept after the next one is committed at least until the cache that served it was
   * swapped (the caller checks that its view is still served once the read resolves).
   */
  readSnapshotRaw(realmId: string, generation: number, entity: string, ids: readonly string[]): Promise<(string | undefined)[]>;
  /** Forgets a realm: tokens, realm state, snapshot and search images. Sync history is kept (it holds no company data). */
  deleteRealmData(realmId: string): Promise<void>;

  /** Deletes the realm's search images (after its data thread, which may have been writing them, has exited). */
  deleteSearchImages(realmId: string): Promise<void>;
  /** A search index image's lines (search/image-format.ts), or null when none was written. */
  readSearchImage(realmId: string, index: string): AsyncIterable<string> | null;
  /** Replaces a search index image atomically (image-files.ts); rejects and keeps the old one on failure. */
  writeSearchImage(realmId: string, index: string, lines: AsyncIterable<string>, signal?: AbortSignal): Promise<void>;

  insertSyncRun(run: SyncRunRecord): Promise<void>;
  /** Resolves the updated run, or `null` when no run has this id. */
  updateSyncRun(id: string, patch: SyncRunPatch): Promise<SyncRunRecord | null>;
  getSyncRun(id: string): Promise<SyncRunRecord | null>;
  /** Newest first; all realms when `realmId` is undefined. */
  listSyncRuns(realmId: string | undefined, limit: number): Promise<SyncRunRecord[]>;

  /**
   * Takes or renews the company's lease for `holder` for `ttlMs` (by the store's clock): resolves the lease, or null
   * while another holder's lease is live. Taking it from another holder (after it expired) raises the epoch. The
   * SQLite file has one process: its lease is always granted.
   */
  acquireLease(realmId: string, holder: string, ttlMs: number): Promise<Lease | null>;
  /** Gives the lease up (a clean stop), so another process need not wait out the TTL. */
  releaseLease(realmId: string, holder: string): Promise<void>;

  /** Resolves when the store can be used; rejects with StoreUnavailableError when its database cannot be reached. */
  ping(): Promise<void>;

  /** Idempotent. Later calls on a closed store reject with `StoreClosedError`. */
  close(): Promise<void>;
}
