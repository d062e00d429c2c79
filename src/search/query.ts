/**
 * Answers one query in the contract's order, correct however many records a short query matches:
 *
 * 1. Exact and field-prefix tiers, each split in two: a match on the primary field (the one holding
 *    the result's name) before a match only in another field. Binary search in the sorted key tables
 *    (one for primary-field keys, one for the others), then a scan of the key range keeping the best
 *    by rank (integer compares for build-time slots); for a huge range (`a`), a rank-order walk of the
 *    word-prefix matches testing each record's keys instead.
 * 2. Word-prefix tier: the intersection of the query words' FlexSearch lists, walked in rank order,
 *    stopping when the page is full (see posting-lists.ts).
 * 3. Inside tier (SKUs, CJK), only when the page is still not full: per word, its word list united
 *    with its inside list; words longer than a trigram are checked against the source text.
 *
 * Delta records (the overlay) go through the same steps unordered and are merged by rank.
 */
import type { CandidateKeys, FilterSlots, SlotMask } from './filter-slots';
import { postingList, type FlexIndex } from './flex-index';
import type { IndexView } from './index-registry';
import { compareSlots, type IndexState } from './index-state';
import { findPrefixRange, type KeyRange, type KeyTable } from './key-table';
import { contains, intersectAll, intersectUnions, type SlotList } from './posting-lists';
import { createTopList, type TopList } from './ranking';
import { CODE_MARK, GRAM_LENGTH, INSIDE_MARK, type Entry, type IndexedRecord } from './record-entry';
import type { QueryTokens } from './tokenize';

interface QueryPlan<R> {
  readonly words: readonly string[];
  readonly key: string;
  readonly activeOnly: boolean;
  /** Records of the index asked for (a view holds fewer than the structures it is answered from). */
  readonly includes: ((record: R) => boolean) | undefined;
  /** The slots a filter keeps, tested before a record is read (filter-slots.ts). */
  readonly passes: SlotMask | undefined;
  /** Match inside code-infix fields (SKUs) too. */
  readonly insideCodes: boolean;
  /** Ascending slots that alone may pass the filter (filter-slots.ts): intersected with every walk. */
  readonly candidates: SlotList | undefined;
  /** The key tables of those slots' records, searched instead of the index's own in the key tiers. */
  readonly candidateKeys: CandidateKeys | undefined;
}

/** The candidate slots as one more union to intersect with, when there are any. */
function narrowed<R>(plan: QueryPlan<R>, unions: SlotList[][]): SlotList[][] {
  return plan.candidates === undefined ? unions : [...unions, [plan.candidates]];
}

/** The filter keeps the slot: asked before the record is read, which costs more than this one byte. */
function passes<R>(plan: QueryPlan<R>, slot: number): boolean {
  return plan.passes === undefined || plan.passes[slot] === 1;
}

/** The index holds the record (its view may leave it out). */
function wanted<R>(plan: QueryPlan<R>, entry: Entry<R>): boolean {
  return plan.includes === undefined || plan.includes(entry.record);
}

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
  const lists = narrowed(plan, plan.words.map((word) => [postingList(state.main.flex, word)]));
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
function keyTiers<R extends IndexedRecord>(state: IndexState<R>, plan: QueryPlan<R>, limit: number): number[] {
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

interface Segment {
  readonly flex: FlexIndex;
  /** Main index: slots ascend in rank order, so a walk may stop early. */
  readonly rankOrdered: boolean;
}

/** Walks the slots in every union, ascending, keeping live, wanted, not-yet-ranked ones. */
function collect<R extends IndexedRecord>(
  state: IndexState<R>,
  segment: Segment,
  unions: readonly (readonly SlotList[])[],
  plan: QueryPlan<R>,
  need: number,
  exclude: ReadonlySet<number>,
  accept: (slot: number, entry: Entry<R>) => boolean = () => true,
): number[] {
  const found: number[] = [];
  intersectUnions(unions, (slot) => {
    if (!passes(plan, slot) || exclude.has(slot)) return true;
    const entry = state.entries[slot];
    if (entry === undefined || !wanted(plan, entry)) return true;
    // Inactive records all rank after active ones: in rank order, the first one ends the walk.
    if (plan.activeOnly && !entry.active) return !segment.rankOrdered;
    if (!accept(slot, entry)) return true;
    found.push(slot);
    return !segment.rankOrdered || found.length < need;
  }, plan.passes);
  return found;
}

function wordPrefixMatches<R extends IndexedRecord>(state: IndexState<R>, segment: Segment, plan: QueryPlan<R>, need: number, exclude: ReadonlySet<number>): number[] {
  return collect(state, segment, narrowed(plan, plan.words.map((word) => [postingList(segment.flex, word)])), plan, need, exclude);
}

/** Records having every trigram of `word` under `mark` (and passing the filter): candidates, confirmed against the source. */
function gramCandidates(flex: FlexIndex, mark: string, chars: readonly string[], only: SlotMask | undefined): number[] {
  const grams: SlotList[] = [];
  for (let at = 0; at + GRAM_LENGTH <= chars.length; at++) grams.push(postingList(flex, mark + chars.slice(at, at + GRAM_LENGTH).join('')));
  return intersectAll(grams, only);
}

function insideMatches<R extends IndexedRecord>(state: IndexState<R>, segment: Segment, plan: QueryPlan<R>, need: number, exclude: ReadonlySet<number>): number[] {
  const marks = plan.insideCodes ? [INSIDE_MARK, CODE_MARK] : [INSIDE_MARK];
  const perWord = plan.words.map((word) => {
    const words = postingList(segment.flex, word);
    const chars = Array.from(word);
    if (chars.length <= GRAM_LENGTH) return { word, lists: [words, ...marks.map((mark) => postingList(segment.flex, mark + word))], check: false };
    return { word, lists: [words, ...marks.map((mark) => gramCandidates(segment.flex, mark, chars, plan.passes))], check: true };
  });
  const accept = (slot: number, entry: Entry<R>): boolean =>
    perWord.every(
      ({ word, lists, check }) =>
        !check || entry.infix.includes(word) || (plan.insideCodes && entry.codeInfix.includes(word)) || contains(lists[0] as SlotList, slot),
    );
  // One word: its own list's matches were all word-prefix matches, already placed, so only the inside lists are walked.
  const unions = perWord.map(({ lists }) => (perWord.length === 1 ? lists.slice(1) : lists));
  return collect(state, segment, narrowed(plan, unions), plan, need, exclude, accept);
}

type Finder = typeof wordPrefixMatches;

/** The best `need` matches of one tier across main and overlay, best first. */
function bestOfTier<R extends IndexedRecord>(state: IndexState<R>, find: Finder, plan: QueryPlan<R>, need: number, exclude: ReadonlySet<number>): number[] {
  const found = find(state, { flex: state.main.flex, rankOrdered: true }, plan, need, exclude);
  if (state.overlaySlots.size === 0) return found;
  const overlay = find(state, { flex: state.overlay.flex, rankOrdered: false }, plan, need, exclude);
  return [...found, ...overlay].sort((a, b) => compareSlots(state, a, b)).slice(0, need);
}

/** Slots of the best `limit` matches, best first. */
export function runQuery<R extends IndexedRecord>(
  state: IndexState<R>,
  query: QueryTokens,
  limit: number,
  activeOnly: boolean,
  view?: IndexView<R>,
  filter?: FilterSlots,
): number[] {
  if (query.words.length === 0 || limit <= 0) return [];
  // A filter narrows the records like a view does; neither changes the order of the records kept.
  const plan: QueryPlan<R> = {
    words: query.words,
    key: query.key,
    activeOnly,
    includes: view?.includes,
    passes: filter?.passes,
    insideCodes: view?.insideCodes ?? false,
    candidates: filter?.candidates?.slots,
    candidateKeys: filter?.candidates?.keys(),
  };
  const top = keyTiers(state, plan, limit);
  if (top.length >= limit) return top;

  // The page is not full, so `top` holds every exact and field-prefix match.
  const exclude = new Set(top);
  const wordPrefix = bestOfTier(state, wordPrefixMatches, plan, limit - top.length, exclude);
  if (top.length + wordPrefix.length >= limit) return [...top, ...wordPrefix];

  // Still not full: every word-prefix match is in hand too.
  for (const slot of wordPrefix) exclude.add(slot);
  const inside = bestOfTier(state, insideMatches, plan, limit - top.length - wordPrefix.length, exclude);
  return [...top, ...wordPrefix, ...inside];
}
