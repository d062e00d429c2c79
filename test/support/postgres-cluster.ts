import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './child-service';

/*
 * A throwaway PostgreSQL 15 cluster for the tests: initdb into a fresh temp dir, started with pg_ctl on a free
 * loopback port, stopped and deleted at the end. Nothing outside that dir is touched (no system cluster, no
 * /var/run/postgresql: the unix socket lives in the temp dir too).
 */

/** The environment variable through which jest's global setup hands the cluster's admin URL to the test workers. */
export const ADMIN_URL_ENV = 'QBO_TEST_PG_ADMIN_URL';

// Debian's postgresql-15 package (what .ci/run installs) keeps the server programs here, off PATH.
const DEBIAN_BIN = '/usr/lib/postgresql/15/bin';
// The user Debian's package creates. PostgreSQL refuses to run as root, so as root the programs run as this user.
const SERVER_USER = 'postgres';
// Settings for tests on a small machine; durability (fsync, synchronous_commit, full_page_writes) stays at its
// defaults so the tests see the server that production sees.
const TEST_SETTINGS = { shared_buffers: '32MB', max_connections: '200' };
// A port found free can be taken by someone else before the server binds it; that is retried with another port.
const START_ATTEMPTS = 3;

const execFileAsync = promisify(execFile);

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`: the superuser, trusted without a password. */
  readonly adminUrl: string;
  /** The temp dir holding the data dir, the server log and the unix socket; removed by stop(). */
  readonly dir: string;
  /** Stops the server (fast shutdown) and removes the dir. Calling it again does nothing. */
  stop(): Promise<void>;
  /** stop() without waiting on the event loop, for process 'exit' handlers. */
  stopSync(): void;
}

/** The directory holding PostgreSQL 15's initdb and pg_ctl, or null when this machine has none. */
export function findPostgresBin(): string | null {
  if (isPostgres15Bin(DEBIAN_BIN)) return DEBIAN_BIN;
  let pgCtl: string;
  try {
    pgCtl = execFileSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).trim();
  } catch {
    return null; // not on PATH
  }
  // PATH often holds symlinks (e.g. /usr/local/bin/pg_ctl): the real directory is the one that has initdb beside it.
  const dir = path.dirname(realpathSync(pgCtl));
  return isPostgres15Bin(dir) ? dir : null;
}

function isPostgres15Bin(dir: string): boolean {
  const pgCtl = path.join(dir, 'pg_ctl');
  if (!existsSync(pgCtl) || !existsSync(path.join(dir, 'initdb'))) return false;
  try {
    return /\(PostgreSQL\) 15\./.test(execFileSync(pgCtl, ['--version'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
}

/** initdb into a fresh temp dir, then start the server and wait until it accepts connections. */
export async function startCluster(binDir: string | null = findPostgresBin()): Promise<PostgresCluster> {
  if (binDir === null) throw new Error('PostgreSQL 15 not found (apt-get install postgresql)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qbo-cache-pg-'));
  const paths = { bin: binDir, dir, data: path.join(dir, 'data'), log: path.join(dir, 'postgres.log') };
  try {
    if (isRoot()) chownToServerUser(dir);
    await runServerProgram(paths, 'initdb', ['-D', paths.data, '--auth=trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C']);
    appendSettings(paths.data, { listen_addresses: '127.0.0.1', unix_socket_directories: dir, ...TEST_SETTINGS });
    const port = await startOnFreePort(paths);
    return clusterHandle(paths, `postgres://postgres@127.0.0.1:${port}/postgres`);
  } catch (error) {
    const failure = withLogTail(error, paths.log);
    // pg_ctl start -w may have given up on a server that is still coming up: stop it before deleting its files.
    if (existsSync(path.join(paths.data, 'postmaster.pid'))) tryStopSync(paths, 'immediate');
    rmSync(dir, { recursive: true, force: true });
    throw failure;
  }
}

interface ClusterPaths {
  readonly bin: string;
  readonly dir: string;
  readonly data: string;
  readonly log: string;
}

async function startOnFreePort(paths: ClusterPaths): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    // A later `port` line overrides an earlier one, so a retry just appends the next port.
    appendSettings(paths.data, { port: String(port) });
    try {
      await runServerProgram(paths, 'pg_ctl', ['start', '-w', '-D', paths.data, '-l', paths.log]);
      return port;
    } catch (error) {
      if (attempt >= START_ATTEMPTS || !logTail(paths.log).includes('Address already in use')) throw error;
    }
  }
}

function clusterHandle(paths: ClusterPaths, adminUrl: string): PostgresCluster {
  let stopped = false;
  const stopArgs = ['stop', '-D', paths.data, '-m', 'fast', '-w'];
  return {
    adminUrl,
    dir: paths.dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      let failure: Error | undefined;
      try {
        await runServerProgram(paths, 'pg_ctl', stopArgs);
      } catch (error) {
        failure = withLogTail(error, paths.log);
        tryStopSync(paths, 'immediate');
      }
      // Removed even if the server would not stop: a postmaster whose lock file is gone shuts itself down
      // within a minute, and a leftover dir in /tmp would never be cleaned up.
      rmSync(paths.dir, { recursive: true, force: true });
      if (failure) throw failure;
    },
    stopSync() {
      if (stopped) return;
      stopped = true;
      if (!tryStopSync(paths, 'fast')) tryStopSync(paths, 'immediate');
      rmSync(paths.dir, { recursive: true, force: true });
    },
  };
}

function tryStopSync(paths: ClusterPaths, mode: 'fast' | 'immediate'): boolean {
  const [file, args] = serverCommand(paths.bin, 'pg_ctl', ['stop', '-D', paths.data, '-m', mode, '-w']);
  try {
    execFileSync(file, args, { cwd: paths.dir, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function runServerProgram(paths: ClusterPaths, program: string, args: string[]): Promise<void> {
  const [file, argv] = serverCommand(paths.bin, program, args);
  // cwd: the server user may not be allowed into the checkout, and initdb complains when it cannot stat its cwd.
  // pg_ctl start with -l sends the server's output to the log, so no pipe stays open once pg_ctl has returned.
  await execFileAsync(file, argv, { cwd: paths.dir, encoding: 'utf8' });
}

/** The command line running one of the server programs, as the server user when this process is root. */
function serverCommand(binDir: string, program: string, args: string[]): [string, string[]] {
  const file = path.join(binDir, program);
  return isRoot() ? ['runuser', ['-u', SERVER_USER, '--', file, ...args]] : [file, args];
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function chownToServerUser(dir: string): void {
  const id = (flag: '-u' | '-g'): number => Number(execFileSync('id', [flag, SERVER_USER], { encoding: 'utf8' }).trim());
  chownSync(dir, id('-u'), id('-g'));
}

/** Appends to postgresql.conf (its owner and mode are kept: the server user can still read it). */
function appendSettings(dataDir: string, settings: Record<string, string>): void {
  const lines = Object.entries(settings).map(([name, value]) => `${name} = '${value.replaceAll("'", "''")}'\n`);
  appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n# qbo-cache tests\n${lines.join('')}`);
}

function logTail(logFile: string, lines = 30): string {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

/** The error with the server log's last lines appended: pg_ctl itself only says that the server did not start. */
function withLogTail(error: unknown, logFile: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`${message.trimEnd()}\n--- last lines of ${logFile} ---\n${logTail(logFile)}`, { cause: error });
}
