export { createLogger, type LoggerOptions } from './create-logger';
export { serializeError } from './error-serializer';
export { redactUrl, REDACTED } from './redaction';
export type { Logger } from 'pino';
