import pino, { type DestinationStream, type Logger } from 'pino';
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
    },
    options.destination ?? pino.destination({ sync: false }),
  );
}
