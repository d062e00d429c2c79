/**
 * The slots of an index's records per value of a filter field (customer or vendor id), built on first use and kept
 * until the index changes. A search filtered on one customer then walks the intersection of its words' posting lists
 * with that customer's few slots (posting-lists.ts drives with the smallest list), and finds its exact and
 * field-prefix matches in key tables of that customer's records alone, instead of every match of the query: a
 * customer with 3 invoices costs what its 3 invoices cost, not what 200,000 do.
 */
import type { IndexState } from './index-state';
import { sortedKeyTable, type KeyTable } from './key-table';
import type { SlotList } from './posting-lists';
import type { Entry, IndexedRecord } from './record-entry';

/** The primary-field and other-field keys of some records, shaped like an index's own key tables (index-state.ts). */
export interface CandidateKeys {
  readonly names: KeyTable;
  readonly others: KeyTable;
}

/** The records a filter may keep: their ascending slots, and their key tables when there are few enough of them. */
export interface Candidates {
  readonly slots: SlotList;
  /** Built on first call and kept with the slots; undefined above CANDIDATE_KEYS_LIMIT records. */
  keys(): CandidateKeys | undefined;
}

/**
 * Above this many records, a value's key tables cost more to build on the first keystroke (sorting four keys a record)
 * than scanning the index's own tables saves; such a filter keeps most of an index anyway.
 */
const CANDIDATE_KEYS_LIMIT = 20_000;

interface Kept {
  /** Ascending slots by field value. */
  readonly lists: ReadonlyMap<string, SlotList>;
  readonly keys: Map<string, CandidateKeys>;
}

const kept = new WeakMap<object, Map<string, Kept>>();

function keyTablesOf<R extends IndexedRecord>(state: IndexState<R>, slots: SlotList): CandidateKeys {
  const names: Array<[string, number]> = [];
  const others: Array<[string, number]> = [];
  for (const slot of slots) {
    const { keys, nameKeyCount } = state.entries[slot] as Entry<R>;
    keys.forEach((key, k) => (k < nameKeyCount ? names : others).push([key, slot]));
  }
  return { names: sortedKeyTable(names), others: sortedKeyTable(others) };
}

/** The records whose field `read` reads `value` (`name` names that field for the cache). */
export function slotsWith<R extends IndexedRecord>(state: IndexState<R>, name: string, read: (record: R) => string | undefined, value: string): Candidates {
  let byField = kept.get(state);
  if (byField === undefined) kept.set(state, (byField = new Map()));
  let field = byField.get(name);
  if (field === undefined) {
    const lists = new Map<string, number[]>();
    for (const slot of state.idToSlot.values()) {
      const key = read((state.entries[slot] as Entry<R>).record);
      if (key === undefined) continue;
      const list = lists.get(key);
      if (list === undefined) lists.set(key, [slot]);
      else list.push(slot);
    }
    for (const list of lists.values()) list.sort((a, b) => a - b);
    byField.set(name, (field = { lists, keys: new Map() }));
  }
  const { lists, keys } = field;
  const slots = lists.get(value) ?? [];
  return {
    slots,
    keys() {
      if (slots.length > CANDIDATE_KEYS_LIMIT) return undefined;
      let tables = keys.get(value);
      if (tables === undefined) keys.set(value, (tables = keyTablesOf(state, slots)));
      return tables;
    },
  };
}

/** Drops what `slotsWith` kept for this index: called whenever its records change. */
export function forgetSlots(state: object): void {
  kept.delete(state);
}
