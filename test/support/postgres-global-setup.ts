import { ADMIN_URL_ENV, findPostgresBin, startCluster, type PostgresCluster } from './postgres-cluster';

/*
 * jest's globalSetup (jest.config.js): ONE PostgreSQL 15 cluster for the whole run, its admin URL put in
 * QBO_TEST_PG_ADMIN_URL, which the test workers inherit (test/support/postgres.ts reads it). Without PostgreSQL
 * the PostgreSQL tests are skipped, loudly, so `npm test` still passes on a machine without it; not in CI, which
 * must run them (.ci/run installs PostgreSQL).
 */

// globalSetup and globalTeardown run in the same process and share globalThis (the jest docs' way to hand state
// from one to the other); a registered symbol keeps the slot out of everyone else's way.
const SLOT = Symbol.for('qbo-cache.test-postgres');
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface Running {
  readonly cluster: PostgresCluster;
  /** Takes the exit and signal handlers off again. */
  readonly forget: () => void;
}

type Holder = typeof globalThis & { [SLOT]?: Running };

export default async function startTestPostgres(): Promise<void> {
  const binDir = findPostgresBin();
  if (binDir === null) {
    if (process.env.CI) throw new Error('PostgreSQL 15 not found, and CI must run the PostgreSQL tests (.ci/run installs it)');
    // eslint-disable-next-line no-console
    console.warn('SKIPPED: PostgreSQL 15 not found (apt-get install postgresql to run the PostgreSQL tests)');
    return;
  }
  const cluster = await startCluster(binDir);
  (globalThis as Holder)[SLOT] = { cluster, forget: stopOnAbnormalExit(cluster) };
  process.env[ADMIN_URL_ENV] = cluster.adminUrl;
}

/** The cluster this process's global setup started, handed over once (to the global teardown). */
export function takeTestPostgres(): Running | undefined {
  const holder = globalThis as Holder;
  const running = holder[SLOT];
  delete holder[SLOT];
  return running;
}

/*
 * Best effort for a run that never reaches the global teardown. pg_ctl starts the server in a session of its own,
 * so neither jest's death nor a Ctrl-C in the terminal reaches it: without this it would run on, holding its port
 * and its temp dir. 'exit' covers jest exiting early (process.exit, an uncaught error); a signal with no handler
 * kills node without an 'exit' event, and jest sets none outside watch mode, hence the signal handlers, which stop
 * the cluster and then raise the signal again so the process still dies of it.
 */
function stopOnAbnormalExit(cluster: PostgresCluster): () => void {
  const onExit = (): void => cluster.stopSync();
  const onSignal = (signal: NodeJS.Signals): void => {
    forget();
    cluster.stopSync();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const forget = (): void => {
    process.off('exit', onExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return forget;
}
