import dotenv from 'dotenv';

/**
 * The one place that reads process.env. A `.env` file in the working directory is loaded first when present;
 * variables already set in the environment win over the file, as dotenv does by default.
 */
export function readProcessEnv(): Readonly<Record<string, string | undefined>> {
  dotenv.config({ quiet: true });
  return { ...process.env };
}
