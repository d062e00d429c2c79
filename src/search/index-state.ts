/**
 * The data of one built index. Slots number records: slots below `sortedCount` were inserted at build
 * time in rank order (so comparing two of them is comparing numbers); later slots come from deltas.
 */
import { createFilterColumns, type FilterColumns } from './filter-columns';
import { createFlexIndex, type FlexIndex } from './flex-index';
import type { IndexDefinition } from './index-registry';
import { createMutableKeyTable, type KeyTable, type MutableKeyTable } from './key-table';
import { compareRank } from './ranking';
import type { Entry, IndexedRecord } from './record-entry';
import type { TermLists } from './term-lists';

export interface IndexState<R extends IndexedRecord> {
  readonly definition: IndexDefinition<R>;
  /** By slot; `undefined` once the record was deleted or replaced (the main index's lists may still hold the slot). */
  readonly entries: (Entry<R> | undefined)[];
  readonly sortedCount: number;
  readonly idToSlot: Map<string, number>;
  /**
   * Built once, in rank order; never updated in place (a delta marks a slot gone and adds to the overlay: index-delta.ts).
   * Two key tables: the primary field's keys (`names`) and the other fields' (`others`), so the exact
   * and field-prefix tiers can each put matches in the name first.
   */
  readonly main: { readonly terms: TermLists; readonly names: KeyTable; readonly others: KeyTable };
  /** Records added by deltas: small, so removing from it is cheap and its keys are kept sorted by splice. */
  readonly overlay: { readonly flex: FlexIndex; readonly names: MutableKeyTable; readonly others: MutableKeyTable };
  /** Slots whose record lives in the overlay (its keys are those of its entry). */
  readonly overlaySlots: Set<number>;
  /** What the definition's filters test, per slot, in step with `entries` (filter-columns.ts). */
  readonly columns: FilterColumns<R>;
}

export function createIndexState<R extends IndexedRecord>(
  definition: IndexDefinition<R>,
  built: Pick<IndexState<R>, 'entries' | 'idToSlot' | 'main'>,
): IndexState<R> {
  const columns = createFilterColumns(definition.filters);
  for (const entry of built.entries) columns.push(entry?.record);
  return {
    definition,
    ...built,
    sortedCount: built.entries.length,
    overlay: { flex: createFlexIndex(), names: createMutableKeyTable(), others: createMutableKeyTable() },
    overlaySlots: new Set(),
    columns,
  };
}

/** Rank order of two live slots. */
export function compareSlots<R extends IndexedRecord>(state: IndexState<R>, a: number, b: number): number {
  if (a < state.sortedCount && b < state.sortedCount) return a - b;
  return compareRank(state.entries[a] as Entry<R>, state.entries[b] as Entry<R>);
}
