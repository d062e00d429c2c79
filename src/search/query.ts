/**
 * Answers one query in the contract's order, correct however many records a short query matches:
 *
 * 1. Exact and field-prefix tiers: binary search in the sorted key tables, then a scan of the key
 *    range keeping the best `limit` by rank (integer compares for build-time slots); for a huge
 *    range (`a`), a rank-order walk of the word-prefix matches testing each record's keys instead.
 * 2. Word-prefix tier: the intersection of the query words' FlexSearch lists, walked in rank order,
 *    stopping when the page is full (see posting-lists.ts).
 * 3. Inside tier (SKUs, CJK), only when the page is still not full: per word, its word list united
 *    with its inside list; words longer than a trigram are checked against the source text.
 *
 * Delta records (the overlay) go through the same steps unordered and are merged by rank.
 */
import { postingList, type FlexIndex } from './flex-index';
import { compareSlots, type IndexState } from './index-state';
import { findPrefixRange, type KeyTable } from './key-table';
import { contains, intersectAll, intersectUnions, type SlotList } from './posting-lists';
import { createTopList, type TopList } from './ranking';
import { GRAM_LENGTH, INSIDE_MARK, type IndexedRecord } from './record-entry';
import type { QueryTokens } from './tokenize';

interface QueryPlan {
  readonly words: readonly string[];
  readonly key: string;
  readonly activeOnly: boolean;
}

/** Scans key[start, end) into `list`; build-time slots at or after the list's threshold are skipped unread. */
function scanRange<R extends IndexedRecord>(
  state: IndexState<R>,
  table: KeyTable,
  [start, end]: readonly [number, number],
  plan: QueryPlan,
  list: TopList,
  better?: TopList,
): void {
  const { slots } = table;
  const sorted = state.sortedCount;
  let bound = Infinity;
  for (let i = start; i < end; i++) {
    const slot = slots[i] as number;
    if (slot >= bound && slot < sorted) continue;
    const entry = state.entries[slot];
    if (entry === undefined || (plan.activeOnly && !entry.active) || list.rejects(slot)) continue;
    if (better !== undefined && better.items.includes(slot)) continue;
    list.offer(slot);
    const threshold = list.threshold();
    bound = threshold !== undefined && threshold < sorted ? threshold : Infinity;
  }
}

/**
 * Above this many field-prefix keys, finding the best by scanning the key range costs more (measured
 * while developing: ~230 µs for the 36k keys of `a` at 100k customers, vs ~11 µs walking) than walking
 * the word-prefix matches in rank order and testing each record's own keys, which stops after about
 * `limit` × (matches ÷ records in the range) steps.
 */
const RANGE_SCAN_LIMIT = 4096;

/** Field-prefix matches of the main index, found best-first among its word-prefix matches. */
function walkFieldPrefix<R extends IndexedRecord>(state: IndexState<R>, plan: QueryPlan, exact: TopList, prefix: TopList): void {
  const lists = plan.words.map((word) => [postingList(state.main.flex, word)]);
  intersectUnions(lists, (slot) => {
    const entry = state.entries[slot];
    if (entry === undefined) return true;
    if (plan.activeOnly && !entry.active) return false;
    if (!exact.items.includes(slot) && entry.keys.some((key) => key.startsWith(plan.key))) prefix.offer(slot);
    return prefix.threshold() === undefined;
  });
}

function scanKeys<R extends IndexedRecord>(state: IndexState<R>, plan: QueryPlan, exact: TopList, prefix: TopList): void {
  for (const table of [state.main.keys, state.overlay.keys]) {
    const range = findPrefixRange(table, plan.key);
    scanRange(state, table, [range.start, range.exactEnd], plan, exact);
    // Every field-prefix match is a word-prefix match (its words start the query's), hence in the walk.
    if (exact.threshold() !== undefined) continue;
    if (table === state.main.keys && range.end - range.exactEnd > RANGE_SCAN_LIMIT) walkFieldPrefix(state, plan, exact, prefix);
    else scanRange(state, table, [range.exactEnd, range.end], plan, prefix, exact);
  }
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
  plan: QueryPlan,
  need: number,
  exclude: ReadonlySet<number>,
  accept: (slot: number, infix: string) => boolean = () => true,
): number[] {
  const found: number[] = [];
  intersectUnions(unions, (slot) => {
    const entry = state.entries[slot];
    if (entry === undefined || exclude.has(slot)) return true;
    // Inactive records all rank after active ones: in rank order, the first one ends the walk.
    if (plan.activeOnly && !entry.active) return !segment.rankOrdered;
    if (!accept(slot, entry.infix)) return true;
    found.push(slot);
    return !segment.rankOrdered || found.length < need;
  });
  return found;
}

function wordPrefixMatches<R extends IndexedRecord>(state: IndexState<R>, segment: Segment, plan: QueryPlan, need: number, exclude: ReadonlySet<number>): number[] {
  return collect(state, segment, plan.words.map((word) => [postingList(segment.flex, word)]), plan, need, exclude);
}

function insideMatches<R extends IndexedRecord>(state: IndexState<R>, segment: Segment, plan: QueryPlan, need: number, exclude: ReadonlySet<number>): number[] {
  const perWord = plan.words.map((word) => {
    const words = postingList(segment.flex, word);
    const chars = Array.from(word);
    if (chars.length <= GRAM_LENGTH) return { word, words, inside: postingList(segment.flex, INSIDE_MARK + word), check: false };
    const grams: SlotList[] = [];
    for (let at = 0; at + GRAM_LENGTH <= chars.length; at++) {
      grams.push(postingList(segment.flex, INSIDE_MARK + chars.slice(at, at + GRAM_LENGTH).join('')));
    }
    // Records holding every trigram of the word: candidates, confirmed against the source below.
    return { word, words, inside: intersectAll(grams), check: true };
  });
  const accept = (slot: number, infix: string): boolean =>
    perWord.every(({ word, words, check }) => !check || infix.includes(word) || contains(words, slot));
  return collect(state, segment, perWord.map(({ words, inside }) => [words, inside]), plan, need, exclude, accept);
}

type Finder = typeof wordPrefixMatches;

/** The best `need` matches of one tier across main and overlay, best first. */
function bestOfTier<R extends IndexedRecord>(state: IndexState<R>, find: Finder, plan: QueryPlan, need: number, exclude: ReadonlySet<number>): number[] {
  const found = find(state, { flex: state.main.flex, rankOrdered: true }, plan, need, exclude);
  if (state.overlayKeys.size === 0) return found;
  const overlay = find(state, { flex: state.overlay.flex, rankOrdered: false }, plan, need, exclude);
  return [...found, ...overlay].sort((a, b) => compareSlots(state, a, b)).slice(0, need);
}

/** Slots of the best `limit` matches, best first. */
export function runQuery<R extends IndexedRecord>(state: IndexState<R>, query: QueryTokens, limit: number, activeOnly: boolean): number[] {
  if (query.words.length === 0 || limit <= 0) return [];
  const plan: QueryPlan = { words: query.words, key: query.key, activeOnly };
  const compare = (a: number, b: number): number => compareSlots(state, a, b);
  const exact = createTopList(limit, compare);
  const prefix = createTopList(limit, compare);
  scanKeys(state, plan, exact, prefix);
  const top = [...exact.items, ...prefix.items].slice(0, limit);
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
