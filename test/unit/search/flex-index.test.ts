import { compactFrozenIndex, createFlexIndex, flexTerms, postingList } from '../../../src/search/flex-index';

/** What FlexSearch's own search answers for one term: postingList must read the same list from the term map. */
const searched = (index: ReturnType<typeof createFlexIndex>, term: string) => index.search(term, { limit: 2 ** 31 - 1 });

describe('postingList', () => {
  const index = createFlexIndex();
  const contents = ['acme supply co', 'ace hardware', 'acme', 'zürich bäckerei', '山田商事 tokyo', 'prd00123 prd 00123'];
  contents.forEach((content, slot) => index.add(slot, content));
  const terms = ['a', 'ac', 'acm', 'acme', 'acmes', 'h', 'hard', 'z', 'zü', 'bäck', '山', 'prd', 'prd0', '00123', 'nope', ''];

  it('answers every term exactly as FlexSearch search does, in insertion order', () => {
    for (const term of terms) expect([...postingList(index, term)]).toEqual(searched(index, term));
    expect(postingList(index, 'ac')).toEqual([0, 1, 2]);
  });

  it('follows removals and additions (the overlay index changes in place)', () => {
    index.remove(0);
    index.add(9, 'acme tools');
    for (const term of terms) expect([...postingList(index, term)]).toEqual(searched(index, term));
    expect(postingList(index, 'acme')).toEqual([2, 9]);
    index.remove(2);
    index.remove(9);
    expect(postingList(index, 'acme')).toEqual([]);
    expect(searched(index, 'acme')).toEqual([]);
  });
});

describe('compactFrozenIndex', () => {
  const contents = ['acme supply co', 'ace hardware', 'acme', 'inv20260042', 'inv20260043 acme', '', 'prd00123 prd 00123'];
  const build = () => {
    const index = createFlexIndex();
    contents.forEach((content, slot) => {
      if (content !== '') index.add(slot, content);
    });
    return index;
  };
  const everyList = (index: ReturnType<typeof createFlexIndex>) => new Map([...flexTerms(index)].map(([term]) => [term, [...postingList(index, term)]]));

  it('keeps every term with the same list, in the same order', () => {
    const before = everyList(build());
    const compacted = build();
    compactFrozenIndex(compacted);
    expect(everyList(compacted)).toEqual(before);
    expect(before.size).toBeGreaterThan(40);
    expect(postingList(compacted, 'acme')).toEqual([0, 2, 4]);
    expect(postingList(compacted, 'inv2026004')).toEqual([3, 4]);
  });

  it("shares one list among a slot's single-record terms, never among different slots' terms", () => {
    const index = build();
    compactFrozenIndex(index);
    expect(postingList(index, 'hard')).toEqual([1]);
    expect(postingList(index, 'hard')).toBe(postingList(index, 'hardware'));
    expect(postingList(index, 'inv20260042')).toEqual([3]);
    expect(postingList(index, 'inv20260043')).toEqual([4]);
    expect(postingList(index, 'inv20260042')).not.toBe(postingList(index, 'inv20260043'));
  });
});
