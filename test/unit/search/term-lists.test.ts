import { createFlexIndex, postingList as flexPostingList } from '../../../src/search/flex-index';
import { buildTermLists, postingList, termListsReader, type TermListPart } from '../../../src/search/term-lists';

/** Every distinct prefix (in code units) of every token, the terms FlexSearch's forward tokenizer makes. */
function prefixesOf(contents: readonly string[]): Set<string> {
  const terms = new Set<string>();
  for (const content of contents) {
    for (const token of content.split(' ')) for (let end = 1; end <= token.length; end++) terms.add(token.slice(0, end));
  }
  return terms;
}

function flexOf(contents: readonly string[]) {
  const flex = createFlexIndex();
  contents.forEach((content, slot) => {
    if (content !== '') flex.add(slot, content);
  });
  return flex;
}

/** Deterministic pseudo-random contents: shared and unique prefixes, repeated words, one-letter words, marked grams, a surrogate pair. */
function randomContents(count: number, seed: number): string[] {
  let state = seed;
  const next = (n: number): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const words = ['acme', 'ace', 'a', 'inv20260042', 'inv20260043', 'inv2027', 'zürich', '~acm', '~cme', '^prd', '山田', '𝒜lpha', 'b', 'acme'];
  return Array.from({ length: count }, () => (next(6) === 0 ? '' : Array.from({ length: 1 + next(4) }, () => words[next(words.length)]).join(' ')));
}

describe('buildTermLists', () => {
  it.each([1, 2, 3, 4])('lists exactly the terms and slots FlexSearch lists, in the same order (seed %i)', (seed) => {
    const contents = randomContents(300, seed);
    const lists = buildTermLists(contents);
    const flex = flexOf(contents);
    const terms = prefixesOf(contents);
    terms.add('nope');
    for (const term of terms) expect([...postingList(lists, term)]).toEqual(flexPostingList(flex, term));
    expect(lists.size).toBe(terms.size - 1);
  });

  it("shares one list among a slot's single-record terms, never among different slots' terms", () => {
    const lists = buildTermLists(['acme supply', 'inv20260042', 'inv20260043 acme', '', 'hardware']);
    expect(postingList(lists, 'acme')).toEqual([0, 2]);
    expect(postingList(lists, 'inv2026004')).toEqual([1, 2]);
    expect(postingList(lists, 'hard')).toEqual([4]);
    expect(postingList(lists, 'hard')).toBe(postingList(lists, 'hardware'));
    expect(postingList(lists, 'inv20260042')).toBe(postingList(lists, 'inv202600420'.slice(0, 11)));
    expect(postingList(lists, 'inv20260042')).not.toBe(postingList(lists, 'inv20260043'));
    expect(postingList(lists, 'inv20260043')).toEqual([2]);
  });
});

describe('termListsReader', () => {
  it('reads back what a build holds, parts in any order, singletons shared', () => {
    const contents = randomContents(200, 7).map((content, slot) => `${content} q${slot}xyz`.trim());
    const built = buildTermLists(contents);
    const entries = [...built].reverse().map(([term, slots]) => [term, [...slots]] as const);
    const reader = termListsReader();
    for (let from = 0; from < entries.length; from += 50) reader.add(entries.slice(from, from + 50) as TermListPart);
    expect(new Map([...reader.lists].map(([term, slots]) => [term, [...slots]]))).toEqual(new Map([...built].map(([term, slots]) => [term, [...slots]])));
    const single = [...reader.lists].filter(([, slots]) => slots.length === 1 && slots[0] === 3).map(([, slots]) => slots);
    expect(single.length).toBe(3); // q3x, q3xy, q3xyz
    expect(new Set(single).size).toBe(1);
  });
});
