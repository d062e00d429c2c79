/**
 * The typeahead response cache: an answer is served only for the indexes object and version that produced it,
 * and the bodies stay within the byte budget, least recently used first out.
 */
import { createSearchResponseCache, type CachedSearchAnswer } from '../../../src/http/search-response-cache';
import { createSearchIndexes, type SearchIndexes } from '../../../src/search';
import { customers, snapshot } from '../search/fixtures';

const answer = (text: string): CachedSearchAnswer => ({ body: Buffer.from(text), etag: `W/"${text.length}"` });

describe('search response cache', () => {
  let indexes: SearchIndexes;
  beforeAll(async () => {
    indexes = await createSearchIndexes(snapshot);
  });

  test('when an answer was kept, then the same key on the same indexes gets it back and another key misses', () => {
    const cache = createSearchResponseCache(1024 * 1024);
    const kept = answer('{"query":"ac"}');
    cache.set(indexes, 'client_names\n15\n0\nac', kept);
    expect(cache.get(indexes, 'client_names\n15\n0\nac')).toBe(kept);
    expect(cache.get(indexes, 'client_names\n15\n1\nac')).toBeUndefined();
    expect(cache.size().entries).toBe(1);
  });

  test('when a delta is applied in place, then every answer kept before it is gone', async () => {
    const patched = await createSearchIndexes(snapshot);
    const cache = createSearchResponseCache(1024 * 1024);
    cache.set(patched, 'a', answer('before'));
    const versionBefore = patched.version;
    patched.applyDelta({ customers: { upserts: [{ ...customers[0]!, name: 'Renamed Customer' }] } });
    expect(patched.version).toBe(versionBefore + 1);
    expect(cache.get(patched, 'a')).toBeUndefined();
    expect(cache.size()).toEqual({ bytes: 0, entries: 0 });
  });

  test('when other indexes are serving (a snapshot swap), then answers of the old ones are not served', async () => {
    const next = await createSearchIndexes(snapshot);
    const cache = createSearchResponseCache(1024 * 1024);
    cache.set(indexes, 'a', answer('old'));
    expect(cache.get(next, 'a')).toBeUndefined();
    cache.set(next, 'a', answer('new'));
    expect(cache.get(next, 'a')?.body.toString()).toBe('new');
    expect(cache.get(indexes, 'a')).toBeUndefined(); // and back: the owner changed again, nothing kept
  });

  test('when the bodies exceed the budget, then the least recently used go first', () => {
    const body = 'x'.repeat(1000);
    const cache = createSearchResponseCache(20_000); // room for ~17 entries of ~1.2 KB
    for (let i = 0; i < 17; i++) cache.set(indexes, `k${i}`, answer(body));
    const full = cache.size();
    expect(full.bytes).toBeLessThanOrEqual(20_000);
    expect(cache.get(indexes, 'k0')).toBeDefined(); // k0 is now the most recently used
    for (let i = 17; i < 25; i++) cache.set(indexes, `k${i}`, answer(body));
    expect(cache.size().bytes).toBeLessThanOrEqual(20_000);
    expect(cache.get(indexes, 'k0')).toBeDefined();
    expect(cache.get(indexes, 'k1')).toBeUndefined();
    expect(cache.get(indexes, 'k24')).toBeDefined();
  });

  test('when a key is kept again, then it replaces the old answer and is counted once', () => {
    const cache = createSearchResponseCache(1024 * 1024);
    cache.set(indexes, 'a', answer('one'));
    const once = cache.size().bytes;
    cache.set(indexes, 'a', answer('two'));
    expect(cache.size()).toEqual({ bytes: once, entries: 1 });
    expect(cache.get(indexes, 'a')?.body.toString()).toBe('two');
  });

  test('when the budget is 0 or an answer is larger than 1/16 of it, then it is not kept', () => {
    const off = createSearchResponseCache(0);
    off.set(indexes, 'a', answer('small'));
    expect(off.get(indexes, 'a')).toBeUndefined();
    const small = createSearchResponseCache(16_000);
    small.set(indexes, 'big', answer('y'.repeat(1000)));
    expect(small.get(indexes, 'big')).toBeUndefined();
    small.set(indexes, 'fits', answer('y'.repeat(500)));
    expect(small.get(indexes, 'fits')).toBeDefined();
  });
});
