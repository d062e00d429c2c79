/**
 * A search image: one built index written as lines of JSON, so a restart imports it instead of
 * rebuilding (bench/sync-scale.ts: the build was most of a warm start). An image is never trusted
 * blindly: it is used only when written by the same search code (`searchImageFingerprint()`), and each
 * record it holds only when that record's searched text is still the same (`recordSignature`); the
 * rest goes through the delta path, as a CDC change would.
 *
 * Lines, in this order:
 *   {"format","fingerprint","index","slots"}   the header
 *   ["e", [slot entries...]]                   entries in slot order; null for a slot gone at export
 *   ["n", keys, slots] / ["o", keys, slots]    the name and other-field key tables, in order, in parts
 *   ["t", [[term, slots], ...]]                the term lists (term-lists.ts), in parts
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IndexDefinition } from './index-registry';
import type { IndexedRecord } from './record-entry';
import type { TermListPart } from './term-lists';

export const IMAGE_FORMAT = 3;

export interface ImageHeader {
  readonly format: number;
  readonly fingerprint: string;
  readonly index: string;
  readonly slots: number;
}

/** `[id, signature, nameKey, infix, codeInfix, nameKeyCount, ...keys]`: an Entry without its record. */
export type StoredEntry = [string, string, string, string, string, number, ...string[]];

export type ImageLine =
  | readonly ['e', readonly (StoredEntry | null)[]]
  | readonly ['n' | 'o', readonly string[], readonly number[]]
  | readonly ['t', TermListPart];

/**
 * Everything an Entry is computed from (prepareEntry reads only these): whether the index holds the
 * record, its activity, its name and each searched field. Equal signature, equal entry.
 */
export function recordSignature<R extends IndexedRecord>(definition: IndexDefinition<R>, record: R): string {
  const parts: string[] = [definition.includes(record) ? '1' : '0', record.active ? '1' : '0', definition.nameOf(record)];
  for (const field of definition.fields) parts.push(field.read(record) ?? '\u0000');
  return parts.join('\u0001');
}

/**
 * Hash of the code that decides what an index holds: this folder's sources (tokenizing, the registry, the
 * build) and text/ (folding). Any change to them makes older images unusable. (Images hold no FlexSearch
 * structure: only the overlay of deltas uses it, and that is rebuilt from records.)
 */
function computeFingerprint(): string {
  const hash = createHash('sha256').update(`format ${IMAGE_FORMAT}\n`);
  for (const dir of [__dirname, path.join(__dirname, '..', 'text')]) {
    for (const file of readdirSync(dir).filter((name) => /\.(ts|js)$/.test(name) && !name.endsWith('.d.ts')).sort()) {
      hash.update(file).update(readFileSync(path.join(dir, file)));
    }
  }
  return hash.digest('hex').slice(0, 32);
}

let fingerprint: string | undefined;

/** Computed on first use, not when search/ is imported: every thread that imports search/ would hash its sources. */
export function searchImageFingerprint(): string {
  fingerprint ??= computeFingerprint();
  return fingerprint;
}
