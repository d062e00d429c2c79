import { ADMIN_URL_ENV } from './postgres-cluster';
import { takeTestPostgres } from './postgres-global-setup';

/** jest's globalTeardown (jest.config.js): stops the global setup's PostgreSQL cluster and deletes its temp dir. */
export default async function stopTestPostgres(): Promise<void> {
  const running = takeTestPostgres();
  if (!running) return; // no PostgreSQL on this machine: the global setup skipped it
  running.forget();
  delete process.env[ADMIN_URL_ENV];
  await running.cluster.stop();
}
