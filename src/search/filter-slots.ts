/**
 * The slots of an index's records per value of a filter field (customer or vendor id), built on first use and kept
 * until the index changes. A search filtered on one customer then walks the intersection of its words' posting lists
 * with that customer's few slots (posting-lists.ts drives with the smallest list), instead of every match of the
 * query: a customer with 3 invoices costs what its 3 invoices cost, not what 200,000 do.
 */
import type { Entry, IndexedRecord } from './record-entry';
import type { IndexState } from './index-state';
import type { SlotList } from './posting-lists';

const kept = new WeakMap<object, Map<string, ReadonlyMap<string, SlotList>>>();

/** Ascending slots whose record has `value` in the field `read` reads (`name` names that field for the cache). */
export function slotsWith<R extends IndexedRecord>(state: IndexState<R>, name: string, read: (record: R) => string | undefined, value: string): SlotList {
  let byField = kept.get(state);
  if (byField === undefined) kept.set(state, (byField = new Map()));
  let byValue = byField.get(name);
  if (byValue === undefined) {
    const lists = new Map<string, number[]>();
    for (const slot of state.idToSlot.values()) {
      const key = read((state.entries[slot] as Entry<R>).record);
      if (key === undefined) continue;
      const list = lists.get(key);
      if (list === undefined) lists.set(key, [slot]);
      else list.push(slot);
    }
    for (const list of lists.values()) list.sort((a, b) => a - b);
    byField.set(name, (byValue = lists));
  }
  return byValue.get(value) ?? [];
}

/** Drops what `slotsWith` kept for this index: called whenever its records change. */
export function forgetSlots(state: object): void {
  kept.delete(state);
}
