/**
 * Builds one index from a snapshot's records, in one go: it runs in a company's data thread before that thread
 * serves anything (docs/ARCHITECTURE.md, Threads), so nothing waits on it.
 */
import type { IndexDefinition } from './index-registry';
import { createIndexState, type IndexState } from './index-state';
import { sortedKeyTable, type KeyTable } from './key-table';
import { compareRank } from './ranking';
import { prepareEntry, type Entry, type IndexedRecord, type PreparedEntry } from './record-entry';
import { buildTermLists } from './term-lists';

/** Tokenizes every record the index holds; a repeated id keeps its last record. */
function prepareAll<R extends IndexedRecord>(definition: IndexDefinition<R>, records: Iterable<R>): PreparedEntry<R>[] {
  const prepared: PreparedEntry<R>[] = [];
  const positionById = new Map<string, number>();
  for (const record of records) {
    if (!definition.includes(record)) continue;
    const previous = positionById.get(record.id);
    const entry = prepareEntry(definition, record);
    if (previous === undefined) {
      positionById.set(record.id, prepared.length);
      prepared.push(entry);
    } else {
      prepared[previous] = entry;
    }
  }
  return prepared;
}

/** First and end position in `Entry.keys` of the primary field's keys, or of the other fields'. */
function keySpan(entry: Entry<unknown>, primary: boolean): readonly [number, number] {
  return primary ? [0, entry.nameKeyCount] : [entry.nameKeyCount, entry.keys.length];
}

/** Sorted (key, slot) pairs of the primary field's keys, or of the other fields' (400k keys at 100k customers). */
function buildKeyTable<R extends IndexedRecord>(prepared: readonly PreparedEntry<R>[], primary: boolean): KeyTable {
  const pairs: Array<[string, number]> = [];
  for (let slot = 0; slot < prepared.length; slot++) {
    const { entry } = prepared[slot] as PreparedEntry<R>;
    const [from, to] = keySpan(entry, primary);
    for (let k = from; k < to; k++) pairs.push([entry.keys[k] as string, slot]);
  }
  return sortedKeyTable(pairs);
}

export function buildIndexState<R extends IndexedRecord>(definition: IndexDefinition<R>, records: Iterable<R>): IndexState<R> {
  const prepared = prepareAll(definition, records);
  // Rank order first: slot numbers then are ranks, and posting lists come out best-first (a stable sort).
  prepared.sort((a, b) => compareRank(a.entry, b.entry));
  const names = buildKeyTable(prepared, true);
  const others = buildKeyTable(prepared, false);
  const terms = buildTermLists(prepared.map((p) => p.content));
  const entries: Entry<R>[] = [];
  const idToSlot = new Map<string, number>();
  for (let slot = 0; slot < prepared.length; slot++) {
    const { entry } = prepared[slot] as PreparedEntry<R>;
    entries.push(entry);
    idToSlot.set(entry.id, slot);
  }
  return createIndexState(definition, { entries, idToSlot, main: { terms, names, others } });
}
