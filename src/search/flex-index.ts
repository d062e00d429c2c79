/**
 * The FlexSearch settings, and why (figures: `npx tsx bench/search-encoder.ts`).
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
 * - No `fastupdate`: it costs heap; the main index is never updated (deltas go to a small overlay).
 * - Ids are slot numbers, never strings, so `contain`/`remove` always agree on the type.
 */
import { Index } from 'flexsearch';

export type FlexIndex = Index;

const splitOnSpace = (content: string): string[] => content.split(' ');

/**
 * Shards FlexSearch's term map into up to 2^12 Maps (`keystore`). A JS Map rehashes every entry at once
 * when it grows, so one `set` into a Map of a million terms can hold the event loop for over 100 ms;
 * shards keep each rehash small (bench/search-encoder.ts). Cost: a hash per term lookup (~0.1 µs).
 */
const KEYSTORE_BITS = 12;

/**
 * Below this many records an index keeps one Map: its terms (tens of thousands) rehash in well under a
 * millisecond, and the 4,096 shards' own cost (about half a megabyte an index) was most of a small
 * company's index memory (bench/companies-scale.ts).
 */
const KEYSTORE_FROM_RECORDS = 20_000;

/** `records`: how many the index will hold, as far as is known (the overlay of deltas holds few). */
export function createFlexIndex(records = 0): FlexIndex {
  const options = { tokenize: 'forward', resolution: 1, encode: splitOnSpace } as const;
  return new Index(records >= KEYSTORE_FROM_RECORDS ? { ...options, keystore: KEYSTORE_BITS } : options);
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

/**
 * FlexSearch's term map and id register, which its typings do not declare. Read for posting lists and for images
 * written in parts of a bounded size (its own `export` cuts the map by term count, and a one-letter prefix lists every
 * record, so its parts run to megabytes and block the event loop for most of a second to write or import); rewritten
 * once by `compactFrozenIndex`. Images are tied to the FlexSearch release (image-format.ts), so a change of these
 * internals cannot be misread.
 */
interface FlexInternals {
  readonly map: { entries(): Iterable<[string, unknown]>; get(term: string): unknown; set(term: string, value: unknown): unknown };
  readonly reg: { clear(): void };
}

function internals(index: FlexIndex): FlexInternals {
  const { map, reg } = index as unknown as Partial<FlexInternals>;
  if (typeof map?.entries !== 'function' || typeof map.get !== 'function' || typeof map.set !== 'function' || typeof reg?.clear !== 'function') {
    throw new Error('this FlexSearch release has no map/reg to read posting lists and write images from');
  }
  return { map, reg };
}

/**
 * Shrinks an index that will never change again (a main index, after its build or import; deltas go to the overlay,
 * index-delta.ts) to what searches read: its posting lists. About 40 % of the heap of the indexes (bench/company-heap.ts:
 * 11.8 → 6.7 MB for a small company; bench/search-core.ts at 100k customers, 50k items, 200k invoices: −260 MB):
 * - FlexSearch's `add` gives each term two arrays grown by `push`, with room for 17 ids each: about 370 bytes a term.
 *   They are rewritten at their size. Most terms (`inv20`, `inv202`, … of one DocNumber) list one record: those share
 *   one value per slot. Nothing may modify a list afterwards (`add`, `remove` and `update` would).
 * - The register of ids (a Set) serves only `contain`, `remove` and `update`, so it is emptied.
 */
export function compactFrozenIndex(index: FlexIndex): void {
  const { map, reg } = internals(index);
  reg.clear();
  const singletons: (readonly (readonly number[])[] | undefined)[] = [];
  for (const [term, value] of map.entries()) {
    const list = (value as readonly (readonly number[])[])[0] ?? NO_SLOTS;
    if (list.length === 1) {
      const slot = list[0] as number;
      let shared = singletons[slot];
      if (shared === undefined) singletons[slot] = shared = [[slot]];
      map.set(term, shared);
    } else {
      map.set(term, [list.slice()]);
    }
  }
}

/** Each term with FlexSearch's value for it (with resolution 1: `[ids]`), in the map's order. */
export function flexTerms(index: FlexIndex): Iterable<[string, unknown]> {
  return internals(index).map.entries();
}
