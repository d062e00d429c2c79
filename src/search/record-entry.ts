/**
 * What an index keeps per record (an Entry) and what it feeds the posting lists and the key table once.
 */
import type { IndexDefinition } from './index-registry';
import type { RankFields } from './ranking';
import { nameKey, tokenizeField } from './tokenize';

/**
 * Prefix of the tokens for "anywhere inside" matching. Words never contain it (tokenize.ts keeps
 * letters, digits and marks only), so word-prefix and inside matches live in separate posting lists
 * of the same index, and the word-prefix tier is one list walk.
 */
export const INSIDE_MARK = '~';
/** Prefix of the grams of code-infix sources (SKUs), so an index can share them with a view (index-registry.ts). */
export const CODE_MARK = '^';

/**
 * Inside matching indexes the trigrams of each source (with forward tokenizing, also every 1- and
 * 2-character piece), not all suffixes: those would make every long substring a distinct term
 * and grow the heap, whose size drives the GC pauses that block the event loop. Queries longer than a
 * trigram intersect their trigrams' lists and check the source (query.ts).
 */
export const GRAM_LENGTH = 3;

export interface IndexedRecord {
  readonly id: string;
  readonly active: boolean;
}

export interface Entry<R> extends RankFields {
  readonly record: R;
  /** Inside-match sources (CJK runs) joined by spaces; '' when none. */
  readonly infix: string;
  /** Compact forms of code-infix fields (SKUs) joined by spaces; '' when none. */
  readonly codeInfix: string;
  /**
   * Whole-field keys (the same strings as in the key tables), to test "a field starts with q" directly:
   * first the primary field's (`keys[0, nameKeyCount)`), then the other fields' not already among them.
   */
  readonly keys: readonly string[];
  readonly nameKeyCount: number;
}

export interface PreparedEntry<R> {
  readonly entry: Entry<R>;
  /** Space-separated tokens for the posting lists (words, then marked grams), dropped after indexing. */
  readonly content: string;
}

/** The marked grams of a source, in code points (a split surrogate pair would match nothing). */
export function insideGrams(source: string, mark = INSIDE_MARK): string[] {
  const chars = Array.from(source);
  const grams: string[] = [];
  for (let start = 0; start < chars.length; start++) {
    grams.push(mark + chars.slice(start, start + GRAM_LENGTH).join(''));
  }
  return grams;
}

export function prepareEntry<R extends IndexedRecord>(definition: IndexDefinition<R>, record: R): PreparedEntry<R> {
  const name = definition.nameOf(record);
  let nameFolded: string | undefined;
  const tokens = new Set<string>();
  const infix = new Set<string>();
  const codeInfix = new Set<string>();
  // A key the primary field shares with another field counts as a match in the name.
  const nameKeys: string[] = [];
  const otherKeys: string[] = [];
  for (const field of definition.fields) {
    const text = field.read(record);
    if (text === undefined || text === '') continue;
    const fieldTokens = tokenizeField(text, field.mode);
    // The name is usually a searched field: reuse its key instead of tokenizing it twice.
    if (nameFolded === undefined && text === name) nameFolded = fieldTokens.keys[0] ?? '';
    for (const word of fieldTokens.words) tokens.add(word);
    for (const source of fieldTokens.infixSources) infix.add(source);
    if (fieldTokens.codeSource !== undefined) codeInfix.add(fieldTokens.codeSource);
    const into = field.primary === true ? nameKeys : otherKeys;
    for (const key of fieldTokens.keys) if (!into.includes(key)) into.push(key);
  }
  for (const source of infix) for (const gram of insideGrams(source)) tokens.add(gram);
  for (const source of codeInfix) for (const gram of insideGrams(source, CODE_MARK)) tokens.add(gram);
  const keys = nameKeys.slice();
  for (const key of otherKeys) if (!nameKeys.includes(key)) keys.push(key);
  const entry: Entry<R> = {
    record,
    id: record.id,
    active: record.active,
    nameKey: nameFolded ?? nameKey(name),
    infix: [...infix].join(' '),
    codeInfix: [...codeInfix].join(' '),
    keys,
    nameKeyCount: nameKeys.length,
  };
  return { entry, content: [...tokens].join(' ') };
}
