import { Client } from 'pg';
import { describeIfPostgres, usePostgresDatabases } from '../../support/postgres';

// The PostgreSQL the tests run against (test/support/postgres.ts): the real server version, durable settings, and
// databases that share nothing.
describeIfPostgres('test PostgreSQL: the cluster started by the global setup', () => {
  const databases = usePostgresDatabases();

  test('when two databases are created, then each is on PostgreSQL 15 with fsync on', async () => {
    const urls = await Promise.all([databases.create(), databases.create()]);
    expect(new Set(urls).size).toBe(2);
    for (const url of urls) {
      await withClient(url, async (client) => {
        expect(await show(client, 'server_version')).toMatch(/^15\./);
        expect(await show(client, 'fsync')).toBe('on');
      });
    }
  });

  test('when a table is created in one database, then the other does not have it', async () => {
    const [first, second] = await Promise.all([databases.create(), databases.create()]);
    const tableIn = (client: Client) => client.query<{ found: string | null }>("SELECT to_regclass('public.only_in_first') AS found");
    await withClient(first, async (client) => {
      await client.query('CREATE TABLE only_in_first (id integer PRIMARY KEY)');
      expect((await tableIn(client)).rows[0]?.found).toBe('only_in_first');
    });
    await withClient(second, async (client) => {
      expect((await tableIn(client)).rows[0]?.found).toBeNull();
    });
  });
});

// Each client is closed before the databases are dropped (see usePostgresDatabases).
async function withClient(url: string, use: (client: Client) => Promise<void>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await use(client);
  } finally {
    await client.end();
  }
}

async function show(client: Client, setting: string): Promise<string | undefined> {
  const { rows } = await client.query<Record<string, string>>(`SHOW ${setting}`);
  return rows[0]?.[setting];
}
