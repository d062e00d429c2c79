import type { Logger } from 'pino';
import type { CacheHolder, SnapshotInfo } from '../cache';
import type { EntityName } from '../qbo';
import type { GenerationTarget, LeaseFence, Store } from '../store';
import type { DataWorker } from './data-thread/data-worker-types';
import type { RunTracker } from './run-tracker';
import type { SyncRunView, SyncSource } from './types';

/** What a full sync pulls, and what its data thread then serves (data-thread/protocol.ts `DataFill`). */
export interface PullPlan {
  readonly target: GenerationTarget;
  readonly pull: readonly EntityName[];
  readonly keep: readonly EntityName[];
  readonly info: SnapshotInfo;
}

/** What a SyncEngine is built from: the store, the cache it swaps, the QuickBooks source and the data threads. */
export interface SyncEngineDeps {
  readonly store: Store;
  /** The company whose runs `history` lists; without one (no company connected) every company's. */
  readonly realmId?: string;
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
   * A new thread that pulls a full sync (data-thread/data-thread.ts): every row of `plan.pull` written into the
   * uncommitted store generation `plan.target`. Its `ready` resolves null once it has ended; it stops early once
   * `shouldContinue` answers false (StoreWriteAbandonedError).
   */
  readonly startPull: (run: RunTracker, plan: PullPlan, shouldContinue: () => boolean) => DataWorker;
  /** A new data thread serving `plan`'s snapshot, read from its generation before the commit, its indexes built. */
  readonly startGeneration: (run: RunTracker, plan: PullPlan, shouldContinue: () => boolean) => DataWorker;
  /** A new data thread loaded from the company's committed snapshot (after a change too large to apply in place). */
  readonly startLoad: (realmId: string) => DataWorker;
  /** The lease every write is made under (checked by the store in the write's transaction); undefined: no check. */
  readonly fence?: () => LeaseFence;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Older cursors get a full sync instead of CDC (default 29 days; docs/quickbooks.md#change-data-capture: 30 at most). */
  readonly maxCdcAgeMs?: number;
  /** Re-read this much before the cursor: clocks differ and QBO commits are not instantaneous. */
  readonly overlapMs?: number;
  /** Every finished run, whatever its status (metrics). */
  readonly onFinished?: (run: SyncRunView, durationMs: number) => void;
}
