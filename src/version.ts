import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The package version, read once at start from package.json (one directory above both src/ and dist/). */
export function readVersion(): string {
  const file = path.resolve(__dirname, '..', 'package.json');
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const version = (parsed as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}
