/**
 * Imports an index from its image (image-format.ts) against the snapshot being loaded: entries whose
 * record is gone or whose searched text changed are dropped (their slots stay in the main structures
 * and are filtered at query time, as after a delta), and records the image does not hold as they are
 * now go through `upsertRecord`, as a CDC change would. Null when the image cannot be used: another
 * format or search code, another index, a truncated file, or more changes than a delta should carry.
 */
import { IMAGE_FORMAT, recordSignature, searchImageFingerprint, type ImageHeader, type ImageLine } from './image-format';
import { upsertRecord } from './index-delta';
import type { IndexDefinition } from './index-registry';
import { createIndexState, type IndexState } from './index-state';
import type { Entry, IndexedRecord } from './record-entry';
import { termListsReader } from './term-lists';

export interface ImportedIndex<R extends IndexedRecord> {
  readonly state: IndexState<R>;
  /** Records applied through the delta path because the image did not hold them as they are now. */
  readonly changed: number;
}

function isUsableHeader(value: unknown, index: string): value is ImageHeader {
  const header = value as Partial<ImageHeader> | null;
  return (
    typeof header === 'object' &&
    header !== null &&
    header.format === IMAGE_FORMAT &&
    header.fingerprint === searchImageFingerprint() &&
    header.index === index &&
    Number.isSafeInteger(header.slots)
  );
}

export async function importIndexState<R extends IndexedRecord>(
  definition: IndexDefinition<R>,
  lines: AsyncIterable<string>,
  records: ReadonlyMap<string, R>,
  maxChanges: number,
): Promise<ImportedIndex<R> | null> {
  const iterator = lines[Symbol.asyncIterator]();
  try {
    return await importFrom(definition, iterator, records, maxChanges);
  } finally {
    await iterator.return?.(); // closes the image's file when it was not read to its end (a foreign or broken image)
  }
}

async function importFrom<R extends IndexedRecord>(
  definition: IndexDefinition<R>,
  iterator: AsyncIterator<string>,
  records: ReadonlyMap<string, R>,
  maxChanges: number,
): Promise<ImportedIndex<R> | null> {
  const first = await iterator.next();
  if (first.done === true || !isUsableHeader(JSON.parse(first.value), definition.name)) return null;
  const header = JSON.parse(first.value) as ImageHeader;
  const entries: (Entry<R> | undefined)[] = [];
  const idToSlot = new Map<string, number>();
  const names = { keys: [] as string[], slots: [] as number[] };
  const others = { keys: [] as string[], slots: [] as number[] };
  const terms = termListsReader();
  for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
    const parsed = JSON.parse(next.value) as ImageLine;
    if (parsed[0] === 'e') {
      for (const stored of parsed[1]) {
        const slot = entries.length;
        const record = stored === null ? undefined : records.get(stored[0]);
        if (stored === null || record === undefined || recordSignature(definition, record) !== stored[1]) {
          entries.push(undefined);
          continue;
        }
        const [id, , nameKey, infix, codeInfix, nameKeyCount, ...keys] = stored;
        entries.push({ record, id, active: record.active, nameKey, infix, codeInfix, keys, nameKeyCount });
        idToSlot.set(id, slot);
      }
    } else if (parsed[0] === 't') {
      terms.add(parsed[1]);
    } else {
      const table = parsed[0] === 'n' ? names : others;
      for (let k = 0; k < parsed[1].length; k++) {
        table.keys.push(parsed[1][k] as string);
        table.slots.push(parsed[2][k] as number);
      }
    }
  }
  if (entries.length !== header.slots) return null;

  const missing: R[] = [];
  for (const record of records.values()) {
    if (!idToSlot.has(record.id) && definition.includes(record)) missing.push(record);
    if (missing.length > maxChanges) return null;
  }
  const state = createIndexState(definition, {
    entries,
    idToSlot,
    main: { terms: terms.lists, names: { keys: names.keys, slots: Int32Array.from(names.slots) }, others: { keys: others.keys, slots: Int32Array.from(others.slots) } },
  });
  for (const record of missing) upsertRecord(state, record);
  return { state, changed: missing.length };
}
