/**
 * Property tests over seeded random data and queries: every result obeys the matching rule (checked
 * by the naive reference), no duplicates, stable order, total = results.length, and the page equals
 * the reference's full-scan ranking.
 */
import { createSearchIndexes, INDEX_NAMES, type SearchIndexes, type SearchSnapshot } from '../../../src/search';
import { createRandom, generateSnapshot, int, pick, randomQuery } from './generated-records';
import { refMatches, refRecords, refSearch } from './reference-search';

const QUERIES_PER_INDEX = 250;

function searchableTexts(snapshot: SearchSnapshot, index: (typeof INDEX_NAMES)[number]): string[] {
  return refRecords(snapshot, index).flatMap((r) => r.fields.map(([text]) => text ?? '').filter((t) => t !== ''));
}

describe('search properties', () => {
  const snapshot = generateSnapshot(42, { customers: 1500, items: 800, invoices: 600 });
  let indexes: SearchIndexes;
  beforeAll(async () => {
    indexes = await createSearchIndexes(snapshot);
  });

  it.each(INDEX_NAMES.map((name) => [name]))(
    'when random queries hit %s, then results obey the rule and equal the reference ranking',
    (index) => {
      const random = createRandom(index.length * 7919);
      const records = refRecords(snapshot, index);
      const byId = new Map(records.map((r) => [r.id, r]));
      const texts = searchableTexts(snapshot, index);
      for (let n = 0; n < QUERIES_PER_INDEX; n++) {
        const query = randomQuery(random, texts);
        const limit = random() < 0.5 ? 15 : int(random, 1, 100);
        const activeOnly = random() < 0.25;
        const { results, total } = indexes.search(index, query, { limit, activeOnly });
        const ids = results.map((r) => r.id);
        const context = `${index} ${JSON.stringify(query)} limit=${limit} activeOnly=${activeOnly}`;

        expect({ context, total }).toEqual({ context, total: results.length });
        expect({ context, unique: new Set(ids).size }).toEqual({ context, unique: ids.length });
        for (const id of ids) expect({ context, id, matches: refMatches(byId.get(id)!, query) }).toEqual({ context, id, matches: true });
        if (activeOnly) expect({ context, allActive: results.every((r) => r.active) }).toEqual({ context, allActive: true });
        expect({ context, ids: indexes.search(index, query, { limit, activeOnly }).results.map((r) => r.id) }).toEqual({ context, ids });
        expect({ context, ids }).toEqual({ context, ids: refSearch(records, query, limit, activeOnly) });
      }
    },
  );
});

describe('ranking across thousands of matches', () => {
  const random = createRandom(7);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const word = (min: number, max: number) => Array.from({ length: int(random, min, max) }, () => letters[int(random, 0, 25)]).join('');
  const base = generateSnapshot(3, { customers: 300, items: 10, invoices: 10 });
  // Key ranges past query.ts's scan limit (4,096), so the rank-order walks run for both key tables:
  // > 4,096 names start with 'a'; > 4,096 emails start with 'q' while fewer than 100 names do.
  const extra = Array.from({ length: 6500 }, (_, i) => ({
    id: String(20000 + i),
    updatedAt: '2024-06-01T00:00:00Z',
    active: random() > 0.2,
    // Names starting with 'a' (some exactly 'A' or 'Ab'), some with an 'a…' word later on.
    name: i % 997 === 0 ? 'A' : i % 499 === 0 ? 'Ab' : random() < 0.7 ? `A${word(0, 8)} ${word(2, 9)}` : `${word(2, 6)} a${word(1, 7)}`,
    email: random() < 0.75 ? `q${word(0, 5)}@${word(3, 8)}.com` : random() < 0.3 ? `${word(1, 6)}@${word(3, 8)}.com` : undefined,
  }));
  const snapshot: SearchSnapshot = { ...base, customers: extra };
  let indexes: SearchIndexes;
  beforeAll(async () => {
    indexes = await createSearchIndexes(snapshot);
  });

  it.each([['a'], ['A'], ['ab'], ['a b'], ['a a'], ['ab c'], ['x a'], ['q'], ['qa']])(
    'when the query is %j over 6,500 extra records starting with a, then the top 100 equal a full-scan ranking',
    (query) => {
      const records = refRecords(snapshot, 'client_names');
      for (const activeOnly of [false, true]) {
        for (const limit of [1, 15, 100]) {
          const ids = indexes.search('client_names', query, { limit, activeOnly }).results.map((r) => r.id);
          expect(ids).toEqual(refSearch(records, query, limit, activeOnly));
        }
      }
    },
  );

  it('when random one- and two-letter queries hit thousands of records, then pages equal a full-scan ranking', () => {
    const records = refRecords(snapshot, 'client_names');
    const texts = records.map((r) => r.name);
    for (let n = 0; n < 80; n++) {
      const query = randomQuery(random, texts).slice(0, int(random, 1, 2));
      const limit = pick(random, [1, 15, 100]);
      const activeOnly = random() < 0.3;
      const ids = indexes.search('client_names', query, { limit, activeOnly }).results.map((r) => r.id);
      expect({ query, limit, activeOnly, ids }).toEqual({ query, limit, activeOnly, ids: refSearch(records, query, limit, activeOnly) });
    }
  });

  it('when the query is one letter, then the exact and shortest field-prefix names lead', () => {
    const results = indexes.search('client_names', 'a').results;
    const names = results.map((r) => r.name.toLowerCase());
    expect(names.slice(0, 5)).toEqual(['a', 'a', 'a', 'a', 'a']);
    expect(names).toContain('ab');
    // Exact and field-prefix matches before any name that only has an 'a…' word later on.
    const firstLater = names.findIndex((name) => !name.startsWith('a'));
    expect(firstLater === -1 || names.slice(firstLater).every((name) => !name.startsWith('a'))).toBe(true);
  });
});
