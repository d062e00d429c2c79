/**
 * Connections to PostgreSQL (DATABASE_URL): the store's pool on the serving thread, and the single connections a
 * data thread opens for a load or a full sync's writes. Every bigint column here holds ms since epoch, a count or
 * a generation, all below 2^53, so int8 is parsed into a number rather than node-postgres' default string.
 */
import pg from 'pg';
import { StoreUnavailableError } from '../errors';

const INT8_OID = 20;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** What the store's modules query through: the pool, a pooled client in a transaction, or a thread's own client. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

export interface PoolOptions {
  readonly url: string;
  /** Most connections the pool opens (default 10). */
  readonly max?: number;
  /** Names the connections in pg_stat_activity. */
  readonly applicationName: string;
  /**
   * The server ends a session left idle inside a transaction this long (default 30 s): a process paused mid-transaction
   * (a stopped container, a zombie leader) must not hold its row locks until it wakes up.
   */
  readonly idleInTransactionMs?: number;
}

/** See PoolOptions.idleInTransactionMs. */
const IDLE_IN_TRANSACTION_MS = 30_000;

export function openPool(options: PoolOptions): pg.Pool {
  return new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    application_name: options.applicationName,
    types,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    idle_in_transaction_session_timeout: options.idleInTransactionMs ?? IDLE_IN_TRANSACTION_MS,
  });
}

/** One connection, connected, for a data thread's load or writes; the caller ends it. */
export async function connectClient(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName, types, connectionTimeoutMillis: 10_000, idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_MS });
  await client.connect();
  return client;
}

export type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ';

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled back when it throws. On a
 * pool the connection is taken for the transaction and given back after (destroyed when the rollback itself failed,
 * so a broken connection never returns to the pool); a single client is used as it is.
 */
export async function inTransaction<T>(db: pg.Pool | pg.Client, work: (client: Queryable) => Promise<T>, isolation: IsolationLevel = 'READ COMMITTED'): Promise<T> {
  const pooled = db instanceof pg.Pool ? await db.connect() : undefined;
  const client: pg.ClientBase = pooled ?? (db as pg.Client);
  let broken: Error | undefined;
  // A connection that dies mid-transaction emits 'error' (fatal without a listener); its next query rejects anyway.
  const onError = (error: Error) => void (broken = error);
  pooled?.on('error', onError);
  try {
    await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackFailed: unknown) => {
      broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
    });
    throw error;
  } finally {
    pooled?.off('error', onError);
    pooled?.release(broken);
  }
}

/** The URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether an error means the database could not be reached, rather than that a statement failed: a socket error, the
 * driver's "Connection terminated", or PostgreSQL's connection exceptions (SQLSTATE class 08), shutdowns (57P01–57P03)
 * and "too many connections" (53300).
 */
export function isConnectionError(error: unknown): boolean {
  // Not `instanceof Error`: socket errors are made by Node's own realm, which is not the caller's under a test runner's vm.
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code) || code === '53300')) return true;
  return typeof message === 'string' && /^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message);
}

/** The error to pass on: a lost database as StoreUnavailableError (HTTP 503 store_unavailable), anything else as it is. */
export function asStoreError(error: unknown): unknown {
  return isConnectionError(error) ? new StoreUnavailableError(error) : error;
}
