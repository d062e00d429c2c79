/**
 * `npm run cli -- migrate-store`: a SQLite data directory written by a running service moves into PostgreSQL, and a
 * service on the database (with an empty DATA_DIR) then serves the same company without a full sync or a reconnect.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import type { SyncRunView } from '../../../src/sync';
import { ROOT } from '../../support/child-service';
import { ADMIN_KEY, SECRET_KEY, startService, tempDataDir, type ServiceHandle } from '../../support/harness';
import { describeIfPostgres, usePostgresDatabases } from '../../support/postgres';
import { eventually, requestsOn, startSyncRig, SYNC_TEST_ENV, type SyncRig } from '../sync/sync-rig';

const CLI = path.join(ROOT, 'dist/cli/main.js');

function migrateStore(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'migrate-store'], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describeIfPostgres('migrate-store: a SQLite data directory into PostgreSQL', () => {
  const databases = usePostgresDatabases();
  let rig: SyncRig;
  let onPostgres: ServiceHandle | undefined;
  const emptyDir = tempDataDir();

  beforeAll(async () => {
    rig = await startSyncRig();
  });
  afterAll(async () => {
    await onPostgres?.close();
    await rig.close();
    emptyDir.remove();
  });

  test('when the file is copied, then a service on the database serves the same company, keys and history with no full sync, and a second copy is refused', async () => {
    const full = await rig.connect();
    const realmId = ((await rig.api.get('/api/companies')).body.companies[0] as { realm_id: string }).realm_id;
    const key = (await rig.api.post(`/api/companies/${realmId}/read-keys`)).body as { id: string; key: string };
    expect(key.key).toMatch(/^qbk_/);
    const searchBefore = (await rig.api.get('/api/search/client_names?q=acme')).body;
    const dataBefore = (await rig.api.get('/api/data/customers?limit=1000')).body;
    await rig.stopService();

    const url = await databases.create();
    const env = { DATA_DIR: rig.dataDir, DATABASE_URL: url, SECRET_KEY };
    expect(await migrateStore({ DATA_DIR: rig.dataDir, SECRET_KEY })).toMatchObject({ code: 2, stderr: expect.stringMatching(/set DATABASE_URL/) });
    const wrongKey = await migrateStore({ ...env, SECRET_KEY: 'another-secret-key-0123456789abcdef' });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/SECRET_KEY/);
    const copied = await migrateStore(env);
    expect(copied).toMatchObject({ code: 0, stderr: '' });
    expect(copied.stdout).toMatch(/copied 1 company, 1 token set, 1 read key, \d+ snapshot rows and \d+ sync runs? from /);
    expect(copied.stdout).not.toContain(url.split('@')[0]?.split('//')[1] ?? 'never');

    const { control } = rig.sim.simulator;
    control.resetCounters();
    onPostgres = await startService(rig.sim.env, emptyDir.dir, { ...SYNC_TEST_ENV, DATABASE_URL: url, SEARCH_AUTH: 'keys' });
    await onPostgres.service.start(); // the warm start from the database, then the catch-up sync
    const api = request(onPostgres.service.app);
    await eventually(async () => ((await api.get('/api/health/ready')).status === 200 ? true : undefined), 20_000);
    expect(requestsOn(rig.sim, 'query')).toBe(0); // no full pull: the snapshot came with the copy
    expect((await api.get('/api/search/client_names?q=acme').set('Authorization', `Bearer ${key.key}`)).body).toEqual(searchBefore);
    expect((await api.get('/api/data/customers?limit=1000').set('X-API-Key', ADMIN_KEY)).body).toEqual(dataBefore);
    const history = (await api.get('/api/sync/history?limit=5').set('X-API-Key', ADMIN_KEY)).body.syncs as SyncRunView[];
    expect(history.map((run) => run.id)).toContain(full.id);
    // The copied tokens work: an incremental sync calls QuickBooks with them.
    const refreshed = await api.post('/api/cache/refresh').set('X-API-Key', ADMIN_KEY);
    expect(refreshed.body.sync).toMatchObject({ mode: 'incremental', status: 'succeeded' });

    const again = await migrateStore(env);
    expect(again).toMatchObject({ code: 1, stdout: '' });
    expect(again.stderr).toMatch(/already holds company/);
  });
});
