/**
 * Writes a built index as image lines (image-format.ts). The main structures never change after a
 * build (deltas go to the overlay), so a write may span many ticks while searches and deltas run; a
 * slot a delta replaced meanwhile is written as null and comes back through the delta path at import.
 */
import { flexTerms, type FlexIndex } from './flex-index';
import { recordSignature, searchImageFingerprint, IMAGE_FORMAT, type ImageHeader, type ImageLine, type StoredEntry } from './image-format';
import type { IndexState } from './index-state';
import type { KeyTable } from './key-table';
import type { Pacer } from './pacer';
import type { IndexedRecord } from './record-entry';

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
 * Ids (posting-list entries) per FlexSearch part: ~0.16 MB of JSON. Importing a part (JSON.parse and FlexSearch's
 * map.set per term) is one step the event loop waits for, so parts stay small: the longest step of a warm start's
 * import is ~31 ms at 360k records (bench/search-import.ts).
 */
const FLEX_PART_IDS = 20_000;
/** And terms per part: a part of many short lists (invoice numbers) costs a FlexSearch map.set per term. */
const FLEX_PART_TERMS = 2_000;

/**
 * FlexSearch's term map in parts of a bounded size, as `import` takes them (key `map`: arrays of `[term, value]`).
 * A posting list is never split; one longer than a part is a part alone. The register of ids is not written: a
 * main index never changes after its build or import, so it holds none (flex-index.ts, `compactFrozenIndex`).
 */
function* flexParts(flex: FlexIndex): Generator<readonly ['map', unknown[]]> {
  let terms: [string, unknown][] = [];
  let size = 0;
  for (const entry of flexTerms(flex)) {
    terms.push(entry);
    size += 1 + listSize(entry[1]);
    if (size >= FLEX_PART_IDS || terms.length >= FLEX_PART_TERMS) {
      yield ['map', terms];
      terms = [];
      size = 0;
    }
  }
  if (terms.length > 0) yield ['map', terms];
}

/** Ids in a FlexSearch value (`[[ids]]` with resolution 1). */
function listSize(value: unknown): number {
  if (!Array.isArray(value)) return 1;
  let size = 0;
  for (const slot of value) size += Array.isArray(slot) ? slot.length : 1;
  return size;
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
  for (const [key, data] of flexParts(main.flex)) {
    yield line(['f', key, data]);
    await pacer.pause();
  }
}
