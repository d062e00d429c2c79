/**
 * Serialized typeahead answers, kept while the indexes that produced them are unchanged. A typeahead sends the
 * same few prefixes over and over (every user's `a`, `ac`, `acm`…); answering one again from here skips the
 * search, the projection, JSON.stringify and the ETag hash, which together are most of the route's own work
 * (`npm run bench -- http-search --cache-off` shows the difference; figures in BENCHMARKS.md).
 *
 * An entry belongs to one AnswerSource (the served data thread) at one `version`: a snapshot swap brings a new one,
 * a CDC delta applied in place bumps the version, and either empties the cache on the next lookup, so an answer is never
 * older than the indexes serving. Least recently used entries go first once the bodies exceed the byte budget.
 */
/** What produced an answer: an object (the served data) whose `version` changes with every change applied in place. */
export interface AnswerSource {
  readonly version: number;
}

export interface CachedSearchAnswer {
  /** The response body, UTF-8 JSON. */
  readonly body: Buffer;
  /** The app's ETag for `body` (undefined when ETags are off), computed once. */
  readonly etag: string | undefined;
}

export interface SearchResponseCache {
  /** The answer kept for `key` if `indexes` at its current version produced it. */
  get(indexes: AnswerSource, key: string): CachedSearchAnswer | undefined;
  /** Keeps `answer` for `key`, produced by `indexes` at its current version; larger than 1/16 of the budget: not kept. */
  set(indexes: AnswerSource, key: string, answer: CachedSearchAnswer): void;
  /** Bodies and keys kept, in bytes (approximate), and entries. */
  size(): { bytes: number; entries: number };
}

/** Map entry, key and bookkeeping beside the body, roughly. */
const ENTRY_OVERHEAD_BYTES = 160;

/** `maxBytes` 0 disables it: nothing is kept, every lookup misses. */
export function createSearchResponseCache(maxBytes: number): SearchResponseCache {
  const entries = new Map<string, CachedSearchAnswer>();
  let bytes = 0;
  let owner: AnswerSource | undefined;
  let ownerVersion = -1;
  const cost = (key: string, answer: CachedSearchAnswer) => answer.body.length + 2 * key.length + ENTRY_OVERHEAD_BYTES;
  const current = (indexes: AnswerSource): boolean => {
    if (owner === indexes && ownerVersion === indexes.version) return true;
    entries.clear();
    bytes = 0;
    owner = indexes;
    ownerVersion = indexes.version;
    return false;
  };
  return {
    get(indexes, key) {
      if (!current(indexes)) return undefined;
      const answer = entries.get(key);
      if (answer === undefined) return undefined;
      // Most recently used goes last: Map keeps insertion order, so eviction takes from the front.
      entries.delete(key);
      entries.set(key, answer);
      return answer;
    },
    set(indexes, key, answer) {
      const entryBytes = cost(key, answer);
      if (entryBytes * 16 > maxBytes) return;
      current(indexes);
      const previous = entries.get(key);
      if (previous !== undefined) {
        entries.delete(key);
        bytes -= cost(key, previous);
      }
      entries.set(key, answer);
      bytes += entryBytes;
      for (const [oldest, old] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= cost(oldest, old);
      }
    },
    size: () => ({ bytes, entries: entries.size }),
  };
}
