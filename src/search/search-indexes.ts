/**
 * All indexes of one snapshot: built together, searched by name, patched by CDC deltas.
 */
import { ENTITY_NAMES, type EntityName, type RecordByEntity } from '../qbo';
import { buildIndexState } from './build-index';
import type { ImageSink } from './types';
import { importIndexState } from './image-read';
import { imageLines } from './image-write';
import { removeRecord, upsertRecord } from './index-delta';
import { canonicalIndexName, INDEX_DEFINITIONS, indexNamesFor, type CanonicalIndexName, type IndexDefinition, type IndexView } from './index-registry';
import type { IndexState } from './index-state';
import { createPacer, SLICE_MS, type Pacer } from './pacer';
import { filterSlots, forgetSlots } from './filter-slots';
import type { SearchFilter } from './filters';
import { runQuery } from './query';
import type { Entry, IndexedRecord } from './record-entry';
import { tokenizeQuery, type QueryTokens } from './tokenize';
import {
  type BuildOptions,
  type EntityDelta,
  type IndexName,
  type RecordCollection,
  type SearchDelta,
  type SearchOptions,
  type SearchResponse,
  type SearchRecords,
} from './types';

export interface SearchIndexes {
  /** Never throws on any query text; an unknown index name is a programmer error (validate with isIndexName). */
  search(index: IndexName, query: string, options?: SearchOptions): SearchResponse;
  /** One query on several indexes (GET /api/search): a group per name, in the order given, each ranked by its own rules. */
  searchGroups(names: readonly IndexName[], query: string, options?: SearchOptions): SearchGroup[];
  /** Applies CDC changes synchronously and in place, deletes before upserts (searches see all of a delta or none). */
  applyDelta(delta: SearchDelta): void;
  /**
   * Bumped by every applyDelta: with the object's identity it names what a search can answer, so a response
   * kept for (indexes, version) is still the answer (http/search-response-cache.ts).
   */
  readonly version: number;
  /** True when applying `deltaSize` more changed records in place costs more than rebuilding beside. */
  shouldRebuild(deltaSize: number): boolean;
  /** The indexes these records have (those of the snapshot's entities), in INDEX_NAMES' order. */
  names(): readonly IndexName[];
  /** Records per index name of `names()`, `part_names` included (for GET /api/indexes/status). */
  counts(): Partial<Record<IndexName, number>>;
  /** Which indexes came from an image (BuildOptions.images) and which were built, for logs. */
  readonly loadReport: LoadReport;
  /**
   * Writes every index's image (image-format.ts) in slices of `sliceMs` (default SLICE_MS, pacer.ts): it runs in the
   * data thread while that thread answers searches.
   */
  writeImages(sink: ImageSink, options?: { readonly signal?: AbortSignal; readonly sliceMs?: number }): Promise<void>;
}

export interface SearchGroup extends SearchResponse {
  readonly index: IndexName;
}

export interface LoadReport {
  readonly imported: readonly CanonicalIndexName[];
  readonly built: readonly CanonicalIndexName[];
  /** Records applied as deltas on top of imported images. */
  readonly changed: number;
}

export const DEFAULT_LIMIT = 15;
export const MAX_LIMIT = 100;
/**
 * applyDelta runs synchronously at ~0.04–0.1 ms a record (bench/search-core.ts, 2 shared cores: 250
 * upserts in 10–14 ms), and every changed record leaves a stale main slot plus an overlay entry that
 * each query pays for. 250 keeps one delta well under the 50 ms event-loop budget.
 */
const DEFAULT_MAX_DELTA_RECORDS = 250;

/** A searchable index with its record type hidden, so indexes of all entities sit in one table. */
interface AnyIndex {
  search(query: QueryTokens, limit: number, activeOnly: boolean, filter: SearchFilter | undefined): SearchResponse;
  count(): number;
}

function wrap<R extends IndexedRecord>(state: IndexState<R>, view?: IndexView<R>): AnyIndex {
  return {
    search(query, limit, activeOnly, filter) {
      const fields = view === undefined ? state.definition.filters : undefined;
      const slots = runQuery(state, query, limit, activeOnly, view, filterSlots(state, fields, filter));
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
  /** Records that went through the delta path because an image did not hold them as they are now. */
  readonly changedAtLoad: number;
  apply(delta: EntityDelta<R> | undefined): number;
  writeImages(sink: ImageSink, pacer: Pacer, signal?: AbortSignal): Promise<void>;
}

function byId<R extends IndexedRecord>(records: RecordCollection<R>): ReadonlyMap<string, R> {
  if (records instanceof Map) return records as ReadonlyMap<string, R>;
  return new Map((records as readonly R[]).map((record) => [record.id, record]));
}

/** The index from its image when one is usable, else built from the records. */
async function loadOrBuild<R extends IndexedRecord>(
  definition: IndexDefinition<R>,
  records: RecordCollection<R>,
  options: BuildOptions,
): Promise<{ state: IndexState<R>; changed: number; imported: boolean }> {
  const lines = options.images?.read(definition.name) ?? null;
  if (lines !== null) {
    const imported = await importIndexState(definition, lines, byId(records), options.maxDeltaRecords ?? DEFAULT_MAX_DELTA_RECORDS).catch(
      (error: unknown) => {
        if (options.signal?.aborted === true) throw error;
        return null; // unreadable or malformed: build instead
      },
    );
    if (imported !== null) return { ...imported, imported: true };
  }
  options.signal?.throwIfAborted();
  return { state: buildIndexState(definition, valuesOf(records)), changed: 0, imported: false };
}

async function buildEntity<R extends IndexedRecord>(
  definitions: readonly IndexDefinition<R>[],
  records: RecordCollection<R>,
  options: BuildOptions,
  report: { imported: CanonicalIndexName[]; built: CanonicalIndexName[] },
): Promise<EntityIndexes<R>> {
  const states: IndexState<R>[] = [];
  let changedAtLoad = 0;
  // One index after the other: one thread either way, and a cancelled build stops sooner.
  for (const definition of definitions) {
    const loaded = await loadOrBuild(definition, records, options);
    states.push(loaded.state);
    changedAtLoad += loaded.changed;
    (loaded.imported ? report.imported : report.built).push(definition.name);
  }
  return {
    changedAtLoad,
    searchable: states.flatMap((state) => [
      [state.definition.name, wrap(state)] as const,
      ...(state.definition.views ?? []).map((view) => [view.name, wrap(state, view)] as const),
    ]),
    apply(delta) {
      for (const state of states) {
        forgetSlots(state);
        for (const id of delta?.deletes ?? []) removeRecord(state, id);
        for (const record of delta?.upserts ?? []) upsertRecord(state, record);
      }
      return (delta?.deletes?.length ?? 0) + (delta?.upserts?.length ?? 0);
    },
    async writeImages(sink, pacer, signal) {
      for (const state of states) await sink.write(state.definition.name, imageLines(state, pacer), signal);
    },
  };
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(MAX_LIMIT, Math.max(1, Math.floor(limit)));
}

/**
 * Builds (or imports from images) every index of a snapshot, in a company's data thread before it serves
 * (docs/ARCHITECTURE.md, Threads): unpaced, asynchronous only where it reads image files. Rejects with the signal's
 * reason if aborted (checked between indexes). The snapshot's collections must not change meanwhile.
 */
export async function createSearchIndexes(snapshot: SearchRecords, options: BuildOptions = {}): Promise<SearchIndexes> {
  options.signal?.throwIfAborted();
  const maxDeltaRecords = options.maxDeltaRecords ?? DEFAULT_MAX_DELTA_RECORDS;
  const report = { imported: [] as CanonicalIndexName[], built: [] as CanonicalIndexName[] };
  const byEntity = new Map<EntityName, EntityIndexes<IndexedRecord>>();
  const build = async <E extends EntityName>(entity: E, records: RecordCollection<RecordByEntity[E]>) =>
    byEntity.set(entity, (await buildEntity(INDEX_DEFINITIONS[entity], records, options, report)) as EntityIndexes<IndexedRecord>);
  for (const entity of ENTITY_NAMES) {
    const records = snapshot[entity];
    if (records !== undefined) await build(entity, records);
  }
  const entities = [...byEntity.values()];
  const names = indexNamesFor([...byEntity.keys()]);
  const indexes = new Map<CanonicalIndexName, AnyIndex>(entities.flatMap((entity) => entity.searchable));
  let changedSinceBuild = entities.reduce((sum, entity) => sum + entity.changedAtLoad, 0);
  let version = 0;

  const searchTokens = (index: IndexName, query: QueryTokens, searchOptions: SearchOptions): SearchResponse => {
    const target = indexes.get(canonicalIndexName(index));
    if (target === undefined) throw new Error(`unknown search index ${String(index)}`);
    return target.search(query, clampLimit(searchOptions.limit), searchOptions.activeOnly === true, searchOptions.filter);
  };

  return {
    search: (index, query, searchOptions = {}) => searchTokens(index, tokenizeQuery(query), searchOptions),
    searchGroups(groupNames, query, searchOptions = {}) {
      // The query is tokenized once; an alias (part_names) reuses the answer of the index it names.
      const tokens = tokenizeQuery(query);
      const answered = new Map<CanonicalIndexName, SearchResponse>();
      return groupNames.map((index) => {
        const canonical = canonicalIndexName(index);
        let response = answered.get(canonical);
        if (response === undefined) answered.set(canonical, (response = searchTokens(index, tokens, searchOptions)));
        return { index, results: response.results, total: response.total };
      });
    },
    applyDelta(delta) {
      for (const [entity, indexes] of byEntity) changedSinceBuild += indexes.apply(delta[entity] as EntityDelta<IndexedRecord> | undefined);
      version++;
    },
    get version() {
      return version;
    },
    shouldRebuild: (deltaSize) => changedSinceBuild + deltaSize > maxDeltaRecords,
    loadReport: { imported: report.imported, built: report.built, changed: changedSinceBuild },
    async writeImages(sink, writeOptions = {}) {
      const writePacer = createPacer(writeOptions.sliceMs ?? SLICE_MS, writeOptions.signal);
      for (const entity of entities) await entity.writeImages(sink, writePacer, writeOptions.signal);
    },
    names: () => names,
    counts() {
      const counts: Partial<Record<IndexName, number>> = {};
      for (const name of names) counts[name] = indexes.get(canonicalIndexName(name))?.count() ?? 0;
      return counts;
    },
  };
}
