/**
 * The exact and field-prefix tiers of a query (query.ts, step 1): binary search in the sorted key tables, then a scan
 * of the key range keeping the best by rank, or for a huge range a rank-order walk of the word-prefix matches.
 */
import { compareSlots, type IndexState } from './index-state';
import { findPrefixRange, type KeyRange, type KeyTable } from './key-table';
import { intersectUnions } from './posting-lists';
import { narrowed, passes, wanted, type QueryPlan } from './query-plan';
import { createTopList, type TopList } from './ranking';
import type { IndexedRecord } from './record-entry';
import { postingList } from './term-lists';

/**
 * Scans key[start, end) into `list`, skipping slots of earlier tiers; build-time slots at or after the
 * list's threshold are skipped unread.
 */
function scanRange<R extends IndexedRecord>(
  state: IndexState<R>,
  table: KeyTable,
  [start, end]: readonly [number, number],
  plan: QueryPlan<R>,
  list: TopList,
  placed: ReadonlySet<number>,
): void {
  const { slots } = table;
  const sorted = state.sortedCount;
  let bound = Infinity;
  for (let i = start; i < end; i++) {
    const slot = slots[i] as number;
    if ((slot >= bound && slot < sorted) || !passes(plan, slot)) continue;
    const entry = state.entries[slot];
    if (entry === undefined || (plan.activeOnly && !entry.active) || list.rejects(slot) || placed.has(slot) || !wanted(plan, entry)) continue;
    list.offer(slot);
    const threshold = list.threshold();
    bound = threshold !== undefined && threshold < sorted ? threshold : Infinity;
  }
}

/**
 * Above this many field-prefix keys, finding the best by scanning the key range costs more (tens of
 * thousands of keys for a one-letter query) than walking the word-prefix matches in rank order and
 * testing each record's own keys, which stops after about `limit` × (matches ÷ records in the range)
 * steps.
 */
const RANGE_SCAN_LIMIT = 4096;

/**
 * Field-prefix matches of the main index through the primary field's keys (or the other fields'),
 * found best-first among its word-prefix matches. Every field-prefix match is a word-prefix match
 * (its words start with the query's), hence in the walk.
 */
function walkFieldPrefix<R extends IndexedRecord>(state: IndexState<R>, plan: QueryPlan<R>, primary: boolean, list: TopList, placed: ReadonlySet<number>): void {
  const lists = narrowed(plan, plan.words.map((word) => [postingList(state.main.terms, word)]));
  intersectUnions(lists, (slot) => {
    if (!passes(plan, slot)) return true;
    const entry = state.entries[slot];
    if (entry === undefined || !wanted(plan, entry)) return true;
    if (plan.activeOnly && !entry.active) return false;
    const { keys, nameKeyCount } = entry;
    const to = primary ? nameKeyCount : keys.length;
    for (let k = primary ? 0 : nameKeyCount; k < to; k++) {
      if ((keys[k] as string).startsWith(plan.key)) {
        if (!placed.has(slot)) list.offer(slot);
        break;
      }
    }
    return list.threshold() === undefined;
  }, plan.passes);
}

/**
 * The key tiers in order: a field equals the query (the primary field, then only another field), then
 * a field starts with it (the same two). A tier runs only while the page is not full, so every earlier
 * tier then holds all of its matches and `placed` excludes them exactly.
 */
const KEY_TIERS = [
  { exact: true, primary: true },
  { exact: true, primary: false },
  { exact: false, primary: true },
  { exact: false, primary: false },
] as const;

/** Slots of the best `limit` exact and field-prefix matches, best first. */
export function keyTiers<R extends IndexedRecord>(state: IndexState<R>, plan: QueryPlan<R>, limit: number): number[] {
  const compare = (a: number, b: number): number => compareSlots(state, a, b);
  const top: number[] = [];
  const placed = new Set<number>();
  // A filter's own key tables hold only the keys of the records that may pass it (filter-slots.ts).
  const segments = plan.candidateKeys !== undefined ? [plan.candidateKeys] : [state.main, state.overlay];
  // Each table's range once: the exact and the field-prefix tier read the two halves of the same range.
  const ranges = new Map<KeyTable, KeyRange>();
  const rangeIn = (table: KeyTable): KeyRange => {
    let range = ranges.get(table);
    if (range === undefined) ranges.set(table, (range = findPrefixRange(table, plan.key)));
    return range;
  };
  for (const { exact, primary } of KEY_TIERS) {
    const need = limit - top.length;
    if (need <= 0) break;
    const list = createTopList(need, compare);
    for (const segment of segments) {
      const table = primary ? segment.names : segment.others;
      if (table.keys.length === 0) continue;
      const range = rangeIn(table);
      const [start, end] = exact ? [range.start, range.exactEnd] : [range.exactEnd, range.end];
      if (start === end) continue;
      if (!exact && segment === state.main && end - start > RANGE_SCAN_LIMIT) walkFieldPrefix(state, plan, primary, list, placed);
      else scanRange(state, table, [start, end], plan, list, placed);
    }
    for (const slot of list.items) {
      top.push(slot);
      placed.add(slot);
    }
  }
  return top;
}
