/**
 * In-place changes for a few CDC records. The main index's lists are never touched: a changed or
 * deleted record's old slot is only marked gone (`entries[slot] = undefined`, filtered at query time)
 * and its new version goes to the small overlay index (FlexSearch, flex-index.ts), whose `remove` scans its few
 * terms. The main lists are shared and sized exactly (term-lists.ts), so they cannot change in place.
 * `SearchIndexes.shouldRebuild` bounds how much accumulates before a rebuild.
 */
import type { IndexState } from './index-state';
import { insertKey, removeKey } from './key-table';
import { prepareEntry, type IndexedRecord } from './record-entry';

export function removeRecord<R extends IndexedRecord>(state: IndexState<R>, id: string): void {
  const slot = state.idToSlot.get(id);
  if (slot === undefined) return;
  const entry = state.entries[slot];
  state.idToSlot.delete(id);
  state.entries[slot] = undefined;
  if (entry === undefined || !state.overlaySlots.delete(slot)) return;
  // An overlay slot: the overlay is small, so removing it for real is cheap.
  state.overlay.flex.remove(slot);
  entry.keys.forEach((key, k) => removeKey(k < entry.nameKeyCount ? state.overlay.names : state.overlay.others, key, slot));
}

export function upsertRecord<R extends IndexedRecord>(state: IndexState<R>, record: R): void {
  removeRecord(state, record.id);
  if (!state.definition.includes(record)) return;
  const { entry, content } = prepareEntry(state.definition, record);
  const slot = state.entries.length;
  state.entries.push(entry);
  state.columns.push(record);
  state.idToSlot.set(record.id, slot);
  state.overlaySlots.add(slot);
  if (content !== '') state.overlay.flex.add(slot, content);
  entry.keys.forEach((key, k) => insertKey(k < entry.nameKeyCount ? state.overlay.names : state.overlay.others, key, slot));
}
