import { ConfigError, loadConfig } from './load-config';
import { readProcessEnv } from './read-process-env';
import type { Config } from './types';

/**
 * The process's configuration (the environment, then `.env`); an invalid one stops the process with one line naming
 * the variable and exit code 78, EX_CONFIG (README, Configuration). For the entry points: the service and migrate-store.
 */
export function configOrExit(): Config {
  try {
    return loadConfig(readProcessEnv());
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}
