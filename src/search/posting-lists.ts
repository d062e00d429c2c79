/**
 * Walks over FlexSearch posting lists, which (resolution 1, see flex-index.ts) are ascending slot
 * numbers. Ascending slot order is rank order in the main index, so a walk can stop as soon as it
 * has enough; the lists are never copied or changed.
 */

export type SlotList = readonly number[];

/** First index at or after `from` whose value is >= `target` (galloping, then binary search). */
export function seek(list: SlotList, from: number, target: number): number {
  let low = from;
  let high = from;
  let step = 1;
  while (high < list.length && (list[high] as number) < target) {
    low = high + 1;
    high += step;
    step *= 2;
  }
  high = Math.min(high, list.length);
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle] as number) < target) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function contains(list: SlotList, slot: number): boolean {
  const at = seek(list, 0, slot);
  return list[at] === slot;
}

/** A union of ascending lists, read in ascending order without materialising it. */
class UnionCursor {
  private readonly positions: number[];

  constructor(private readonly lists: readonly SlotList[]) {
    this.positions = lists.map(() => 0);
  }

  get size(): number {
    return this.lists.reduce((sum, list) => sum + list.length, 0);
  }

  /** Smallest value >= target in any list, or undefined when all are exhausted. */
  seek(target: number): number | undefined {
    let smallest: number | undefined;
    for (let k = 0; k < this.lists.length; k++) {
      const list = this.lists[k] as SlotList;
      const at = seek(list, this.positions[k] as number, target);
      this.positions[k] = at;
      const value = list[at];
      if (value !== undefined && (smallest === undefined || value < smallest)) smallest = value;
    }
    return smallest;
  }
}

/**
 * Visits, ascending, every slot present in each of the unions (a union per query word: the lists a
 * word may match through). Drives with the smallest union and seeks in the others; `visit` returns
 * false to stop. A slot `only` marks 0 is skipped before the other unions are searched for it (a
 * filter's mask: most of a rare filter's walk is slots it drops).
 */
export function intersectUnions(unions: readonly (readonly SlotList[])[], visit: (slot: number) => boolean, only?: Uint8Array): void {
  const cursors = unions.map((lists) => new UnionCursor(lists.filter((list) => list.length > 0)));
  cursors.sort((a, b) => a.size - b.size);
  const [driver, ...others] = cursors;
  if (driver === undefined) return;
  let target = 0;
  for (;;) {
    let candidate = driver.seek(target);
    if (candidate === undefined) return;
    if (only !== undefined && only[candidate] !== 1) {
      target = candidate + 1;
      continue;
    }
    let agreed = true;
    for (const other of others) {
      const value = other.seek(candidate);
      if (value === undefined) return;
      if (value !== candidate) {
        agreed = false;
        candidate = value;
        break;
      }
    }
    if (agreed) {
      if (!visit(candidate)) return;
      target = candidate + 1;
    } else {
      target = candidate;
    }
  }
}

/** Slots present in every list (and marked in `only`, when given), ascending. */
export function intersectAll(lists: readonly SlotList[], only?: Uint8Array): number[] {
  const slots: number[] = [];
  intersectUnions(
    lists.map((list) => [list]),
    (slot) => slots.push(slot) > 0,
    only,
  );
  return slots;
}
