/**
 * Answers one query with the contract's ranking, correct however many records a short query matches:
 *
 * 1. Exact and field-prefix tiers come from the sorted key tables (binary search, then a scan of the
 *    key range that keeps the best `limit` by rank — integer compares for build-time slots).
 * 2. If they do not fill the page, FlexSearch supplies the records matching every query word, already
 *    best-first (see flex-index.ts), so the first few of its list are the best of the word tiers;
 *    each is classed word prefix or anywhere-inside. Delta records come from the small overlay index.
 */
import { postingList, type FlexIndex } from './flex-index';
import { compareSlots, type IndexState } from './index-state';
import { findPrefixRange, type KeyTable } from './key-table';
import { createTopList, type TopList } from './ranking';
import { INFIX_MAX_LENGTH, type Entry, type IndexedRecord } from './record-entry';
import type { QueryTokens } from './tokenize';

interface QueryPlan {
  readonly query: QueryTokens;
  readonly limit: number;
  readonly activeOnly: boolean;
  /** Query words as looked up in FlexSearch (cut to INFIX_MAX_LENGTH), distinct. */
  readonly terms: readonly string[];
  /** A word was cut to INFIX_MAX_LENGTH for FlexSearch, so candidates must be checked in full. */
  readonly verify: boolean;
}

function planQuery(query: QueryTokens, limit: number, activeOnly: boolean): QueryPlan {
  const cut = query.words.map((word) => word.slice(0, INFIX_MAX_LENGTH));
  const terms = [...new Set(cut)];
  return { query, limit, activeOnly, terms, verify: query.words.some((word) => word.length > INFIX_MAX_LENGTH) };
}

function startsSomeWord(entry: Entry<unknown>, word: string): boolean {
  return entry.words.includes(` ${word}`);
}

/** The matching rule, checked directly (used for words FlexSearch only saw the start of). */
function matchesAll(entry: Entry<unknown>, words: readonly string[]): boolean {
  return words.every((word) => startsSomeWord(entry, word) || (entry.infix !== '' && entry.infix.includes(word)));
}

/** Records without infix sources can only have matched by word prefix. */
function isWordPrefixMatch(entry: Entry<unknown>, words: readonly string[]): boolean {
  return entry.infix === '' || words.every((word) => startsSomeWord(entry, word));
}

function scanKeys<R extends IndexedRecord>(
  state: IndexState<R>,
  table: KeyTable,
  plan: QueryPlan,
  exact: TopList,
  prefix: TopList,
): void {
  const range = findPrefixRange(table, plan.query.key);
  for (let i = range.start; i < range.end; i++) {
    const slot = table.slots[i] as number;
    const list = i < range.exactEnd ? exact : prefix;
    const entry = state.entries[slot];
    if (entry === undefined || (plan.activeOnly && !entry.active) || list.rejects(slot)) continue;
    if (list === prefix && exact.items.includes(slot)) continue;
    list.offer(slot);
  }
}

interface WordMatches {
  readonly wordPrefix: number[];
  readonly inside: number[];
}

/** First index at or after `from` whose value is >= `target` in an ascending list (galloping search). */
function seek(list: readonly number[], from: number, target: number): number {
  let step = 1;
  let low = from;
  let high = from;
  while (high < list.length && (list[high] as number) < target) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  high = Math.min(high, list.length);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Walks the slots matching every term, ascending, by driving the shortest list and seeking in the
 * others; `visit` returns false to stop. Ascending slots are rank order in the main index.
 */
function intersect(lists: readonly (readonly number[])[], visit: (slot: number) => boolean): void {
  const [driver, ...others] = [...lists].sort((a, b) => a.length - b.length);
  if (driver === undefined) return;
  const cursors = others.map(() => 0);
  outer: for (const slot of driver) {
    for (let k = 0; k < others.length; k++) {
      const list = others[k] as readonly number[];
      const at = seek(list, cursors[k] as number, slot);
      cursors[k] = at;
      if (at >= list.length) return;
      if (list[at] !== slot) continue outer;
    }
    if (!visit(slot)) return;
  }
}

/**
 * Collects matches from one FlexSearch index. For the rank-ordered main index it stops once `need`
 * word-prefix matches are found (all later ones rank lower), and at the first inactive record when
 * only active ones are wanted (inactive ones all rank after); the overlay is read whole.
 */
function collectWordMatches<R extends IndexedRecord>(
  state: IndexState<R>,
  flex: FlexIndex,
  rankOrdered: boolean,
  plan: QueryPlan,
  need: number,
  exclude: ReadonlySet<number>,
  into: WordMatches,
): void {
  const lists = plan.terms.map((term) => postingList(flex, term));
  intersect(lists, (slot) => {
    const entry = state.entries[slot];
    if (entry === undefined || exclude.has(slot)) return true;
    if (plan.activeOnly && !entry.active) return !rankOrdered;
    if (plan.verify && !matchesAll(entry, plan.query.words)) return true;
    if (isWordPrefixMatch(entry, plan.query.words)) into.wordPrefix.push(slot);
    else into.inside.push(slot);
    return !rankOrdered || into.wordPrefix.length < need;
  });
}

/** Slots of the best `limit` matches, best first. */
export function runQuery<R extends IndexedRecord>(
  state: IndexState<R>,
  query: QueryTokens,
  limit: number,
  activeOnly: boolean,
): number[] {
  if (query.words.length === 0 || limit <= 0) return [];
  const plan = planQuery(query, limit, activeOnly);
  const compare = (a: number, b: number): number => compareSlots(state, a, b);
  const exact = createTopList(limit, compare);
  const prefix = createTopList(limit, compare);
  scanKeys(state, state.main.keys, plan, exact, prefix);
  scanKeys(state, state.overlay.keys, plan, exact, prefix);
  const top = [...exact.items, ...prefix.items].slice(0, limit);
  if (top.length >= limit) return top;

  // Fewer than `limit` records in the top tiers: `top` holds all of them.
  const need = limit - top.length;
  const exclude = new Set(top);
  const main: WordMatches = { wordPrefix: [], inside: [] };
  collectWordMatches(state, state.main.flex, true, plan, need, exclude, main);
  const overlay: WordMatches = { wordPrefix: [], inside: [] };
  if (state.overlayKeys.size > 0) collectWordMatches(state, state.overlay.flex, false, plan, need, exclude, overlay);
  const wordPrefix = [...main.wordPrefix, ...overlay.wordPrefix].sort(compare);
  const inside = [...main.inside, ...overlay.inside].sort(compare);
  return [...top, ...wordPrefix, ...inside].slice(0, limit);
}
