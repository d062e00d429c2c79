/** The embedded store: the `Store` interface over one SQLite file (open-sqlite-store.ts opens it). */
import type { Database, Transaction } from 'better-sqlite3';
import type { Checkpointer } from './checkpointer';
import { StoreClosedError, StoreInvalidArgumentError } from './errors';
import type { ImageFiles } from './image-files';
import type { OAuthStates } from './oauth-states';
import type { CompanyRows } from './company-rows';
import type { ReadKeyRows } from './read-key-rows';
import type { RealmStates } from './realm-states';
import type { SnapshotRows } from './snapshot-rows';
import type { SyncRuns } from './sync-runs';
import type { TokenRows } from './token-rows';
import { holdingTurn } from './write-turn';
import type {
  SqliteLocation,
  LoadSnapshotOptions,
  OAuthStateResult,
  RealmState,
  ReadKeyRow,
  ReplaceOptions,
  SaveTokensOptions,
  SnapshotChanges,
  SnapshotReplacement,
  Store,
  StoredSnapshot,
  StoredTokenSet,
  SyncRunPatch,
  SyncRunRecord,
  Lease,
  TokenRotation,
  TokenTiming,
} from './types';
import { rotateInOneProcess } from './token-rotation';


export interface Parts {
  readonly db: Database;
  readonly tokens: TokenRows;
  readonly realmStates: RealmStates;
  readonly companies: CompanyRows;
  readonly readKeys: ReadKeyRows;
  readonly oauthStates: OAuthStates;
  readonly snapshots: SnapshotRows;
  readonly syncRuns: SyncRuns;
}

export class SqliteStore implements Store {
  private closed = false;
  private readonly deleteRealm: Transaction<(realmId: string) => void>;

  constructor(
    private readonly parts: Parts,
    private readonly images: ImageFiles,
    private readonly checkpointer: Checkpointer,
    private readonly now: () => number,
    readonly location: SqliteLocation,
  ) {
    // IMMEDIATE, like every write transaction here: it waits for the write lock up front instead of failing
    // with SQLITE_BUSY when another connection committed between its read and its write.
    this.deleteRealm = parts.db.transaction((realmId: string) => {
      parts.tokens.delete(realmId);
      parts.realmStates.delete(realmId);
      parts.companies.delete(realmId);
      parts.readKeys.deleteRealm(realmId);
      parts.snapshots.delete(realmId);
    });
  }

  async saveTokens(realmId: string, tokens: StoredTokenSet, options?: SaveTokensOptions): Promise<boolean> {
    return this.writing((parts) => parts.tokens.save(realmId, tokens, options));
  }

  rotateTokens(realmId: string, expectedRefreshToken: string, rotate: (stored: StoredTokenSet) => Promise<StoredTokenSet>): Promise<TokenRotation> {
    return rotateInOneProcess(realmId, expectedRefreshToken, rotate, { get: (realm) => this.getTokens(realm), save: (realm, tokens) => this.saveTokens(realm, tokens) });
  }

  async getTokens(realmId: string): Promise<StoredTokenSet | null> {
    return this.open().tokens.get(realmId);
  }

  async getTokenTiming(realmId: string): Promise<TokenTiming | null> {
    return this.open().tokens.timing(realmId);
  }

  async deleteTokens(realmId: string): Promise<void> {
    this.writing((parts) => parts.tokens.delete(realmId));
  }

  async listRealms(): Promise<string[]> {
    return this.open().tokens.listRealms();
  }

  async listCompanies(): Promise<string[]> {
    return this.open().companies.list();
  }

  async addCompany(realmId: string): Promise<void> {
    if (realmId === '') throw new StoreInvalidArgumentError('realmId must not be empty');
    this.writing((parts) => parts.companies.add(realmId, this.now()));
  }

  async getCompanyName(realmId: string): Promise<string | null> {
    return this.open().companies.name(realmId);
  }

  async setCompanyName(realmId: string, name: string): Promise<void> {
    this.writing((parts) => parts.companies.setName(realmId, name));
  }

  async listReadKeys(): Promise<ReadKeyRow[]> {
    return this.open().readKeys.list();
  }

  async saveReadKey(row: ReadKeyRow): Promise<void> {
    if (row.realmId === '' || row.id === '') throw new StoreInvalidArgumentError('a read key needs its realm id and id');
    this.writing((parts) => parts.readKeys.save(row));
  }

  async deleteReadKey(realmId: string, id: string): Promise<boolean> {
    return this.writing((parts) => parts.readKeys.delete(realmId, id));
  }

  async getRealmState(realmId: string): Promise<RealmState | null> {
    return this.open().realmStates.get(realmId);
  }

  async setRealmState(realmId: string, state: RealmState): Promise<void> {
    this.writing((parts) => parts.realmStates.set(realmId, state));
  }

  async saveOAuthState(state: string, expiresAt: number): Promise<void> {
    this.writing((parts) => parts.oauthStates.save(state, expiresAt, this.now()));
  }

  async consumeOAuthState(state: string, now?: number): Promise<OAuthStateResult> {
    return this.writing((parts) => parts.oauthStates.consume(state, now ?? this.now()));
  }

  async applySnapshotChanges(realmId: string, changes: SnapshotChanges, options?: ReplaceOptions): Promise<void> {
    if (changes.replaceEntities !== undefined) await this.open().snapshots.replace(realmId, changes, this.now, options);
    else this.writing((parts) => parts.snapshots.apply(realmId, changes, this.now()));
  }

  async beginSnapshotReplace(realmId: string, options?: ReplaceOptions): Promise<SnapshotReplacement> {
    return this.open().snapshots.beginReplace(realmId, this.now, options);
  }

  async loadSnapshot(realmId: string, options?: LoadSnapshotOptions): Promise<StoredSnapshot | null> {
    return this.open().snapshots.load(realmId, options?.rawUnlessFormat);
  }

  async countSnapshotRows(realmId: string, upTo: number): Promise<number> {
    return this.open().snapshots.count(realmId, upTo);
  }

  async readSnapshotRaw(realmId: string, generation: number, entity: string, ids: readonly string[]): Promise<(string | undefined)[]> {
    return this.open().snapshots.readRaw(realmId, generation, entity, ids);
  }

  async deleteRealmData(realmId: string): Promise<void> {
    this.open();
    if (realmId === '') throw new StoreInvalidArgumentError('realmId must not be empty');
    this.writing(() => this.deleteRealm.immediate(realmId));
    await this.images.deleteRealm(realmId);
  }

  async deleteSearchImages(realmId: string): Promise<void> {
    this.open();
    await this.images.deleteRealm(realmId);
  }

  readSearchImage(realmId: string, index: string): AsyncIterable<string> | null {
    this.open();
    return this.images.read(realmId, index);
  }

  async writeSearchImage(realmId: string, index: string, lines: AsyncIterable<string>, signal?: AbortSignal): Promise<void> {
    this.open();
    await this.images.write(realmId, index, lines, signal);
  }

  async insertSyncRun(run: SyncRunRecord): Promise<void> {
    this.writing((parts) => parts.syncRuns.insert(run));
  }

  async updateSyncRun(id: string, patch: SyncRunPatch): Promise<SyncRunRecord | null> {
    return this.writing((parts) => parts.syncRuns.update(id, patch));
  }

  async getSyncRun(id: string): Promise<SyncRunRecord | null> {
    return this.open().syncRuns.get(id);
  }

  async listSyncRuns(realmId: string | undefined, limit: number): Promise<SyncRunRecord[]> {
    return this.open().syncRuns.list(realmId, limit);
  }

  /** One process owns the file: it leads every company, under one epoch, and fences are never stale. */
  async acquireLease(realmId: string, holder: string, ttlMs: number): Promise<Lease> {
    this.open();
    return { realmId, holder, epoch: 1, expiresAt: this.now() + ttlMs };
  }

  async releaseLease(): Promise<void> {
    this.open();
  }

  /** The file is local: open means usable. */
  async ping(): Promise<void> {
    this.open();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.checkpointer.close();
    // Lets SQLite refresh the query planner's statistics it found worth refreshing; cheap, and the right moment.
    this.parts.db.pragma('optimize');
    this.parts.db.close();
  }

  /** A write on this (the serving thread's) connection: with the write turn held (write-turn.ts). */
  private writing<T>(work: (parts: Parts) => T): T {
    const parts = this.open();
    return holdingTurn(this.location.writeTurn, () => work(parts));
  }

  private open(): Parts {
    if (this.closed) throw new StoreClosedError();
    return this.parts;
  }
}
