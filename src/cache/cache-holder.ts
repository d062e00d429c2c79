import type { SearchIndexes } from '../search';
import type { Snapshot } from './snapshot';

/** What readers see: a snapshot and the indexes built from it, always together. */
export interface CacheView {
  readonly snapshot: Snapshot;
  readonly indexes: SearchIndexes;
}

export interface CacheHolder {
  /** The view being served, or null before the first load. Read it once per request. */
  current(): CacheView | null;
  /** Replaces the view in one assignment: readers see the old one or the new one, never a mix. */
  swap(view: CacheView): void;
  /** Forgets the served view (after a disconnect deleted the company's data). */
  clear(): void;
}

export function createCacheHolder(): CacheHolder {
  let view: CacheView | null = null;
  return {
    current: () => view,
    swap: (next) => {
      view = next;
    },
    clear: () => {
      view = null;
    },
  };
}
