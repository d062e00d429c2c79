import type { EntityName, RecordByEntity } from '../qbo';
import type { IndexName, SearchGroup, SearchOptions, SearchResponse } from '../search';
import type { DataFacts } from './snapshot';

/** A change as a data thread takes it: our record and QBO's LastUpdatedTime (the raw JSON stays with the store). */
export interface RecordChange<R> {
  readonly id: string;
  readonly record: R;
  readonly lastUpdated: string;
  /** `record` as JSON, when the caller has it (compared for same-second edits). */
  readonly recordJson?: string;
}

/** Incremental changes by entity, as CDC reported them. */
export type RecordChanges = {
  readonly [E in EntityName]?: {
    readonly upserts: readonly RecordChange<RecordByEntity[E]>[];
    readonly deletes: readonly { readonly id: string; readonly lastUpdated: string }[];
  };
};

/** Which changes alter the held records (the others are older than, or the same as, what is held). */
export interface PreparedChanges {
  readonly accepted: { readonly [E in EntityName]?: { readonly upserts: readonly string[]; readonly deletes: readonly string[] } };
  readonly changedCount: number;
  /** Applying them in place would cost more than building the indexes again (a new data thread, from the store). */
  readonly rebuild: boolean;
}

/**
 * One company's records and search indexes, held by a data thread and asked by message (docs/ARCHITECTURE.md,
 * Threads). Every method rejects with DataUnavailableError when the thread cannot answer (crashed, stuck, closed).
 */
export interface DataHandle {
  /** Bumped by every change applied in place: with the handle's identity it names what a search can answer. */
  readonly version: number;
  search(index: IndexName, query: string, options: SearchOptions): Promise<SearchResponse>;
  searchGroups(names: readonly IndexName[], query: string, options: SearchOptions): Promise<SearchGroup[]>;
  /** Ids of one entity in a stable order (by numeric Id), `limit` from `offset`, and how many there are. */
  page(entity: EntityName, offset: number, limit: number): Promise<{ readonly ids: readonly string[]; readonly total: number }>;
  /** Sorts out `changes` against the held records and keeps the result until `commit` or `discard`. */
  prepare(changes: RecordChanges): Promise<PreparedChanges>;
  /** Applies the prepared changes to the records and indexes in place; resolves the new figures. */
  commit(): Promise<DataFacts>;
  discard(): void;
  /** Ends the thread once the requests it is answering have been answered. */
  close(): void;
  /** Resolves when the thread has exited (its search image writes, if any, ended with it). */
  readonly exited: Promise<void>;
}

/** The data thread cannot answer now: answered 503 with Retry-After (README, Errors). */
export class DataUnavailableError extends Error {
  override readonly name = 'DataUnavailableError';
  constructor(readonly reason: string) {
    super(`the search data is unavailable: ${reason}`);
  }
}
