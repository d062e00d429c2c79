// Highlights the parts of a text that a query matched, the way the server matches (README, Search): case- and
// accent-insensitive, each query word at the start of a word, else anywhere (SKUs, scripts without spaces).
// The result is DOM nodes built with textContent only: record data never reaches innerHTML.

/** Lower-cased, accents removed ("Müller" → "muller"), with the index in `text` of every folded character. */
function fold(text) {
  let folded = '';
  const origin = [];
  let i = 0;
  for (const ch of text) {
    const plain = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (let k = 0; k < plain.length; k++) origin.push(i);
    folded += plain;
    i += ch.length;
  }
  origin.push(text.length);
  return { folded, origin };
}

function queryWords(query) {
  return fold(query).folded.split(/[\s,;]+/u).filter((word) => word.length > 0);
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Where `word` starts in `folded`: the first match at a word start, else the first match anywhere, else -1. */
function findWord(folded, word) {
  let anywhere = -1;
  for (let at = folded.indexOf(word); at !== -1; at = folded.indexOf(word, at + 1)) {
    if (at === 0 || !WORD_CHAR.test(folded[at - 1]) || !WORD_CHAR.test(word[0])) return at;
    if (anywhere === -1) anywhere = at;
  }
  return anywhere;
}

/** Matched ranges [start, end) in the original text, sorted and merged. */
export function matchRanges(text, query) {
  if (!text || !query) return [];
  const { folded, origin } = fold(text);
  const ranges = [];
  for (const word of queryWords(query)) {
    const at = findWord(folded, word);
    if (at !== -1) ranges.push([origin[at], origin[at + word.length]]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** Appends `text` to `parent`, wrapping the matched parts in <mark>. */
export function appendHighlighted(parent, text, query) {
  const value = String(text);
  let pos = 0;
  for (const [start, end] of matchRanges(value, query)) {
    if (start > pos) parent.append(document.createTextNode(value.slice(pos, start)));
    const mark = document.createElement('mark');
    mark.textContent = value.slice(start, end);
    parent.append(mark);
    pos = end;
  }
  if (pos < value.length) parent.append(document.createTextNode(value.slice(pos)));
  return parent;
}
