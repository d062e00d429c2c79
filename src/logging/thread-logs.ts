import type { Logger } from 'pino';
import type { LogLevel } from '../config';
import { createLogger } from './create-logger';

/**
 * Log lines across a worker thread's boundary. A worker thread has no logger of the service's: it logs through
 * `createThreadLogger`, whose JSON lines (already redacted there) go to `send` (a `postMessage` to the serving
 * thread), and the serving thread hands each line to `relog` on the logger it would have used, so the line comes
 * out of the service's one log stream with that logger's bindings (`component`…).
 */
export function createThreadLogger(level: LogLevel, send: (line: string) => void): Logger {
  return createLogger({ level, destination: { write: send } });
}

/** A JSON line of a thread's logger, logged again here with its level, message and fields. */
export function relog(logger: Logger, line: string): void {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return;
  }
  const { level, msg, time: _time, service: _service, ...fields } = entry;
  const method = typeof level === 'string' && level in logger.levels.values ? (level as 'info') : 'info';
  logger[method](fields, typeof msg === 'string' ? msg : '');
}
