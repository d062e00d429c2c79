/** The snapshot half of the `Store` contract (types.ts): rows, changes, loads and full replacements by generation. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Free-form, JSON-serialisable facts the sync engine keeps with a snapshot (for example per-entity counts). */
export type SnapshotMeta = { [key: string]: JsonValue };

export interface SnapshotUpsert {
  /** Entity list name, e.g. `customers`. */
  readonly entity: string;
  /** QBO Id. */
  readonly id: string;
  /** The raw QBO object as JSON text. */
  readonly raw: string;
  /** MetaData.LastUpdatedTime as QBO sent it. */
  readonly lastUpdated: string;
  /** Our normalized record as JSON and the format that wrote it, so a load can skip normalizing `raw`. */
  readonly record?: { readonly json: string; readonly format: string };
}

export interface SnapshotDelete {
  readonly entity: string;
  readonly id: string;
  /** When QuickBooks deleted it, where known (a follower replaying the change log compares it with its record's). */
  readonly lastUpdated?: string;
}

export interface SnapshotChanges {
  readonly upserts: readonly SnapshotUpsert[];
  readonly deletes: readonly SnapshotDelete[];
  /** Entities whose stored rows are all replaced by this change's upserts (a full sync of those lists). */
  readonly replaceEntities?: readonly string[];
  /** The instant the snapshot is complete up to (the CDC cursor for the next incremental sync). */
  readonly syncedThrough: string;
  /** Replaces the stored meta when given; left unchanged when omitted. */
  readonly meta?: SnapshotMeta;
  /**
   * Written only while this lease is the company's current one (checked in the same transaction): a leader that lost
   * its lease (paused past the TTL) has its late write refused with StoreFencedError. Omitted: no check.
   */
  readonly fence?: LeaseFence;
}

/** The lease a leader writes under: its holder id and the epoch it was granted (Store.acquireLease). */
export interface LeaseFence {
  readonly holder: string;
  readonly epoch: number;
}

export interface SnapshotRow {
  readonly id: string;
  /** Null when the load was asked to skip it (`LoadSnapshotOptions.rawUnlessFormat`). */
  readonly raw: string | null;
  readonly lastUpdated: string;
  /** The normalized record as JSON, and the format (normalizer code) that wrote it; null on older rows. */
  readonly record: string | null;
  readonly recordFormat: string | null;
}

export interface LoadSnapshotOptions {
  /** Rows whose stored record has this format come without `raw` (null): the raw JSON stays on disk. */
  readonly rawUnlessFormat?: string;
}

export interface StoredSnapshot {
  readonly realmId: string;
  /** Rows grouped by entity; an entity with no rows is absent. */
  readonly rowsByEntity: ReadonlyMap<string, readonly SnapshotRow[]>;
  readonly syncedThrough: string;
  /** When the snapshot was last written (ms since epoch). */
  readonly updatedAt: number;
  readonly meta?: SnapshotMeta;
  /** The store generation these rows are (readSnapshotRaw reads rows by generation). */
  readonly generation: number;
}

/** Where a replacement's rows go: the company's uncommitted generation (SnapshotReplacement.target), in Store.location. */
export interface GenerationTarget {
  readonly realmId: string;
  readonly generation: number;
}

export interface ReplaceOptions {
  /**
   * Asked before every slice and inside the committing transaction: false abandons the replacement (the sync
   * was cancelled, the company disconnected), which then rejects with StoreWriteAbandonedError, changing nothing.
   */
  readonly shouldCommit?: () => boolean;
  /** Longest transaction, in ms (default `DEFAULT_SLICE_MS`, generation-writes.ts). */
  readonly sliceMs?: number;
}

/** A replacement whose rows arrive in batches (a full sync's pages), so they never all sit in memory at once. */
export interface SnapshotReplacement {
  /**
   * Where `write` puts rows: another connection may write them there instead (generation-writes.ts
   * `openGenerationWriter`), as long as it has finished before `commit` or `abandon`.
   */
  readonly target: GenerationTarget;
  /**
   * Resolves once the background deletes of earlier replacements (old generations, abandoned ones) have ended.
   * Another connection should wait for it before writing into `target`: the two would contend for the write lock.
   */
  earlierDeletes(): Promise<void>;
  /** Writes rows into the new generation, in slices, after any earlier write. Rejects with the first failure. */
  write(upserts: readonly SnapshotUpsert[]): Promise<void>;
  /**
   * After the writes: checks `shouldCommit` and makes the new generation the stored snapshot in one transaction
   * (`upserts` of `changes` are ignored: they were written). Any failure removes what was written and rejects.
   */
  commit(changes: SnapshotChanges): Promise<void>;
  /** Drops the replacement: what was written is removed in the background. */
  abandon(): void;
}

/** A company's snapshot head as every replica reads it: which generation, and the last incremental commit on it. */
export interface SnapshotHead {
  readonly realmId: string;
  readonly generation: number;
  /** The change log's sequence number of the last incremental commit on this generation; 0 right after a full one. */
  readonly changeSeq: number;
  readonly syncedThrough: string;
}

/** One incremental commit as the change log keeps it: our records (no raw JSON), in the order they were written. */
export interface LoggedChanges {
  readonly seq: number;
  readonly upserts: readonly { readonly entity: string; readonly id: string; readonly lastUpdated: string; readonly record: { readonly json: string; readonly format: string } | null }[];
  readonly deletes: readonly SnapshotDelete[];
}
