import type { EntityName } from '../qbo';
import type { SyncMode, SyncRunStatus } from '../store';
import type { Changes, EntityRow } from './apply-changes';

export type { SyncMode, SyncRunStatus };
/** What started a sync: its history says it, and a queued request carries it back from the database. */
export const SYNC_TRIGGERS = ['manual', 'schedule', 'daily_full', 'webhook', 'connect', 'startup', 'leader_change'] as const;
export type SyncTrigger = (typeof SYNC_TRIGGERS)[number];

export function isSyncTrigger(value: string): value is SyncTrigger {
  return (SYNC_TRIGGERS as readonly string[]).includes(value);
}

/**
 * One caller's side of a QuickBooks call: its cancel signal, and a tally of every HTTP attempt it caused
 * (retries included). Per call, not per client, so a verify running beside a sync is not counted as the sync's.
 */
export interface CallContext {
  readonly signal: AbortSignal;
  readonly onCall?: () => void;
}

/** Where a sync reads QuickBooks from: the QBO client behind normalizers (see qbo-source.ts). */
export interface SyncSource {
  /** The entities this source reads (the enabled ones): a full pull, CDC and verify cover these and no other. */
  readonly entities: readonly EntityName[];
  count(entity: EntityName, call: CallContext): Promise<number>;
  /**
   * Every row of an entity, inactive included, normalized. Each page's rows (with their raw JSON) are handed to
   * `onPage` once, as they arrive, with the count fetched so far, and not kept: a 200k-row pull never holds them
   * all.
   */
  pull<E extends EntityName>(entity: E, call: CallContext, onPage: (page: readonly EntityRow<E>[], fetchedSoFar: number) => void): Promise<void>;
  /** CDC since `since`; `capped` when QBO's 1000-object cap was reached (some changes may be missing). */
  changesSince(since: Date, call: CallContext): Promise<{ changes: Changes; capped: boolean }>;
}

/** One page of one entity's rows, as a full pull hands it on (each entity's rows with its own record type). */
export type EntityPage = { readonly [E in EntityName]: { readonly entity: E; readonly rows: readonly EntityRow<E>[]; readonly fetched: number } }[EntityName];

export interface SyncProgressView {
  readonly completed: number;
  readonly total: number;
  readonly percentage: number;
}

/** A sync run as the API shows it (`GET /api/sync/:id`, README, HTTP API). */
export interface SyncRunView {
  readonly id: string;
  readonly mode: SyncMode;
  readonly status: SyncRunStatus;
  readonly trigger?: SyncTrigger;
  readonly progress: SyncProgressView;
  readonly records_per_second: number;
  readonly started_at: string;
  readonly finished_at: string | null;
  readonly api_calls: number;
  readonly records: number;
  readonly deleted: number;
  readonly error: string | null;
}

export interface SyncRequest {
  /** Omitted: incremental once a full sync exists, else full. */
  readonly mode?: SyncMode;
  readonly trigger: SyncTrigger;
  /**
   * The caller knows of a change that a running sync may already have read past (a webhook): besides joining the
   * run, one more sync is queued for when it ends, else the change would wait for the next scheduled refresh.
   */
  readonly followUpIfRunning?: boolean;
}
