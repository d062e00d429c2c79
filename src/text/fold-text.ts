/**
 * Text folding shared by indexing, querying and ranking, so the three can never disagree:
 * lower case, no accents, letters Unicode does not decompose spelled out, one apostrophe character.
 */

/** Every apostrophe-like character users type or paste (’ from Word/macOS, ʼ, ‘, `, ´, ′, fullwidth). */
const APOSTROPHES = /[\u2018\u2019\u02bc\u02bb\u0060\u00b4\u2032\uff07]/g;

/**
 * Combining marks of Latin, Greek and Cyrillic only. A blanket \p{M} would also strip the Japanese
 * voicing marks (が → か) that NFKD splits off, and NFC below could then not put them back.
 */
// eslint-disable-next-line no-misleading-character-class -- ranges of lone combining marks, on purpose
const LATIN_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;

/**
 * Letters NFKD leaves whole: without this, `soren`, `lukasz` and `gross` would not find Søren, Łukasz
 * and Groß. Keys are lower case because folding lowercases first.
 */
const UNDECOMPOSED: Readonly<Record<string, string>> = {
  'ø': 'o',
  'ł': 'l',
  'ß': 'ss',
  'æ': 'ae',
  'œ': 'oe',
  'đ': 'd',
  'ð': 'd',
  'þ': 'th',
  'ħ': 'h',
  'ı': 'i',
  'ŧ': 't',
  'ĸ': 'k',
  'ŋ': 'n',
  'ƒ': 'f',
  'ɨ': 'i',
  'ƀ': 'b',
  'ƶ': 'z',
  'ς': 'σ',
};
const UNDECOMPOSED_PATTERN = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'g');

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Folds text for matching: `Søren O’Brien-Groß` → `soren o'brien-gross`. Punctuation is kept (the
 * tokenizer decides what separates words); every apostrophe variant becomes `'`.
 */
export function foldText(text: string): string {
  // Fast path: most QBO names are plain ASCII, where only case and the backtick matter.
  if (PRINTABLE_ASCII.test(text)) {
    return text.toLowerCase().replace(APOSTROPHES, "'");
  }
  // Apostrophes first: NFKD turns ´ into a space plus a combining accent, which would split the word.
  return text
    .replace(APOSTROPHES, "'")
    .normalize('NFKD')
    .toLowerCase()
    .replace(LATIN_MARKS, '')
    .replace(UNDECOMPOSED_PATTERN, (letter) => UNDECOMPOSED[letter] ?? letter)
    // NFC puts Hangul syllables and kana with voicing marks back together after NFKD took them apart.
    .normalize('NFC');
}
