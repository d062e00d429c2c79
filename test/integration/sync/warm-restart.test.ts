import fs from 'node:fs';
import path from 'node:path';
import { SIM_FIXTURES } from '../../../src/simulator';
import type { SyncRunView } from '../../../src/sync';
import { freePort, spawnService, waitForOk, type ChildService } from '../../support/child-service';
import { apiAt, eventually, requestsOn, startSyncRig, SYNC_TEST_ENV, type SyncRig } from './sync-rig';

const { acmeSupply } = SIM_FIXTURES.customers;
const API_ROUTES = ['query', 'cdc', 'read'] as const;

describe('warm restart: a new process serves the stored snapshot before calling QuickBooks', () => {
  let rig: SyncRig;
  let child: ChildService | null = null;

  beforeAll(async () => {
    rig = await startSyncRig();
  });
  afterAll(async () => {
    await child?.stop('SIGKILL');
    await rig.close();
  });

  test('when the service restarts on the same DATA_DIR, then it is ready and answers from the store with zero API calls, then catches up with one CDC call', async () => {
    const { control } = rig.sim.simulator;
    const fullRun = await rig.connect();
    const incremental = (await rig.api.post('/api/cache/refresh')).body.sync as SyncRunView;
    expect(incremental).toMatchObject({ mode: 'incremental', status: 'succeeded' });
    const searchBefore = (await rig.api.get('/api/search/client_names?q=acme%20supply')).body;
    const dataBefore = (await rig.api.get('/api/data/customers?limit=1000')).body;
    expect(searchBefore.results.find((hit: { id: string }) => hit.id === acmeSupply.id)).toMatchObject({ name: acmeSupply.displayName });
    // The full sync's build left search images beside the database, written in the background.
    const imageDir = path.join(rig.dataDir, 'search-images');
    const written = () => fs.readdirSync(imageDir).flatMap((realm) => fs.readdirSync(path.join(imageDir, realm)));
    await eventually(() => (fs.existsSync(imageDir) && written().filter((f) => f.endsWith('.jsonl')).length === 6 ? true : undefined), 10_000);
    await rig.stopService();

    // Changed while the service is down: the restarted one must show the stored name first, then the new one.
    control.updateRecord('Customer', acmeSupply.id, { DisplayName: 'Acme Supply Restarted' });
    control.resetCounters();
    // Holds the startup CDC answer back, so the readiness and reads below certainly happen before it lands.
    control.injectFault({ kind: 'delay', delayMs: 3_000, path: '/cdc' });

    const port = await freePort();
    child = spawnService({ ...rig.sim.env, ...SYNC_TEST_ENV, DATA_DIR: rig.dataDir, PORT: String(port), HOST: '127.0.0.1' }, rig.dataDir);
    const api = apiAt(`http://127.0.0.1:${port}`);
    await waitForOk(`${api.url}/api/health/ready`, 20_000);
    expect(API_ROUTES.map((route) => requestsOn(rig.sim, route))).toEqual([0, 0, 0]);

    const searchAtReady = await api.get('/api/search/client_names?q=acme%20supply');
    const dataAtReady = await api.get('/api/data/customers?limit=1000');
    expect(searchAtReady.body).toEqual(searchBefore);
    expect(dataAtReady.body).toEqual(dataBefore);
    expect(API_ROUTES.map((route) => requestsOn(rig.sim, route))).toEqual([0, 0, 0]);
    expect(control.counters().inFlight).toBeLessThanOrEqual(1); // at most the startup CDC call, held back

    // Then the incremental catch-up: one CDC call, no query.
    await eventually(() => (requestsOn(rig.sim, 'cdc') === 1 ? true : undefined), 15_000);
    const renamed = await eventually(async () => {
      const res = await api.get('/api/search/client_names?q=acme%20supply');
      return res.body.results.find((hit: { id: string; name: string }) => hit.id === acmeSupply.id && hit.name === 'Acme Supply Restarted');
    }, 5_000);
    expect(renamed).toBeDefined();
    expect(API_ROUTES.map((route) => requestsOn(rig.sim, route))).toEqual([0, 1, 0]);

    // History survived the restart, newest first: the startup catch-up, then the runs of the first process.
    const history = await api.get('/api/sync/history?limit=10');
    const runs = history.body.syncs as SyncRunView[];
    expect(runs.map((run) => [run.mode, run.status])).toEqual([
      ['incremental', 'succeeded'],
      ['incremental', 'succeeded'],
      ['full', 'succeeded'],
    ]);
    expect(runs.slice(1).map((run) => run.id)).toEqual([incremental.id, fullRun.id]);
    expect((await api.get(`/api/sync/${fullRun.id}`)).body).toMatchObject({ id: fullRun.id, mode: 'full', status: 'succeeded', api_calls: fullRun.api_calls });

    await expect(child.stop()).resolves.toBe(0);

    // A third process imports the search images instead of building: the second one wrote them (images are
    // only used by the code that wrote them, and the first process ran from src/ under jest), and the rename
    // it applied afterwards goes through the delta path.
    child = spawnService({ ...rig.sim.env, ...SYNC_TEST_ENV, DATA_DIR: rig.dataDir, PORT: String(port), HOST: '127.0.0.1' }, rig.dataDir);
    await waitForOk(`${api.url}/api/health/ready`, 20_000);
    const loaded = child.output().split('\n').find((line) => line.includes('cache loaded from the store'));
    const report = JSON.parse(loaded ?? '{}') as { indexes_imported?: string[]; indexes_built?: string[]; changed_since_image?: number };
    expect(report).toMatchObject({ indexes_built: [] });
    expect(report.indexes_imported).toHaveLength(6);
    expect(report.changed_since_image).toBeGreaterThanOrEqual(1);
    const afterImport = await api.get('/api/search/client_names?q=acme%20supply');
    expect(afterImport.body.results.find((hit: { id: string }) => hit.id === acmeSupply.id)).toMatchObject({ name: 'Acme Supply Restarted' });
    await expect(child.stop()).resolves.toBe(0);
  });
});
