import { eventually, pageOf, startSyncRig, type SyncRig } from './sync-rig';

describe('disconnecting while a sync runs', () => {
  let rig: SyncRig;

  beforeAll(async () => {
    rig = await startSyncRig();
    await rig.connect();
  });
  afterAll(() => rig.close());

  test('when the company is disconnected during a full sync, then the run is discarded: no cache, no stored rows', async () => {
    const { control, realmId } = rig.sim.simulator;
    // The last page has passed the token check and is held back: it still answers 200 after the revocation.
    control.injectFault({ kind: 'delay', delayMs: 1_000, path: pageOf('Invoice', 1) });
    const started = await rig.api.post('/api/cache/refresh?mode=full&wait=false');
    expect(started.status).toBe(202);
    await eventually(() => (control.counters().faultsFired === 1 ? true : undefined), 5_000, 2);

    const disconnect = await rig.api.post('/api/auth/disconnect');
    expect(disconnect.status).toBe(200);
    const run = await rig.waitForSync(started.body.sync_id as string);
    expect(run.status).toBe('cancelled');
    expect(run.error).toMatch(/disconnected/);

    const status = await rig.api.get('/api/cache/status');
    expect(status.body).toMatchObject({ state: 'empty', last_updated: null, customers_count: 0 });
    expect((await rig.api.get('/api/health/ready')).status).toBe(503);
    expect((await rig.api.get('/api/search/client_names?q=acme')).status).toBe(503);
    expect(await rig.svc.service.store.loadSnapshot(realmId)).toBeNull();
    const refresh = await rig.api.post('/api/cache/refresh');
    expect(refresh.status).toBe(409);
    expect(refresh.body.error).toBe('not_connected');
  });
});
