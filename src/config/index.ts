export { loadConfig, ConfigError } from './load-config';
export { readProcessEnv } from './read-process-env';
export { LIVE_MODE_REQUIRED } from './schema';
export * from './intuit-defaults';
export type { AppMode, Config, LogLevel, QuickBooksEnvironment } from './types';
