import pino, { type DestinationStream, type LogFn, type Logger } from 'pino';
import type { LogLevel } from '../config';
import { serializeError } from './error-serializer';
import { REDACT_PATHS, REDACTED } from './redaction';

export interface LoggerOptions {
  level: LogLevel;
  /** Where JSON lines go; stdout by default. Tests pass a stream to assert on real log output. */
  destination?: DestinationStream;
}

/** The root logger: JSON lines, secrets redacted, errors reduced to safe fields. Components take `.child()`s. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'qbo-cache' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: serializeError, error: serializeError },
      formatters: { level: (label) => ({ level: label }) },
      hooks: { logMethod: realmIdOnce },
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}

/**
 * A line about a company carries `realmId` once. Components log `{ realmId }` with a logger that is often a company's
 * child already (README, Logs), and pino writes every key it is given: the line had the key twice.
 */
function realmIdOnce(this: Logger, args: Parameters<LogFn>, method: LogFn): void {
  const [first] = args;
  if (typeof first === 'object' && first !== null && 'realmId' in first && first.realmId === boundRealmId(this)) {
    const { realmId: _bound, ...rest } = first as Record<string, unknown>;
    args[0] = rest;
  }
  method.apply(this, args);
}

function boundRealmId(logger: Logger): unknown {
  return (logger.bindings() as { realmId?: unknown }).realmId;
}

/** `logger` with `bindings` and the company's `realmId`, bound once: a company's own logger has it already. */
export function realmLogger(logger: Logger, realmId: string, bindings: Record<string, string> = {}): Logger {
  return logger.child(boundRealmId(logger) === realmId ? bindings : { ...bindings, realmId });
}
