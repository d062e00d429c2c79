import type { Request } from 'express';
import { AppError } from './errors';

/**
 * Query-string readers that refuse ambiguity: a parameter given twice (`?q=a&q=b`, which Express turns into an
 * array) or as an object is a 400, never silently "the first one" (CONTRACT §2, issue hardening rules).
 */
export function stringParam(req: Request, name: string): string | undefined {
  if (!Object.prototype.hasOwnProperty.call(req.query, name)) {
    // Express 5's "simple" parser keeps `q[a]=1` as a key named `q[a]`: refuse it rather than ignore it.
    if (Object.keys(req.query).some((key) => key.startsWith(`${name}[`))) throw notPlain(name);
    return undefined;
  }
  const value: unknown = req.query[name];
  if (typeof value !== 'string') throw notPlain(name);
  return value;
}

function notPlain(name: string): AppError {
  return new AppError('invalid_query', `Query parameter "${name}" must be given once, as plain text`);
}

/** A whole number ≥ `min`; values above `max` are clamped to it (CONTRACT: limits clamp, garbage is a 400). */
export function intParam(req: Request, name: string, options: { min: number; max?: number; fallback: number }): number {
  const text = stringParam(req, name);
  if (text === undefined || text === '') return options.fallback;
  if (!/^-?\d+$/.test(text.trim())) throw new AppError('invalid_query', `Query parameter "${name}" must be a whole number`);
  const value = Number(text.trim());
  if (value < options.min) throw new AppError('invalid_query', `Query parameter "${name}" must be at least ${options.min}`);
  return options.max === undefined ? value : Math.min(value, options.max);
}

export function enumParam<T extends string>(req: Request, name: string, allowed: readonly T[]): T | undefined {
  const text = stringParam(req, name);
  if (text === undefined || text === '') return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw new AppError('invalid_query', `Query parameter "${name}" must be one of ${allowed.join(', ')}`);
  }
  return text as T;
}
