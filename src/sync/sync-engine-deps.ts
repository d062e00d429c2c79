import type { Logger } from 'pino';
import type { CacheHolder, Snapshot, SnapshotTables } from '../cache';
import type { EntityName } from '../qbo';
import type { SearchIndexes } from '../search';
import type { GenerationTarget, Store } from '../store';
import type { RunTracker } from './run-tracker';
import type { SyncRunView, SyncSource } from './types';

/** What a SyncEngine is built from: the store, the cache it swaps, the QuickBooks source and the pull. */
export interface SyncEngineDeps {
  readonly store: Store;
  /** The cached entities (QUICKBOOKS_ENTITIES), in ENTITY_NAMES' order. */
  readonly entities: readonly EntityName[];
  readonly cache: CacheHolder;
  /**
   * The source for the connected realm. When QuickBooks cannot be called it throws the token manager's
   * NotConnectedError, which `start` passes on unchanged: callers test for that one type.
   */
  readonly source: () => { realmId: string; source: SyncSource };
  /** The company whose tokens are held (also while it awaits a reconnect); null once disconnected. */
  readonly heldRealm: () => string | null;
  /**
   * A full pull of `entities` (pull-worker/run-pull-worker.ts): every row written into the uncommitted store
   * generation `target`, the records returned; it stops early once `shouldContinue` answers false
   * (StoreWriteAbandonedError).
   */
  readonly pullFull: (run: RunTracker, target: GenerationTarget, shouldContinue: () => boolean, entities: readonly EntityName[]) => Promise<SnapshotTables>;
  /** Builds search indexes beside the serving ones (cancellable through the signal). */
  readonly buildIndexes: (snapshot: Snapshot, signal: AbortSignal) => Promise<SearchIndexes>;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Older cursors get a full sync instead of CDC (default 29 days; docs/quickbooks.md#change-data-capture: 30 at most). */
  readonly maxCdcAgeMs?: number;
  /** Re-read this much before the cursor: clocks differ and QBO commits are not instantaneous. */
  readonly overlapMs?: number;
  /** Every finished run, whatever its status (metrics). */
  readonly onFinished?: (run: SyncRunView, durationMs: number) => void;
}
