/** The replication half of the `Store` contract (types.ts): what replicas sharing one PostgreSQL need of it. */

import type { LoggedChanges, SnapshotHead } from './snapshot-types';

export type SyncMode = 'full' | 'incremental';

/** A sync a follower was asked for (a refresh, a webhook), queued for the company's leader to run. */
export interface SyncRequestRow {
  readonly id: number;
  readonly realmId: string;
  /** A sync, or a verify (which calls QuickBooks, so only the leader runs it). */
  readonly kind: 'sync' | 'verify';
  readonly mode: SyncMode | null;
  readonly trigger: string;
}

/** What was heard on the store's notification connection: a commit of a company's snapshot, or a queued request. */
export type StoreNotice = { readonly kind: 'snapshot' | 'request'; readonly realmId: string } | { readonly kind: 'reconnected' };

/**
 * What replicas sharing a store need of it beyond the `Store` (PostgreSQL only: the SQLite file has one process,
 * which leads every company). README "Several replicas".
 */
export interface StoreReplication {
  /** Every company's snapshot head, in one read (a follower's poll). */
  heads(): Promise<SnapshotHead[]>;
  /** The incremental commits on `generation` after `afterSeq`, oldest first. */
  changesSince(realmId: string, generation: number, afterSeq: number): Promise<LoggedChanges[]>;
  /**
   * Listens for commits and queued requests on a connection of its own, with a heartbeat; reconnects by itself with
   * backoff and then says `reconnected` (anything may have been missed meanwhile: poll).
   */
  listen(onNotice: (notice: StoreNotice) => void): { close(): Promise<void> };
  /** Queues a sync for the company's leader; resolves the request's id. */
  requestSync(realmId: string, mode: SyncMode | null, trigger: string, requestedBy: string): Promise<number>;
  /** The leader takes the company's queued requests (FOR UPDATE SKIP LOCKED: each is taken once). */
  takeSyncRequests(realmId: string, holder: string): Promise<SyncRequestRow[]>;
  /** The run that answers a taken request. */
  answerSyncRequest(id: number, runId: string): Promise<void>;
  /** The run id answering a request, once its leader took it; null before. */
  syncRequestRun(id: number): Promise<string | null>;
  /** Queues a verify for the company's leader; resolves the request's id. */
  requestVerify(realmId: string, requestedBy: string): Promise<number>;
  /** The leader's answer to a verify: its report, or its error, as JSON. */
  answerVerifyRequest(id: number, result: string): Promise<void>;
  /** A verify's answer (JSON), once its leader gave it; null before. */
  verifyRequestResult(id: number): Promise<string | null>;
  /**
   * A new leader's first act: the company's runs still `running` belonged to the lost leader; records them failed
   * with `error` and resolves their modes (an interrupted full sync is run again).
   */
  failRunsOfLostLeader(realmId: string, error: string, finishedAt: string): Promise<SyncMode[]>;
}
