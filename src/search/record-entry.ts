/**
 * What an index keeps per record (an Entry) and what it feeds FlexSearch and the key table once.
 */
import type { IndexDefinition } from './index-registry';
import type { RankFields } from './ranking';
import { nameKey, tokenizeField } from './tokenize';

/**
 * Longest infix token. A source of n characters adds about n × min(n, 16) prefixes to FlexSearch
 * instead of n²/2, so a long Japanese description stays cheap; query words longer than this are
 * looked up by their first 16 characters and then checked against `words`/`infix` (query.ts).
 */
export const INFIX_MAX_LENGTH = 16;

export interface IndexedRecord {
  readonly id: string;
  readonly active: boolean;
}

export interface Entry<R> extends RankFields {
  readonly record: R;
  /** Every word of every searched field, each preceded by a space: `" acme supply co"`. */
  readonly words: string;
  /** Infix sources (CJK runs, SKUs of code-infix fields) joined by spaces; empty when none. */
  readonly infix: string;
}

export interface PreparedEntry<R> {
  readonly entry: Entry<R>;
  /** Space-separated tokens for FlexSearch (words plus infix suffixes), dropped after indexing. */
  readonly content: string;
  readonly keys: readonly string[];
}

/** Suffixes (from the 2nd character on, code points, at most INFIX_MAX_LENGTH long) of a source. */
function addInfixTokens(source: string, tokens: Set<string>): void {
  const chars = Array.from(source);
  for (let start = 1; start < chars.length; start++) {
    tokens.add(chars.slice(start, start + INFIX_MAX_LENGTH).join(''));
  }
}

export function prepareEntry<R extends IndexedRecord>(definition: IndexDefinition<R>, record: R): PreparedEntry<R> {
  const name = definition.nameOf(record);
  let nameFolded: string | undefined;
  const words = new Set<string>();
  const infix = new Set<string>();
  const keys = new Set<string>();
  for (const field of definition.fields) {
    const text = field.read(record);
    if (text === undefined || text === '') continue;
    const tokens = tokenizeField(text, field.mode);
    // The name is usually a searched field: reuse its key instead of tokenizing it twice.
    if (nameFolded === undefined && text === name) nameFolded = tokens.keys[0] ?? '';
    for (const word of tokens.words) words.add(word);
    for (const source of tokens.infixSources) infix.add(source);
    for (const key of tokens.keys) keys.add(key);
  }
  const flexTokens = [...words];
  if (infix.size > 0) {
    const withInfix = new Set(words);
    for (const source of infix) addInfixTokens(source, withInfix);
    flexTokens.splice(0, flexTokens.length, ...withInfix);
  }
  const entry: Entry<R> = {
    record,
    id: record.id,
    active: record.active,
    nameKey: nameFolded ?? nameKey(name),
    words: words.size === 0 ? '' : ` ${[...words].join(' ')}`,
    infix: [...infix].join(' '),
  };
  return { entry, content: flexTokens.join(' '), keys: [...keys] };
}
