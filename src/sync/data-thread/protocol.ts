/**
 * The messages between the serving thread and a company's data thread (data-slot.ts). The data thread holds the
 * records and search indexes of one snapshot and answers for them; it fills itself either from the store's committed
 * snapshot (a warm start, a restart after a crash, a rebuild) or by pulling a full sync into a new store generation.
 * Everything that must stay single per process (the access token, the realm's rate limiter, metrics, the log) is
 * asked of the serving thread; everything heavy (QuickBooks' JSON, records, indexes) stays in the data thread.
 */
import type { DataFacts, PreparedChanges, RecordChanges, SnapshotInfo } from '../../cache';
import type { EntityName, QboCallEvent } from '../../qbo';
import type { IndexName, SearchGroup, SearchOptions, SearchResponse } from '../../search';
import type { GenerationTarget, StoreLocation } from '../../store';

export interface QboSettings {
  readonly apiBaseUrl: string;
  readonly minorVersion: number;
  readonly retry: { readonly maxAttempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number };
  readonly timeoutMs: number;
}

/** How a data thread gets its snapshot. */
export type DataFill =
  /** The store's committed snapshot, with the search images when they are usable. */
  | { readonly mode: 'load' }
  /**
   * A full sync's pull: the pages of `pull` from QuickBooks, written into the uncommitted generation `target` as they
   * come and not kept. The thread then reports `pulled` and ends, and its heap (QuickBooks' JSON, the garbage of a
   * whole pull) goes with it; a `generation` thread serves what it wrote.
   */
  | { readonly mode: 'pull'; readonly target: GenerationTarget; readonly pull: readonly EntityName[]; readonly qbo: QboSettings }
  /**
   * A full sync's snapshot before its commit: `pull` read from the generation `target`, the tables of `keep` from
   * the committed snapshot (entities added to QUICKBOOKS_ENTITIES are pulled on their own), `info` the snapshot's
   * facts once committed. Its indexes are built, not imported.
   */
  | {
      readonly mode: 'generation';
      readonly target: GenerationTarget;
      readonly pull: readonly EntityName[];
      readonly keep: readonly EntityName[];
      readonly info: SnapshotInfo;
    };

export interface DataThreadData {
  readonly realmId: string;
  readonly store: StoreLocation;
  /** The cached entities (QUICKBOOKS_ENTITIES). */
  readonly entities: readonly EntityName[];
  readonly fill: DataFill;
  readonly logLevel: string;
}

/** An error as it crosses threads: its class name (`QboThrottleError`, `StoreWriteAbandonedError`…) and message. */
export interface ErrorShape {
  readonly name: string;
  readonly message: string;
  /** What the log's error serializer keeps besides (logging/error-serializer.ts): QBO's status, code and intuit_tid. */
  readonly status?: number;
  readonly code?: string | number;
  readonly intuitTid?: string;
}

/** What the thread answers for, by request. */
export interface DataRequests {
  search: { args: { index: IndexName; query: string; options: SearchOptions }; result: SearchResponse };
  groups: { args: { names: readonly IndexName[]; query: string; options: SearchOptions }; result: SearchGroup[] };
  page: { args: { entity: EntityName; offset: number; limit: number }; result: { ids: readonly string[]; total: number } };
  prepare: { args: { changes: RecordChanges }; result: PreparedChanges };
  commit: { args: Record<string, never>; result: DataFacts };
  ping: { args: Record<string, never>; result: null };
}
export type DataRequestType = keyof DataRequests;

export type DataRequest = { [T in DataRequestType]: { readonly type: 'request'; readonly id: number; readonly kind: T; readonly args: DataRequests[T]['args'] } }[DataRequestType];

/** What the thread reports once it serves: its snapshot's facts, and how its indexes were made (logs). */
export interface ReadyReport {
  readonly info: SnapshotInfo;
  readonly facts: DataFacts;
  readonly load: { readonly imported: readonly string[]; readonly built: readonly string[]; readonly changed: number };
}

export type FromDataThread =
  | { readonly type: 'token'; readonly id: number; readonly rejected?: string }
  | { readonly type: 'acquire' | 'release' | 'abandon'; readonly id: number }
  | { readonly type: 'call'; readonly event: QboCallEvent }
  | { readonly type: 'log'; readonly line: string }
  | { readonly type: 'total'; readonly total: number }
  | { readonly type: 'progress'; readonly entity: EntityName; readonly fetched: number; readonly records: number }
  /** Filled and indexed: it answers requests from now on. */
  | { readonly type: 'ready'; readonly report: ReadyReport }
  /** A load found no stored snapshot of the company. */
  | { readonly type: 'empty' }
  /** A pull wrote every page into its generation; the thread ends without serving. */
  | { readonly type: 'pulled' }
  | { readonly type: 'failed'; readonly error: ErrorShape }
  | { readonly type: 'reply'; readonly id: number; readonly value: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly error: ErrorShape }
  /** The longest event-loop delay of the thread over the last interval (metrics). */
  | { readonly type: 'delay'; readonly maxMs: number };

export type ToDataThread =
  | { readonly type: 'token'; readonly id: number; readonly token?: string; readonly error?: ErrorShape }
  | { readonly type: 'granted'; readonly id: number }
  | { readonly type: 'denied'; readonly id: number; readonly error: ErrorShape }
  | { readonly type: 'cancel' }
  | DataRequest
  | { readonly type: 'discard' }
  /** Write the search images of the indexes this thread built (after it was swapped in). */
  | { readonly type: 'write-images' }
  /** Makes the thread stop answering, spinning forever (tests of stuck-thread detection; DataWorker.injectHang). */
  | { readonly type: 'hang' };

export function errorShape(error: unknown): ErrorShape {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const { status, code, intuitTid } = error as Error & Record<string, unknown>;
  return {
    name: error.name,
    message: error.message,
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(typeof intuitTid === 'string' ? { intuitTid } : {}),
  };
}

/** An Error carrying the crossing error's name, message and QBO fields (its class does not cross). */
export function errorFrom(shape: ErrorShape): Error {
  const { name, message, ...fields } = shape;
  const error = Object.assign(new Error(message), fields);
  error.name = name;
  return error;
}
