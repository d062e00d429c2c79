/**
 * FlexSearch for the overlay: the small index of records that deltas added since the build (index-delta.ts), which
 * changes in place. The main index's lists are built the same way by term-lists.ts, at their final size. The
 * settings, and why (figures: `npx tsx bench/search-encoder.ts`):
 *
 * - Our own folding and tokenizing (tokenize.ts) run first; FlexSearch only splits on spaces (`encode`).
 *   One implementation then serves records, queries and the ranking keys, and FlexSearch's encoders miss
 *   matches the search rules require (`soren` for Søren, `brien` for O'Brien) or add wrong ones (their
 *   letter dedupe makes `mill` match `milk`).
 * - `tokenize: 'forward'`: word-prefix matching is the rule (README, Search); 'full' builds several times
 *   slower and larger and matches inside words. "Anywhere inside" indexes marked trigrams of SKUs and CJK
 *   runs only (record-entry.ts).
 * - `resolution: 1`: every id goes to one slot, so a posting list keeps insertion order. We insert in rank
 *   order (ranking.ts), so a term's list is best-first. FlexSearch's own multi-term search hashes every
 *   list but the last in full, so query.ts intersects the sorted lists itself and stops when the page is
 *   full.
 * - Index, not Document: one combined field is what an AND across fields needs, and Document's search
 *   merges and copies per field where we need a term's raw list.
 * - No `fastupdate`: it costs heap, and the overlay is small enough for `remove` to scan its terms.
 * - Ids are slot numbers, never strings, so `contain`/`remove` always agree on the type.
 */
import { Index } from 'flexsearch';

export type FlexIndex = Index;

const splitOnSpace = (content: string): string[] => content.split(' ');

/** A FlexSearch index for the overlay of deltas (the main index's lists are term-lists.ts'). */
export function createFlexIndex(): FlexIndex {
  return new Index({ tokenize: 'forward', resolution: 1, encode: splitOnSpace });
}

const NO_SLOTS: readonly number[] = [];

/**
 * Slots of the records having a word that starts with `term`, ascending (insertion order): FlexSearch's own array,
 * read only. Ids are always slot numbers (we add nothing else). Read from the term map directly: for one term
 * without spaces, `index.search(term, { limit })` returns this same array after encoding and splitting the term
 * again, which was ~14 % of a search over all indexes (bench/search-multi.ts); test/unit/search/flex-index.test.ts
 * pins the two as equal.
 */
export function postingList(index: FlexIndex, term: string): readonly number[] {
  const value = internals(index).map.get(term);
  return (value as readonly (readonly number[])[] | undefined)?.[0] ?? NO_SLOTS;
}

/** FlexSearch's term map, which its typings do not declare. Read only. */
interface FlexInternals {
  readonly map: { get(term: string): unknown };
}

function internals(index: FlexIndex): FlexInternals {
  const { map } = index as unknown as Partial<FlexInternals>;
  if (typeof map?.get !== 'function') throw new Error('this FlexSearch release has no term map to read posting lists from');
  return { map };
}
