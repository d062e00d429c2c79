/**
 * All indexes of one snapshot: built together, searched by name, patched by CDC deltas.
 */
import type { EntityName } from '../qbo/records';
import { buildIndexState } from './build-index';
import { removeRecord, upsertRecord } from './index-delta';
import { canonicalIndexName, INDEX_DEFINITIONS, type CanonicalIndexName, type IndexDefinition, type IndexView } from './index-registry';
import type { IndexState } from './index-state';
import { createPacer, type Pacer } from './pacer';
import { runQuery } from './query';
import type { Entry, IndexedRecord } from './record-entry';
import { tokenizeQuery } from './tokenize';
import {
  INDEX_NAMES,
  type BuildOptions,
  type EntityDelta,
  type IndexName,
  type RecordCollection,
  type SearchDelta,
  type SearchOptions,
  type SearchResponse,
  type SearchSnapshot,
} from './types';

export interface SearchIndexes {
  /** Never throws on any query text; an unknown index name is a programmer error (validate with isIndexName). */
  search(index: IndexName, query: string, options?: SearchOptions): SearchResponse;
  /** Applies CDC changes synchronously and in place, deletes before upserts (searches see all of a delta or none). */
  applyDelta(delta: SearchDelta): void;
  /** True when applying `deltaSize` more changed records in place costs more than rebuilding beside. */
  shouldRebuild(deltaSize: number): boolean;
  /** Records per index name, `part_names` included (for GET /api/indexes/status). */
  counts(): Record<IndexName, number>;
}

export const DEFAULT_LIMIT = 15;
export const MAX_LIMIT = 100;
const DEFAULT_SLICE_MS = 10;
/**
 * applyDelta runs synchronously at ~0.04–0.1 ms a record (bench/search-core.ts, 2 shared cores: 250
 * upserts in 10–14 ms), and every changed record leaves a stale main slot plus an overlay entry that
 * each query pays for. 250 keeps one delta well under the 50 ms event-loop budget.
 */
const DEFAULT_MAX_DELTA_RECORDS = 250;

/** A searchable index with its record type hidden, so indexes of all entities sit in one table. */
interface AnyIndex {
  search(query: string, limit: number, activeOnly: boolean): SearchResponse;
  count(): number;
}

function wrap<R extends IndexedRecord>(state: IndexState<R>, view?: IndexView<R>): AnyIndex {
  return {
    search(query, limit, activeOnly) {
      const slots = runQuery(state, tokenizeQuery(query), limit, activeOnly, view);
      const results = slots.map((slot) => state.definition.project((state.entries[slot] as Entry<R>).record));
      return { results, total: results.length };
    },
    count() {
      if (view === undefined) return state.idToSlot.size;
      let count = 0;
      for (const slot of state.idToSlot.values()) if (view.includes((state.entries[slot] as Entry<R>).record)) count++;
      return count;
    },
  };
}

function valuesOf<R>(collection: RecordCollection<R>): Iterable<R> {
  return collection instanceof Map ? collection.values() : (collection as readonly R[]);
}

interface EntityIndexes<R extends IndexedRecord> {
  readonly searchable: ReadonlyArray<readonly [CanonicalIndexName, AnyIndex]>;
  apply(delta: EntityDelta<R> | undefined): number;
}

async function buildEntity<R extends IndexedRecord>(
  definitions: readonly IndexDefinition<R>[],
  records: RecordCollection<R>,
  pacer: Pacer,
): Promise<EntityIndexes<R>> {
  const states: IndexState<R>[] = [];
  // One index after the other: one thread either way, and a cancelled build stops sooner.
  for (const definition of definitions) states.push(await buildIndexState(definition, valuesOf(records), pacer));
  return {
    searchable: states.flatMap((state) => [
      [state.definition.name, wrap(state)] as const,
      ...(state.definition.views ?? []).map((view) => [view.name, wrap(state, view)] as const),
    ]),
    apply(delta) {
      for (const state of states) {
        for (const id of delta?.deletes ?? []) removeRecord(state, id);
        for (const record of delta?.upserts ?? []) upsertRecord(state, record);
      }
      return (delta?.deletes?.length ?? 0) + (delta?.upserts?.length ?? 0);
    },
  };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/**
 * Builds every index from a snapshot beside whatever is serving, yielding to the event loop every
 * `sliceMs`; swap the result in when the promise resolves. Rejects with the signal's reason if aborted.
 * The snapshot's collections must not change while the build runs (it reads them across many ticks).
 */
export async function createSearchIndexes(snapshot: SearchSnapshot, options: BuildOptions = {}): Promise<SearchIndexes> {
  const pacer = createPacer(options.sliceMs ?? DEFAULT_SLICE_MS, options.signal);
  const maxDeltaRecords = options.maxDeltaRecords ?? DEFAULT_MAX_DELTA_RECORDS;
  const byEntity = {
    customers: await buildEntity(INDEX_DEFINITIONS.customers, snapshot.customers, pacer),
    vendors: await buildEntity(INDEX_DEFINITIONS.vendors, snapshot.vendors, pacer),
    items: await buildEntity(INDEX_DEFINITIONS.items, snapshot.items, pacer),
    invoices: await buildEntity(INDEX_DEFINITIONS.invoices, snapshot.invoices, pacer),
  } satisfies Record<EntityName, unknown>;
  const indexes = new Map<CanonicalIndexName, AnyIndex>(Object.values(byEntity).flatMap((entity) => entity.searchable));
  let changedSinceBuild = 0;

  return {
    search(index, query, searchOptions = {}) {
      const target = indexes.get(canonicalIndexName(index));
      if (target === undefined) throw new Error(`unknown search index ${String(index)}`);
      return target.search(query, clampLimit(searchOptions.limit), searchOptions.activeOnly === true);
    },
    applyDelta(delta) {
      changedSinceBuild += byEntity.customers.apply(delta.customers);
      changedSinceBuild += byEntity.vendors.apply(delta.vendors);
      changedSinceBuild += byEntity.items.apply(delta.items);
      changedSinceBuild += byEntity.invoices.apply(delta.invoices);
    },
    shouldRebuild: (deltaSize) => changedSinceBuild + deltaSize > maxDeltaRecords,
    counts() {
      const counts = {} as Record<IndexName, number>;
      for (const name of INDEX_NAMES) counts[name] = indexes.get(canonicalIndexName(name))?.count() ?? 0;
      return counts;
    },
  };
}
