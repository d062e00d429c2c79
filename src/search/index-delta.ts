/**
 * In-place changes for a few CDC records. The main FlexSearch index is never touched: a changed or
 * deleted record's old slot is only marked gone (`entries[slot] = undefined`, filtered at query time)
 * and its new version goes to the small overlay index. FlexSearch `update()` on the 100k-record main
 * index costs 12–22 ms a record (bench/search-core.ts; it scans every posting list without fastupdate).
 * `SearchIndexes.shouldRebuild` bounds how much accumulates before a rebuild.
 */
import type { IndexState } from './index-state';
import { insertKey, removeKey } from './key-table';
import { prepareEntry, type IndexedRecord } from './record-entry';

export function removeRecord<R extends IndexedRecord>(state: IndexState<R>, id: string): void {
  const slot = state.idToSlot.get(id);
  if (slot === undefined) return;
  state.idToSlot.delete(id);
  state.entries[slot] = undefined;
  const keys = state.overlayKeys.get(slot);
  if (keys === undefined) return;
  // An overlay slot: the overlay is small, so removing it for real is cheap.
  state.overlayKeys.delete(slot);
  state.overlay.flex.remove(slot);
  for (const key of keys) removeKey(state.overlay.keys, key, slot);
}

export function upsertRecord<R extends IndexedRecord>(state: IndexState<R>, record: R): void {
  removeRecord(state, record.id);
  if (!state.definition.includes(record)) return;
  const { entry, content, keys } = prepareEntry(state.definition, record);
  const slot = state.entries.length;
  state.entries.push(entry);
  state.idToSlot.set(record.id, slot);
  state.overlayKeys.set(slot, keys);
  if (content !== '') state.overlay.flex.add(slot, content);
  for (const key of keys) insertKey(state.overlay.keys, key, slot);
}
