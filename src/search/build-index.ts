/**
 * Builds one index beside the serving one, pausing every few ms (pacer.ts) so searches and HTTP keep
 * running; an aborted build throws at its next pause and leaves nothing behind.
 */
import { createFlexIndex } from './flex-index';
import type { IndexDefinition } from './index-registry';
import { createIndexState, type IndexState } from './index-state';
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

async function buildKeyTable<R extends IndexedRecord>(prepared: readonly PreparedEntry<R>[], pacer: Pacer) {
  const pairKeys: string[] = [];
  const pairSlots: number[] = [];
  prepared.forEach(({ keys }, slot) => {
    for (const key of keys) {
      pairKeys.push(key);
      pairSlots.push(slot);
    }
  });
  const order = Array.from(pairKeys, (_, i) => i);
  await sortCooperatively(
    order,
    (a, b) => {
      const keyA = pairKeys[a] as string;
      const keyB = pairKeys[b] as string;
      return keyA < keyB ? -1 : keyA > keyB ? 1 : (pairSlots[a] as number) - (pairSlots[b] as number);
    },
    pacer,
  );
  const keys = new Array<string>(order.length);
  const slots = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const pair = order[i] as number;
    keys[i] = pairKeys[pair] as string;
    slots[i] = pairSlots[pair] as number;
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
  const keys = await buildKeyTable(prepared, pacer);
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
  return createIndexState(definition, { entries, idToSlot, main: { flex, keys } });
}
