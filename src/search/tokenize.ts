/**
 * Splits folded text into the words the search matches on. The same rules serve records and queries,
 * so `O'Brien & Sons`, `obrien sons` and `o’brien  &sons` all meet.
 *
 * - A word is a run of letters, digits and combining marks; everything else (`&`, `-`, `@`, `.`, `/`,
 *   spaces, emoji) separates words. So an email `jane.doe@example.com` has the words
 *   jane, doe, example, com, and the queries `@example.com`, `jane@ex`, `example` all match it.
 * - Apostrophes join: `o'brien` is the word `obrien`. Records also get the parts (`o`, `brien`), so
 *   `brien` finds O'Brien too; queries only use the joined form, so `o'brien` = `obrien`.
 * - Scripts written without spaces (Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer, Myanmar) form
 *   words of their own even when glued to Latin text, and match anywhere inside (see infix sources).
 */
import { foldText } from './fold-text';

/** How a searched field matches beyond word prefixes. */
export type FieldMode =
  /** Words match by prefix; runs of space-less scripts anywhere inside. */
  | 'text'
  /** A code (SKU, PO, invoice number): also typed without separators (`prd00123` = `PRD-00123`). */
  | 'code'
  /** A code that also matches anywhere inside (`00123`, `d001` find `PRD-00123`). */
  | 'code-infix';

export interface FieldTokens {
  /** Words a query word may be a prefix of. */
  readonly words: readonly string[];
  /** Strings a query word may occur anywhere inside. */
  readonly infixSources: readonly string[];
  /** Whole-field keys for the exact and field-prefix tiers (words joined by one space, or compact). */
  readonly keys: readonly string[];
}

export interface QueryTokens {
  /** Distinct query words, each of which must match. */
  readonly words: readonly string[];
  /** The whole query as a field key would spell it, for the exact and field-prefix tiers. */
  readonly key: string;
}

const WORD_RUN = /[\p{L}\p{N}\p{M}']+/gu;
const SPACELESS = '\\p{scx=Han}\\p{scx=Hira}\\p{scx=Kana}\\p{scx=Hang}\\p{scx=Thai}\\p{scx=Lao}\\p{scx=Khmr}\\p{scx=Mymr}';
const SCRIPT_RUN = new RegExp(`[${SPACELESS}]+|[^${SPACELESS}]+`, 'gu');
const SPACELESS_START = new RegExp(`^[${SPACELESS}]`, 'u');
const EDGE_APOSTROPHES = /^'+|'+$/g;

interface Piece {
  /** The word with apostrophes removed. */
  readonly joined: string;
  /** Apostrophe-separated parts, when there was an apostrophe inside. */
  readonly parts: readonly string[];
  readonly spaceless: boolean;
}

function splitPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  for (const run of foldText(text).match(WORD_RUN) ?? []) {
    const trimmed = run.replace(EDGE_APOSTROPHES, '');
    for (const piece of trimmed.match(SCRIPT_RUN) ?? []) {
      const joined = piece.replaceAll("'", '');
      if (joined === '') continue;
      const parts = piece.includes("'") ? piece.split("'").filter((part) => part !== '') : [];
      pieces.push({ joined, parts, spaceless: SPACELESS_START.test(joined) });
    }
  }
  return pieces;
}

/** The words, infix sources and whole-field keys of one searched field. */
export function tokenizeField(text: string, mode: FieldMode): FieldTokens {
  const pieces = splitPieces(text);
  if (pieces.length === 0) return { words: [], infixSources: [], keys: [] };
  const words: string[] = [];
  const infixSources: string[] = [];
  for (const piece of pieces) {
    words.push(piece.joined, ...piece.parts);
    if (piece.spaceless) infixSources.push(piece.joined);
  }
  const key = pieces.map((piece) => piece.joined).join(' ');
  const keys = [key];
  if (mode !== 'text') {
    const compact = pieces.map((piece) => piece.joined).join('');
    if (compact !== key) {
      words.push(compact);
      keys.push(compact);
    }
    if (mode === 'code-infix') infixSources.push(compact);
  }
  return { words, infixSources, keys };
}

/** The words of a query; empty when nothing searchable is left (only punctuation, emoji). */
export function tokenizeQuery(query: string): QueryTokens {
  const joined = splitPieces(query).map((piece) => piece.joined);
  return { words: [...new Set(joined)], key: joined.join(' ') };
}

/** The folded form of a record's name, used for ordering ties (length, then code-unit order). */
export function nameKey(name: string): string {
  return splitPieces(name)
    .map((piece) => piece.joined)
    .join(' ');
}
