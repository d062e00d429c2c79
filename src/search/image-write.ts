/**
 * Writes a built index as image lines (image-format.ts). The main structures never change after a
 * build (deltas go to the overlay), so a write may span many ticks while searches and deltas run; a
 * slot a delta replaced meanwhile is written as null and comes back through the delta path at import.
 */
import type { FlexIndex } from './flex-index';
import { recordSignature, SEARCH_IMAGE_FINGERPRINT, IMAGE_FORMAT, type ImageHeader, type ImageLine, type StoredEntry } from './image-format';
import type { IndexState } from './index-state';
import type { KeyTable } from './key-table';
import type { Pacer } from './pacer';
import type { IndexedRecord } from './record-entry';

/** Slots or keys per line: a line is then ~0.3–1 MB of JSON, stringified in well under 50 ms. */
export const IMAGE_PART_SIZE = 5_000;

const line = (value: ImageLine | ImageHeader): string => JSON.stringify(value);

function* keyTableLines(tag: 'n' | 'o', table: KeyTable): Generator<string> {
  for (let from = 0; from < table.keys.length; from += IMAGE_PART_SIZE) {
    const to = Math.min(from + IMAGE_PART_SIZE, table.keys.length);
    yield line([tag, table.keys.slice(from, to), Array.from({ length: to - from }, (_, k) => table.slots[from + k] as number)]);
  }
}

/**
 * FlexSearch's own export, one part a tick: it waits for the promise our handler returns before it
 * serializes the next part, so the parts are pulled one by one and never all held at once.
 */
async function* flexParts(flex: FlexIndex): AsyncGenerator<readonly [string, string]> {
  const parts: (readonly [string, string])[] = [];
  let wake: (() => void) | undefined;
  let resume: (() => void) | undefined;
  let finished = false;
  const exported = Promise.resolve(
    flex.export((key: string, data: string) => {
      parts.push([key, data]);
      wake?.();
      return new Promise<void>((resolve) => (resume = resolve));
    }),
  ).finally(() => {
    finished = true;
    wake?.();
  });
  for (;;) {
    const part = parts.shift();
    if (part !== undefined) {
      yield part;
      const next = resume;
      resume = undefined;
      next?.();
    } else if (finished) {
      break;
    } else {
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  }
  await exported;
}

export async function* imageLines<R extends IndexedRecord>(state: IndexState<R>, pacer: Pacer): AsyncGenerator<string> {
  const { definition, main, sortedCount } = state;
  yield line({ format: IMAGE_FORMAT, fingerprint: SEARCH_IMAGE_FINGERPRINT, index: definition.name, slots: sortedCount });
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
    if (pacer.due()) await pacer.pause();
  }
  for (const text of keyTableLines('n', main.names)) {
    yield text;
    if (pacer.due()) await pacer.pause();
  }
  for (const text of keyTableLines('o', main.others)) {
    yield text;
    if (pacer.due()) await pacer.pause();
  }
  for await (const [key, data] of flexParts(main.flex)) {
    yield line(['f', key, data]);
    if (pacer.due()) await pacer.pause();
  }
}
