import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ADMIN_URL_ENV } from './postgres-cluster';

/*
 * PostgreSQL for test files: the cluster jest's global setup started (test/support/postgres-global-setup.ts),
 * known by its admin URL in the environment, and fresh databases on it, one per need, so tests share no tables.
 */

const adminUrl = process.env[ADMIN_URL_ENV] ?? '';

/** Whether this run has PostgreSQL (the global setup skips it, with a warning, on a machine without it). */
export const postgresAvailable: boolean = adminUrl !== '';

/** `describe` when PostgreSQL is available, `describe.skip` otherwise. */
export const describeIfPostgres: jest.Describe = postgresAvailable ? describe : describe.skip;

export interface PostgresDatabases {
  /** Creates an empty database and returns its URL (as the superuser). */
  create(): Promise<string>;
}

/**
 * Call inside a describe: databases made with create() are dropped in afterAll, WITH (FORCE), which ends any
 * connection still open to them. Close your clients first (jest runs after-hooks in declaration order, and this
 * one is declared where usePostgresDatabases() is called): a pg Client whose connection the server ends emits
 * 'error', which without a listener throws.
 */
export function usePostgresDatabases(): PostgresDatabases {
  const created: string[] = [];
  afterAll(async () => {
    const names = created.splice(0);
    if (names.length === 0) return;
    await withAdminClient(async (client) => {
      for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    });
  });
  return {
    async create() {
      const name = `qbo_test_${randomBytes(8).toString('hex')}`;
      await withAdminClient((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
      created.push(name);
      return databaseUrl(name);
    },
  };
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdminClient<T>(use: (client: Client) => Promise<T>): Promise<T> {
  if (!postgresAvailable) throw new Error(`${ADMIN_URL_ENV} is not set: use describeIfPostgres for tests that need PostgreSQL`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
