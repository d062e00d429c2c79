/**
 * The order of results (README, Search): tier first — a searched field equals the query, a searched field
 * starts with it (in both, the primary field before another field), every query word starts a word,
 * some query word only matches inside a SKU or CJK text — then active before inactive, shorter name,
 * alphabetical, id. Tiers are decided in query.ts;
 * this file orders records within a tier.
 */

export interface RankFields {
  readonly active: boolean;
  /** Folded name (see tokenize.nameKey): its length and code units decide ties, so no locale is involved. */
  readonly nameKey: string;
  readonly id: string;
}

/** QBO ids are numeric strings: comparing length first orders `9` before `10`. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Tie order inside a tier: active, shorter folded name, folded name by code unit, id. */
export function compareRank(a: RankFields, b: RankFields): number {
  if (a.active !== b.active) return a.active ? -1 : 1;
  if (a.nameKey.length !== b.nameKey.length) return a.nameKey.length - b.nameKey.length;
  if (a.nameKey !== b.nameKey) return a.nameKey < b.nameKey ? -1 : 1;
  return compareIds(a.id, b.id);
}

/** The best `limit` distinct values seen, best first; cheap rejection once full. */
export interface TopList {
  readonly items: readonly number[];
  /** True when the list is full and `value` would not enter it. */
  rejects(value: number): boolean;
  /** The last value when the list is full (anything ranking at or after it is rejected), else undefined. */
  threshold(): number | undefined;
  offer(value: number): void;
}

export function createTopList(limit: number, compare: (a: number, b: number) => number): TopList {
  const items: number[] = [];
  const rejects = (value: number): boolean => {
    const worst = items[items.length - 1];
    return items.length >= limit && worst !== undefined && compare(value, worst) >= 0;
  };
  return {
    items,
    rejects,
    threshold: () => (items.length >= limit ? items[items.length - 1] : undefined),
    offer(value) {
      if (limit <= 0 || rejects(value) || items.includes(value)) return;
      let low = 0;
      let high = items.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compare(items[middle] as number, value) <= 0) low = middle + 1;
        else high = middle;
      }
      items.splice(low, 0, value);
      if (items.length > limit) items.pop();
    },
  };
}
