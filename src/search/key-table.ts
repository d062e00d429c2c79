/**
 * Sorted whole-field keys with the slot of their record: binary search answers "which records have a
 * field equal to / starting with the query" without touching the thousands a short query matches
 * by word (the first matches by word are not the best ones; sorted keys give the top tiers).
 */

export interface KeyTable {
  /** Keys in code-unit order (plain `<`, no locale). */
  readonly keys: readonly string[];
  /** `slots[i]` is the record slot of `keys[i]`. */
  readonly slots: ArrayLike<number>;
}

export interface MutableKeyTable extends KeyTable {
  readonly keys: string[];
  readonly slots: number[];
}

export interface KeyRange {
  readonly start: number;
  /** Keys in [start, exactEnd) equal the prefix; [exactEnd, end) start with it. */
  readonly exactEnd: number;
  readonly end: number;
}

function lowerBound(keys: readonly string[], target: string, from: number): number {
  let low = from;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((keys[middle] as string) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** First index at or after `from` whose key does not start with `prefix` (such keys are contiguous). */
function prefixEnd(keys: readonly string[], prefix: string, from: number): number {
  let low = from;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((keys[middle] as string).startsWith(prefix)) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function findPrefixRange(table: KeyTable, prefix: string): KeyRange {
  const start = lowerBound(table.keys, prefix, 0);
  let exactEnd = start;
  while (exactEnd < table.keys.length && table.keys[exactEnd] === prefix) exactEnd++;
  return { start, exactEnd, end: prefixEnd(table.keys, prefix, exactEnd) };
}

/** A table of (key, slot) pairs given in any order: sorted by key (code-unit order), then by slot. */
export function sortedKeyTable(pairs: Array<[string, number]>): KeyTable {
  pairs.sort(([keyA, slotA], [keyB, slotB]) => (keyA < keyB ? -1 : keyA > keyB ? 1 : slotA - slotB));
  return { keys: pairs.map(([key]) => key), slots: Int32Array.from(pairs, ([, slot]) => slot) };
}

export function createMutableKeyTable(): MutableKeyTable {
  return { keys: [], slots: [] };
}

/** For the small delta table only: splice keeps it sorted. */
export function insertKey(table: MutableKeyTable, key: string, slot: number): void {
  const at = lowerBound(table.keys, key, 0);
  table.keys.splice(at, 0, key);
  table.slots.splice(at, 0, slot);
}

export function removeKey(table: MutableKeyTable, key: string, slot: number): void {
  for (let at = lowerBound(table.keys, key, 0); at < table.keys.length && table.keys[at] === key; at++) {
    if (table.slots[at] === slot) {
      table.keys.splice(at, 1);
      table.slots.splice(at, 1);
      return;
    }
  }
}
