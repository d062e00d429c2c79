import { redactUrl } from './redaction';

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: string | number;
  status?: number;
  intuit_tid?: string;
  cause?: SerializedError;
}

/**
 * pino's default error serializer copies every enumerable property. Errors from axios (inside intuit-oauth and
 * node-quickbooks) carry the request config, including `Authorization: Bearer …` and form bodies with refresh
 * tokens, so only a fixed list of harmless fields is kept.
 */
export function serializeError(value: unknown, depth = 0): SerializedError | unknown {
  if (!(value instanceof Error)) return value;
  const source = value as Error & Record<string, unknown>;
  const out: SerializedError = { type: value.name, message: redactUrl(value.message) };
  if (value.stack) out.stack = redactUrl(value.stack);
  if (typeof source.code === 'string' || typeof source.code === 'number') out.code = source.code;
  if (typeof source.status === 'number') out.status = source.status;
  if (typeof source.intuitTid === 'string') out.intuit_tid = source.intuitTid;
  if (depth < 3 && source.cause instanceof Error) out.cause = serializeError(source.cause, depth + 1) as SerializedError;
  return out;
}
