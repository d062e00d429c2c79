/**
 * The format of a normalized record as persisted beside its raw JSON (store migration 2): a hash of the code
 * that turns raw QBO objects into our records. A stored record is used at load only when its format equals
 * this one; after any change to that code, records are normalized again from the raw JSON.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const extension = path.extname(__filename);
const SOURCES = [
  path.join(__dirname, `normalizers${extension}`),
  path.join(__dirname, `records${extension}`),
  path.join(__dirname, `entities${extension}`),
  path.join(__dirname, `po-number${extension}`),
  path.join(__dirname, '..', 'text', `fold-text${extension}`),
];

function computeRecordFormat(): string {
  const hash = createHash('sha256');
  for (const file of SOURCES) hash.update(path.basename(file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

let recordFormat: string | undefined;

/** Computed on first use, not when this module is imported (no import-time work in any thread). */
export function currentRecordFormat(): string {
  recordFormat ??= computeRecordFormat();
  return recordFormat;
}
