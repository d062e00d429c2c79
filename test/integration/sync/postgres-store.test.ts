/**
 * The whole service on PostgreSQL (DATABASE_URL) against the simulator: the same flows as on the SQLite file, with
 * the rows in the database and only search images in DATA_DIR, and a second process on another DATA_DIR (another
 * replica's disk) ready from the database alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { SIM_FIXTURES } from '../../../src/simulator';
import { DATABASE_FILE_NAME } from '../../../src/store';
import type { SyncRunView } from '../../../src/sync';
import { ADMIN_KEY, startService, tempDataDir, type ServiceHandle } from '../../support/harness';
import { describeIfPostgres, usePostgresDatabases } from '../../support/postgres';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { eventually, requestsOn, startSyncRig, SYNC_TEST_ENV, type SyncRig } from './sync-rig';

const { acmeSupply } = SIM_FIXTURES.customers;

describeIfPostgres('the service with its store in PostgreSQL', () => {
  const databases = usePostgresDatabases();
  let url = '';
  let rig: SyncRig;
  let second: ServiceHandle | undefined;
  const secondDir = tempDataDir();

  let proxy: TcpProxy;

  beforeAll(async () => {
    url = await databases.create();
    // The first service reaches the database through a hop the test can cut.
    const direct = new URL(url);
    proxy = await startTcpProxy(Number(direct.port));
    rig = await startSyncRig({ env: { DATABASE_URL: Object.assign(new URL(url), { port: String(proxy.port) }).toString() } });
  });
  afterAll(async () => {
    await second?.close();
    await rig.close();
    await proxy.close();
    secondDir.remove();
  });

  const inDatabase = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  test('when a company is connected and synced, then its rows are in the database, searches and data answer from them, and a new process on another disk is ready with no QuickBooks call', async () => {
    const { control } = rig.sim.simulator;
    const full = await rig.connect();
    expect(full).toMatchObject({ mode: 'full', status: 'succeeded' });
    expect(fs.existsSync(path.join(rig.dataDir, DATABASE_FILE_NAME))).toBe(false);

    const heads = await inDatabase(async (client) => (await client.query<{ realm_id: string; generation: string }>('SELECT realm_id, generation FROM snapshots')).rows);
    expect(heads).toHaveLength(1);
    const stored = await inDatabase(async (client) =>
      Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM snapshot_rows WHERE realm_id = $1 AND generation = $2', [heads[0]?.realm_id, heads[0]?.generation])).rows[0]?.n),
    );
    const status = (await rig.api.get('/api/cache/status')).body as { counts: Record<string, number> };
    expect(stored).toBe(Object.values(status.counts).reduce((sum, n) => sum + n, 0));

    const search = await rig.api.get('/api/search/client_names?q=acme%20supply');
    expect(search.body.results[0]).toMatchObject({ id: acmeSupply.id, name: acmeSupply.displayName });
    const data = await rig.api.get('/api/data/customers?limit=1000');
    expect(data.body.results).toHaveLength(status.counts.customers ?? -1);
    expect(data.body.results.every((customer: unknown) => customer !== null)).toBe(true);

    // An incremental sync lands in place; a second full sync moves the head to a new generation.
    control.updateRecord('Customer', acmeSupply.id, { DisplayName: 'Acme Supply Postgres' });
    expect((await rig.api.post('/api/cache/refresh')).body.sync).toMatchObject({ mode: 'incremental', status: 'succeeded' });
    expect((await rig.api.get('/api/search/client_names?q=acme%20supply')).body.results[0]).toMatchObject({ name: 'Acme Supply Postgres' });
    const again = (await rig.api.post('/api/cache/refresh?mode=full')).body.sync as SyncRunView;
    expect(again).toMatchObject({ mode: 'full', status: 'succeeded' });
    const [head] = await inDatabase(async (client) => (await client.query<{ generation: string }>('SELECT generation FROM snapshots')).rows);
    expect(Number(head?.generation)).toBeGreaterThan(Number(heads[0]?.generation));
    const dataAfter = await rig.api.get('/api/data/customers?limit=1000');
    expect(dataAfter.body.results.find((customer: { Id: string }) => customer.Id === acmeSupply.id)).toMatchObject({ DisplayName: 'Acme Supply Postgres' });
    const searchBefore = (await rig.api.get('/api/search/client_names?q=acme')).body;

    // The database goes away: searches answer from memory, what needs the database answers 503 with Retry-After.
    await proxy.cut();
    expect((await rig.api.get('/api/search/client_names?q=acme%20supply')).status).toBe(200);
    const unavailable = await rig.api.get('/api/data/customers?limit=5');
    expect(unavailable).toMatchObject({ status: 503, body: { error: 'store_unavailable' } });
    expect(unavailable.headers.get('retry-after')).toBe('5');
    expect((await rig.api.post('/api/cache/refresh')).body).toMatchObject({ error: 'store_unavailable' });
    // The probe (every 5 s) tells health; readiness stays: the process still serves.
    const degraded = await eventually(async () => {
      const health = await rig.api.get('/api/health');
      return health.body.status === 'degraded' ? health.body : undefined;
    }, 15_000);
    expect(degraded.reasons[0]).toMatch(/^the store's database cannot be reached/);
    expect((await rig.api.get('/api/health/ready')).status).toBe(200);
    // It comes back: the next requests find it again, and health recovers, with no restart.
    await proxy.restore();
    await eventually(async () => ((await rig.api.get('/api/health')).body.status === 'healthy' ? true : undefined), 15_000);
    expect((await rig.api.get('/api/data/customers?limit=1000')).body).toEqual(dataAfter.body);
    expect((await rig.api.post('/api/cache/refresh')).body.sync).toMatchObject({ mode: 'incremental', status: 'succeeded' });
    await rig.stopService();

    // Another process with an empty DATA_DIR: ready from the database, with no query (no full pull) and no token call.
    control.resetCounters();
    control.injectFault({ kind: 'delay', delayMs: 3_000, path: '/cdc' }); // the startup catch-up lands after the checks
    second = await startService(rig.sim.env, secondDir.dir, { ...SYNC_TEST_ENV, DATABASE_URL: url });
    await second.service.start(); // the warm start from the database, then the catch-up sync
    const api = request(second.service.app);
    await eventually(async () => ((await api.get('/api/health/ready')).status === 200 ? true : undefined), 20_000);
    expect(['query', 'read'].map((route) => requestsOn(rig.sim, route))).toEqual([0, 0]);
    expect(Object.values(control.counters().tokenGrants).reduce((sum, n) => sum + n, 0)).toBe(0);
    expect((await api.get('/api/search/client_names?q=acme')).body).toEqual(searchBefore);
    expect((await api.get('/api/data/customers?limit=1000').set('X-API-Key', ADMIN_KEY)).body).toEqual(dataAfter.body);
    const history = (await api.get('/api/sync/history?limit=10').set('X-API-Key', ADMIN_KEY)).body.syncs as SyncRunView[];
    expect(history.map((run) => run.id)).toEqual(expect.arrayContaining([full.id, again.id]));
  });
});
