import type { DataHandle } from './data-handle';
import type { DataFacts, SnapshotInfo } from './snapshot';

/** What readers see: a snapshot's facts and the data thread holding its records, always together. */
export interface CacheView {
  readonly info: SnapshotInfo;
  readonly facts: DataFacts;
  readonly data: DataHandle;
}

export interface CacheHolder {
  /** The view being served, or null before the first load. Read it once per request. */
  current(): CacheView | null;
  /** Replaces the view in one assignment; the previous view's data thread ends once its requests are answered. */
  swap(view: CacheView): void;
  /** Forgets the served view and ends its thread (after a disconnect deleted the company's data). */
  clear(): void;
}

export function createCacheHolder(): CacheHolder {
  let view: CacheView | null = null;
  return {
    current: () => view,
    swap: (next) => {
      const previous = view;
      view = next;
      if (previous !== null && previous.data !== next.data) previous.data.close();
    },
    clear: () => {
      view?.data.close();
      view = null;
    },
  };
}
