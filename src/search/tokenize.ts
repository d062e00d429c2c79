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
import { foldText } from '../text';

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
  /** Space-less script runs: a query word may occur anywhere inside them. */
  readonly infixSources: readonly string[];
  /** A `code-infix` field's compact form: a query word may occur anywhere inside it. */
  readonly codeSource?: string;
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
const ASCII_WORD_RUN = /[a-z0-9']+/g;
/** Printable ASCII plus the whitespace descriptions contain. */
const ASCII_ONLY = /^[\t\n\r\x20-\x7e]*$/;
const SPACELESS = '\\p{scx=Han}\\p{scx=Hira}\\p{scx=Kana}\\p{scx=Hang}\\p{scx=Thai}\\p{scx=Lao}\\p{scx=Khmr}\\p{scx=Mymr}';
const SCRIPT_RUN = new RegExp(`[${SPACELESS}]+|[^${SPACELESS}]+`, 'gu');
const SPACELESS_START = new RegExp(`^[${SPACELESS}]`, 'u');
const EDGE_APOSTROPHES = /^'+|'+$/g;

interface Scan {
  /** Each word with apostrophes removed, in text order. */
  readonly joined: string[];
  /** Apostrophe-separated parts of words that had an apostrophe inside. */
  readonly parts: string[];
  /** The joined words written in a space-less script. */
  readonly spaceless: string[];
}

function addPiece(scan: Scan, piece: string, spaceless: boolean): void {
  if (!piece.includes("'")) {
    scan.joined.push(piece);
    if (spaceless) scan.spaceless.push(piece);
    return;
  }
  const trimmed = piece.replace(EDGE_APOSTROPHES, '');
  if (trimmed === '') return;
  const joined = trimmed.replaceAll("'", '');
  scan.joined.push(joined);
  if (spaceless) scan.spaceless.push(joined);
  if (joined !== trimmed) for (const part of trimmed.split("'")) if (part !== '') scan.parts.push(part);
}

function scanWords(text: string): Scan {
  const scan: Scan = { joined: [], parts: [], spaceless: [] };
  const folded = foldText(text);
  // Fast path (measured: most of the tokenizing time went to Unicode-property regexes on ASCII names).
  if (ASCII_ONLY.test(folded)) {
    for (const run of folded.match(ASCII_WORD_RUN) ?? []) addPiece(scan, run, false);
    return scan;
  }
  for (const run of folded.match(WORD_RUN) ?? []) {
    if (ASCII_ONLY.test(run)) addPiece(scan, run, false);
    else for (const piece of run.match(SCRIPT_RUN) ?? []) addPiece(scan, piece, SPACELESS_START.test(piece));
  }
  return scan;
}

/** The words, infix sources and whole-field keys of one searched field. */
export function tokenizeField(text: string, mode: FieldMode): FieldTokens {
  const { joined, parts, spaceless } = scanWords(text);
  if (joined.length === 0) return { words: [], infixSources: [], keys: [] };
  const words = parts.length === 0 ? joined.slice() : [...joined, ...parts];
  const infixSources = spaceless;
  const key = joined.join(' ');
  const keys = [key];
  if (mode !== 'text' && joined.length > 1) {
    const compact = joined.join('');
    words.push(compact);
    keys.push(compact);
  }
  if (mode === 'code-infix') return { words, infixSources, keys, codeSource: joined.join('') };
  return { words, infixSources, keys };
}

/** The words of a query; empty when nothing searchable is left (only punctuation, emoji). */
export function tokenizeQuery(query: string): QueryTokens {
  const { joined } = scanWords(query);
  return { words: [...new Set(joined)], key: joined.join(' ') };
}

/** The folded form of a record's name, used for ordering ties (length, then code-unit order). */
export function nameKey(name: string): string {
  return scanWords(name).joined.join(' ');
}
