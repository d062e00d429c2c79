import { AppError } from './errors';

/**
 * The parsed query string of one request. Read `req.query` ONCE per request and pass it here: Express 5 defines
 * `req.query` as a getter that parses the query string again on every access.
 */
export type QueryParams = Readonly<Record<string, unknown>>;

/**
 * Query-string readers that refuse ambiguity: a parameter given twice (`?q=a&q=b`, which Express turns into an
 * array) or as an object is a 400, never silently "the first one" (README, HTTP API).
 */
export function stringParam(query: QueryParams, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(query, name)) {
    // Express 5's "simple" parser keeps `q[a]=1` as a key named `q[a]`: refuse it rather than ignore it.
    if (hasBracketKey(query, name)) throw notPlain(name);
    return undefined;
  }
  const value = query[name];
  if (typeof value !== 'string') throw notPlain(name);
  return value;
}

/** True when a key starts with `${name}[` (checked without building that string: this runs on every search). */
function hasBracketKey(query: QueryParams, name: string): boolean {
  for (const key in query) {
    if (key.length > name.length && key.charCodeAt(name.length) === 0x5b /* [ */ && key.startsWith(name)) return true;
  }
  return false;
}

function notPlain(name: string): AppError {
  return new AppError('invalid_query', `Query parameter "${name}" must be given once, as plain text`);
}

const WHOLE_NUMBER = /^-?\d+$/;

/** A whole number ≥ `min`; values above `max` are clamped to it (README, Search: limits clamp, garbage is a 400). */
export function intParam(query: QueryParams, name: string, options: { min: number; max?: number; fallback: number }): number {
  const text = stringParam(query, name);
  if (text === undefined || text === '') return options.fallback;
  const trimmed = text.trim();
  if (!WHOLE_NUMBER.test(trimmed)) throw new AppError('invalid_query', `Query parameter "${name}" must be a whole number`);
  const value = Number(trimmed);
  if (value < options.min) throw new AppError('invalid_query', `Query parameter "${name}" must be at least ${options.min}`);
  return options.max === undefined ? value : Math.min(value, options.max);
}

export function enumParam<T extends string>(query: QueryParams, name: string, allowed: readonly T[]): T | undefined {
  const text = stringParam(query, name);
  if (text === undefined || text === '') return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new AppError('invalid_query', `Query parameter "${name}" must be one of ${allowed.join(', ')}`);
  }
  return text as T;
}
