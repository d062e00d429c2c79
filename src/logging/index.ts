export { createLogger, realmLogger, type LoggerOptions } from './create-logger';
export { serializeError } from './error-serializer';
export { redactUrl, REDACTED } from './redaction';
export { createThreadLogger, relog } from './thread-logs';
export type { Logger } from 'pino';
