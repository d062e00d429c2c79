/**
 * Answers one query in the contract's order, correct however many records a short query matches:
 *
 * 1. Exact and field-prefix tiers, each split in two: a match on the primary field (the one holding
 *    the result's name) before a match only in another field. Binary search in the sorted key tables
 *    (one for primary-field keys, one for the others), then a scan of the key range keeping the best
 *    by rank (integer compares for build-time slots); for a huge range (`a`), a rank-order walk of the
 *    word-prefix matches testing each record's keys instead (key-tiers.ts).
 * 2. Word-prefix tier: the intersection of the query words' posting lists (term-lists.ts), walked in rank order,
 *    stopping when the page is full (see posting-lists.ts).
 * 3. Inside tier (SKUs, CJK), only when the page is still not full: per word, its word list united
 *    with its inside list; words longer than a trigram are checked against the source text.
 *
 * Delta records (the overlay) go through the same steps unordered and are merged by rank.
 */
import type { FilterSlots, SlotMask } from './filter-slots';
import type { IndexView } from './index-registry';
import { compareSlots, type IndexState } from './index-state';
import { keyTiers } from './key-tiers';
import { contains, intersectAll, intersectUnions, type SlotList } from './posting-lists';
import { narrowed, passes, wanted, type QueryPlan } from './query-plan';
import { CODE_MARK, GRAM_LENGTH, INSIDE_MARK, type Entry, type IndexedRecord } from './record-entry';
import { postingList, type PostingSource } from './term-lists';
import type { QueryTokens } from './tokenize';

interface Segment {
  readonly terms: PostingSource;
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
  return collect(state, segment, narrowed(plan, plan.words.map((word) => [postingList(segment.terms, word)])), plan, need, exclude);
}

/** Records having every trigram of `word` under `mark` (and passing the filter): candidates, confirmed against the source. */
function gramCandidates(terms: PostingSource, mark: string, chars: readonly string[], only: SlotMask | undefined): number[] {
  const grams: SlotList[] = [];
  for (let at = 0; at + GRAM_LENGTH <= chars.length; at++) grams.push(postingList(terms, mark + chars.slice(at, at + GRAM_LENGTH).join('')));
  return intersectAll(grams, only);
}

function insideMatches<R extends IndexedRecord>(state: IndexState<R>, segment: Segment, plan: QueryPlan<R>, need: number, exclude: ReadonlySet<number>): number[] {
  const marks = plan.insideCodes ? [INSIDE_MARK, CODE_MARK] : [INSIDE_MARK];
  const perWord = plan.words.map((word) => {
    const words = postingList(segment.terms, word);
    const chars = Array.from(word);
    if (chars.length <= GRAM_LENGTH) return { word, lists: [words, ...marks.map((mark) => postingList(segment.terms, mark + word))], check: false };
    return { word, lists: [words, ...marks.map((mark) => gramCandidates(segment.terms, mark, chars, plan.passes))], check: true };
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
  const found = find(state, { terms: state.main.terms, rankOrdered: true }, plan, need, exclude);
  if (state.overlaySlots.size === 0) return found;
  const overlay = find(state, { terms: state.overlay.flex, rankOrdered: false }, plan, need, exclude);
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
