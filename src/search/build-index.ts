/**
 * Builds one index beside the serving one, pausing every few ms (pacer.ts) so searches and HTTP keep
 * running; an aborted build throws at its next pause and leaves nothing behind.
 */
import { createFlexIndex } from './flex-index';
import type { IndexDefinition } from './index-registry';
import { createIndexState, type IndexState } from './index-state';
import type { KeyTable } from './key-table';
import { sortCooperatively, type Pacer } from './pacer';
import { compareRank } from './ranking';
import { prepareEntry, type Entry, type IndexedRecord, type PreparedEntry } from './record-entry';

/** Tokenizes every record the index holds; a repeated id keeps its last record. */
async function prepareAll<R extends IndexedRecord>(
  definition: IndexDefinition<R>,
  records: Iterable<R>,
  pacer: Pacer,
): Promise<PreparedEntry<R>[]> {
  const prepared: PreparedEntry<R>[] = [];
  const positionById = new Map<string, number>();
  for (const record of records) {
    const previous = positionById.get(record.id);
    if (definition.includes(record)) {
      const entry = prepareEntry(definition, record);
      if (previous === undefined) {
        positionById.set(record.id, prepared.length);
        prepared.push(entry);
      } else {
        prepared[previous] = entry;
      }
    }
    if (pacer.due()) await pacer.pause();
  }
  return prepared;
}

/** First and end position in `Entry.keys` of the primary field's keys, or of the other fields'. */
function keySpan(entry: Entry<unknown>, primary: boolean): readonly [number, number] {
  return primary ? [0, entry.nameKeyCount] : [entry.nameKeyCount, entry.keys.length];
}

/**
 * Sorted (key, slot) pairs of the primary field's keys, or of the other fields'; every loop is paced
 * (400k keys at 100k customers).
 */
async function buildKeyTable<R extends IndexedRecord>(prepared: readonly PreparedEntry<R>[], primary: boolean, pacer: Pacer): Promise<KeyTable> {
  let total = 0;
  for (const { entry } of prepared) {
    const [from, to] = keySpan(entry, primary);
    total += to - from;
  }
  const pairKeys = new Array<string>(total);
  const pairSlots = new Int32Array(total);
  const order = new Array<number>(total);
  let pair = 0;
  for (let slot = 0; slot < prepared.length; slot++) {
    const { entry } = prepared[slot] as PreparedEntry<R>;
    const [from, to] = keySpan(entry, primary);
    for (let k = from; k < to; k++) {
      pairKeys[pair] = entry.keys[k] as string;
      pairSlots[pair] = slot;
      order[pair] = pair;
      pair++;
    }
    if (pacer.due()) await pacer.pause();
  }
  await sortCooperatively(
    order,
    (a, b) => {
      const keyA = pairKeys[a] as string;
      const keyB = pairKeys[b] as string;
      return keyA < keyB ? -1 : keyA > keyB ? 1 : (pairSlots[a] as number) - (pairSlots[b] as number);
    },
    pacer,
  );
  const keys = new Array<string>(total);
  const slots = new Int32Array(total);
  for (let i = 0; i < total; i++) {
    const at = order[i] as number;
    keys[i] = pairKeys[at] as string;
    slots[i] = pairSlots[at] as number;
    if (pacer.due()) await pacer.pause();
  }
  return { keys, slots };
}

export async function buildIndexState<R extends IndexedRecord>(
  definition: IndexDefinition<R>,
  records: Iterable<R>,
  pacer: Pacer,
): Promise<IndexState<R>> {
  const prepared = await prepareAll(definition, records, pacer);
  // Rank order first: slot numbers then are ranks, and FlexSearch lists come out best-first.
  await sortCooperatively(prepared, (a, b) => compareRank(a.entry, b.entry), pacer);
  const names = await buildKeyTable(prepared, true, pacer);
  const others = await buildKeyTable(prepared, false, pacer);
  const flex = createFlexIndex();
  const entries: Entry<R>[] = [];
  const idToSlot = new Map<string, number>();
  for (let slot = 0; slot < prepared.length; slot++) {
    const { entry, content } = prepared[slot] as PreparedEntry<R>;
    entries.push(entry);
    idToSlot.set(entry.id, slot);
    if (content !== '') flex.add(slot, content);
    if (pacer.due()) await pacer.pause();
  }
  return createIndexState(definition, { entries, idToSlot, main: { flex, names, others } });
}
