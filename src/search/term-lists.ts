/**
 * The main index's word-prefix lists: for every prefix of every token of the indexed content (words and marked
 * grams, record-entry.ts), the slots of the records having it, ascending. They are the lists FlexSearch builds with
 * `tokenize: 'forward'` (flex-index.ts, which still serves the small overlay of deltas; test/unit/search/term-lists.test.ts
 * pins the two as equal), built here at their final size:
 * - FlexSearch's `add` gives each term two arrays grown by `push`, with room for 17 ids each (about 370 bytes a
 *   term), and a register of ids; a small company's indexes took 11.8 MB that way against 6.2 MB here
 *   (bench/company-heap.ts).
 * - Two passes, counting then filling arrays of their final size, so a build never holds more than the lists and a
 *   count per term (compacting FlexSearch's lists after its build held both at once, and raised the process's peak).
 * - Most terms (`inv20`, `inv202`, … of one DocNumber) list a single record: those share one list per slot.
 * A main index never changes after its build or import (deltas go to the overlay, index-delta.ts), and nothing may
 * modify a list: shared lists are shared.
 */
import { postingList as flexPostingList, type FlexIndex } from './flex-index';

/** Term → ascending slots. */
export type TermLists = ReadonlyMap<string, readonly number[]>;

/** Where the query tiers read a term's list: the main index's lists, or the overlay's FlexSearch index. */
export type PostingSource = TermLists | FlexIndex;

const NO_SLOTS: readonly number[] = [];

export function postingList(source: PostingSource, term: string): readonly number[] {
  return source instanceof Map ? ((source as TermLists).get(term) ?? NO_SLOTS) : flexPostingList(source as FlexIndex, term);
}

/**
 * Calls `visit` once for each distinct prefix (1 to n code units, as FlexSearch's forward tokenizer cuts) of the
 * space-separated tokens of `content`. A prefix already seen means all its own prefixes were seen too.
 */
function forEachPrefix(content: string, seen: Set<string>, visit: (term: string) => void): void {
  seen.clear();
  if (content === '') return;
  for (const token of content.split(' ')) {
    for (let end = token.length; end > 0; end--) {
      const term = end === token.length ? token : token.slice(0, end);
      if (seen.has(term)) break;
      seen.add(term);
      visit(term);
    }
  }
}

/** One shared list per slot for the terms that list that slot alone. */
function singletonLists(): (slot: number) => readonly number[] {
  const bySlot: (readonly number[] | undefined)[] = [];
  return (slot) => (bySlot[slot] ??= [slot]);
}

/** The lists of `contents[slot]` (space-separated tokens, '' for none) for every slot. */
export function buildTermLists(contents: readonly string[]): TermLists {
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  for (const content of contents) forEachPrefix(content, seen, (term) => counts.set(term, (counts.get(term) ?? 0) + 1));
  const lists = new Map<string, readonly number[]>();
  const single = singletonLists();
  // Slots descending, each list filled from its end: `counts` says where the next (lower) slot goes.
  for (let slot = contents.length - 1; slot >= 0; slot--) {
    forEachPrefix(contents[slot] as string, seen, (term) => {
      const left = counts.get(term) as number;
      let list = lists.get(term) as number[] | undefined;
      if (list === undefined) {
        if (left === 1) {
          lists.set(term, single(slot));
          return;
        }
        lists.set(term, (list = new Array<number>(left)));
      }
      list[left - 1] = slot;
      counts.set(term, left - 1);
    });
  }
  return lists;
}

export type TermListPart = readonly (readonly [string, readonly number[]])[];

/** Lists read back from an image's parts (image-read.ts), singletons shared as a build shares them. */
export function termListsReader(): { add(part: TermListPart): void; readonly lists: TermLists } {
  const lists = new Map<string, readonly number[]>();
  const single = singletonLists();
  return {
    add(part) {
      for (const [term, slots] of part) lists.set(term, slots.length === 1 ? single(slots[0] as number) : slots);
    },
    lists,
  };
}
