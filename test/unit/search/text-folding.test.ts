import { foldText } from '../../../src/text';
import { tokenizeField, tokenizeQuery } from '../../../src/search/tokenize';

describe('text folding and tokenizing', () => {
  it.each([
    ['José Müller', 'jose muller'], ['Søren Ødegaard', 'soren odegaard'], ['Łukasz', 'lukasz'], ['Groß', 'gross'],
    ['ẞ', 'ss'], ['Æble', 'aeble'], ['Œuvre', 'oeuvre'], ['Đorđe', 'dorde'], ['Þór', 'thor'], ['İstanbul', 'istanbul'],
    ['O’Brien', "o'brien"], ['O`Brien', "o'brien"], ['ﬁne', 'fine'], ['ｶﾞｽ', 'ガス'], ['がっこう', 'がっこう'], ['한국', '한국'],
  ])('when %j is folded, then it reads %j', (text, folded) => {
    expect(foldText(text)).toBe(folded);
  });

  it('when an email is tokenized, then its parts are words and the whole is a key', () => {
    expect(tokenizeField('Jane.Doe@Example.com', 'text')).toEqual({
      words: ['jane', 'doe', 'example', 'com'], infixSources: [], keys: ['jane doe example com'],
    });
    expect(tokenizeQuery('@example.com').words).toEqual(['example', 'com']);
    expect(tokenizeQuery('jane@ex').words).toEqual(['jane', 'ex']);
  });

  it('when a word has an apostrophe, then the record keeps the joined word and its parts, the query the joined word', () => {
    expect(tokenizeField("O'Brien & Sons", 'text').words).toEqual(['obrien', 'sons', 'o', 'brien']);
    expect(tokenizeQuery("o’brien & sons")).toEqual({ words: ['obrien', 'sons'], key: 'obrien sons' });
  });

  it('when a SKU is tokenized, then its compact form is a word and a key, and an infix source for code-infix', () => {
    expect(tokenizeField('PRD-00123', 'code')).toEqual({ words: ['prd', '00123', 'prd00123'], infixSources: [], keys: ['prd 00123', 'prd00123'] });
    expect(tokenizeField('PRD-00123', 'code-infix').codeSource).toBe('prd00123');
  });

  it('when CJK is glued to Latin text, then it is a word of its own and an infix source', () => {
    expect(tokenizeField('Tokyo東京Co', 'text')).toEqual({ words: ['tokyo', '東京', 'co'], infixSources: ['東京'], keys: ['tokyo 東京 co'] });
  });

  it('when a query has repeated words, then they count once but the key keeps them', () => {
    expect(tokenizeQuery('a A a')).toEqual({ words: ['a'], key: 'a a a' });
  });
});
