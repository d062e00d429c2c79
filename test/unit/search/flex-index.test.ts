import { createFlexIndex, postingList } from '../../../src/search/flex-index';

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
