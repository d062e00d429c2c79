export { loadConfig, ConfigError } from './load-config';
export { readProcessEnv } from './read-process-env';
export { configOrExit } from './config-or-exit';
export { LIVE_MODE_REQUIRED } from './live-mode';
export * from './intuit-defaults';
export type { AppMode, Config, LogLevel, QuickBooksEnvironment } from './types';
export { ENTITY_NAMES, isEntityName, type EntityName } from './entities';
