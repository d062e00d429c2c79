import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logging';

/** A real pino logger whose JSON lines are kept in memory, so tests assert on actual log output. */
export function captureLogs(level: 'info' | 'debug' | 'trace' = 'debug'): { logger: Logger; lines: () => string[]; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  const logger = createLogger({ level, destination });
  const text = () => chunks.join('');
  return { logger, text, lines: () => text().split('\n').filter((line) => line.length > 0) };
}
