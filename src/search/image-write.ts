/**
 * Writes a built index as image lines (image-format.ts). The main structures never change after a
 * build (deltas go to the overlay), so a write may span many ticks while searches and deltas run; a
 * slot a delta replaced meanwhile is written as null and comes back through the delta path at import.
 */
import { recordSignature, searchImageFingerprint, IMAGE_FORMAT, type ImageHeader, type ImageLine, type StoredEntry } from './image-format';
import type { IndexState } from './index-state';
import type { KeyTable } from './key-table';
import type { Pacer } from './pacer';
import type { IndexedRecord } from './record-entry';
import type { TermListPart, TermLists } from './term-lists';

/**
 * Slots or keys per line: ~0.05–0.12 MB of JSON, so each line is parsed and applied in a few ms (a warm start
 * pauses between lines, image-read.ts).
 */
export const IMAGE_PART_SIZE = 500;

const line = (value: ImageLine | ImageHeader): string => JSON.stringify(value);

function* keyTableLines(tag: 'n' | 'o', table: KeyTable): Generator<string> {
  for (let from = 0; from < table.keys.length; from += IMAGE_PART_SIZE) {
    const to = Math.min(from + IMAGE_PART_SIZE, table.keys.length);
    yield line([tag, table.keys.slice(from, to), Array.from({ length: to - from }, (_, k) => table.slots[from + k] as number)]);
  }
}

/**
 * Slots (posting-list entries) per term-list part: ~0.16 MB of JSON. Importing a part (JSON.parse and a `Map.set` per
 * term) is one step, so parts stay small.
 */
const PART_SLOTS = 20_000;
/** And terms per part: a part of many short lists (invoice numbers) costs a `Map.set` per term. */
const PART_TERMS = 2_000;

/** The main index's term lists in parts of a bounded size. A list is never split; one longer than a part is a part alone. */
function* termParts(terms: TermLists): Generator<TermListPart> {
  let part: (readonly [string, readonly number[]])[] = [];
  let size = 0;
  for (const entry of terms) {
    part.push(entry);
    size += 1 + entry[1].length;
    if (size >= PART_SLOTS || part.length >= PART_TERMS) {
      yield part;
      part = [];
      size = 0;
    }
  }
  if (part.length > 0) yield part;
}

export async function* imageLines<R extends IndexedRecord>(state: IndexState<R>, pacer: Pacer): AsyncGenerator<string> {
  const { definition, main, sortedCount } = state;
  yield line({ format: IMAGE_FORMAT, fingerprint: searchImageFingerprint(), index: definition.name, slots: sortedCount });
  for (let from = 0; from < sortedCount; from += IMAGE_PART_SIZE) {
    const part: (StoredEntry | null)[] = [];
    for (let slot = from; slot < Math.min(from + IMAGE_PART_SIZE, sortedCount); slot++) {
      const entry = state.entries[slot];
      part.push(
        entry === undefined
          ? null
          : [entry.id, recordSignature(definition, entry.record), entry.nameKey, entry.infix, entry.codeInfix, entry.nameKeyCount, ...entry.keys],
      );
    }
    yield line(['e', part]);
    await pacer.pause(); // a line is ~10–30 ms of work (pacer.due() counts calls, so it would let 16 lines pass)
  }
  for (const text of keyTableLines('n', main.names)) {
    yield text;
    await pacer.pause(); // a line is ~10–30 ms of work (pacer.due() counts calls, so it would let 16 lines pass)
  }
  for (const text of keyTableLines('o', main.others)) {
    yield text;
    await pacer.pause(); // a line is ~10–30 ms of work (pacer.due() counts calls, so it would let 16 lines pass)
  }
  for (const part of termParts(main.terms)) {
    yield line(['t', part]);
    await pacer.pause();
  }
}
