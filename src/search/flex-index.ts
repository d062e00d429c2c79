/**
 * The FlexSearch settings, and why (figures: bench/search-encoder.ts, 100k customers, 2 cores):
 *
 * - Our own folding/tokenizing (tokenize.ts) runs before FlexSearch, which only splits on spaces
 *   (`encode`). One implementation serves records, queries, the ranking keys and the tests' reference,
 *   so they cannot drift; FlexSearch's default encoder merged letters (`mill` → Miloš), split digits
 *   into triplets (PRD-00123 12th for itself) and missed ø/ł/ß (SEARCH-NOTES), and an Encoder
 *   configured to avoid that was slower to build here (see the bench table in the report).
 * - `tokenize: 'forward'`: word-prefix matching is the contract; 'full' is ~4× slower to build,
 *   ~3.6× larger and imprecise (SEARCH-NOTES). "Anywhere inside" indexes marked trigrams of SKUs and
 *   CJK runs only (record-entry.ts).
 * - `resolution: 1`: every id goes to one slot, so a posting list keeps insertion order. We insert in
 *   rank order (ranking.ts), hence a term's list is best-first. FlexSearch's own multi-term
 *   intersection hashes every list but the last in full (`jo mu`: 9 ms median, 14 ms max at 100k),
 *   so query.ts intersects the sorted lists itself and stops as soon as the page is full.
 * - Index, not Document: one combined field is what the contract's AND across fields needs, and a
 *   Document adds a store and per-field indexes we do not use.
 * - No `fastupdate`: it costs heap; the main index is never updated (deltas go to a small overlay).
 * - Ids are slot numbers, never strings, so `contain`/`remove` always agree on the type.
 */
import { Index } from 'flexsearch';

export type FlexIndex = Index;

const splitOnSpace = (content: string): string[] => content.split(' ');

/**
 * Shards FlexSearch's term map into up to 2^12 Maps. One Map of 100k–250k terms blocks the event loop
 * for tens of ms each time V8 rehashes it while growing (116 ms at 524k entries here); sharded, the
 * slowest single add at 100k customers fell from ~207 ms to ~11 ms (bench/search-encoder.ts).
 */
const KEYSTORE_BITS = 12;

export function createFlexIndex(): FlexIndex {
  return new Index({ tokenize: 'forward', resolution: 1, encode: splitOnSpace, keystore: KEYSTORE_BITS });
}

/** Larger than any index: FlexSearch then returns a term's list without copying it. */
const WHOLE_LIST = 2 ** 31 - 1;

/**
 * Slots of the records having a word that starts with `term`, ascending (insertion order), possibly
 * FlexSearch's own array: read only. Ids are always slot numbers (we add nothing else).
 */
export function postingList(index: FlexIndex, term: string): readonly number[] {
  return index.search(term, { limit: WHOLE_LIST }) as readonly number[];
}
