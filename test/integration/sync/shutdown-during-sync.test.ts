import { openSqliteStore } from '../../../src/store';
import { eventually, pageOf, requestsOn, sleep, startSyncRig, type SyncRig } from './sync-rig';

describe('stopping the service while a full sync runs', () => {
  let rig: SyncRig;

  beforeAll(async () => {
    rig = await startSyncRig({ simulator: { sizes: { customers: 4000, vendors: 30, items: 50, invoices: 100 } } });
    await rig.connect();
  });
  afterAll(() => rig.close());

  test('when the service stops mid-pull, then the run is cancelled and recorded, its thread stops calling QuickBooks, and the stored snapshot is the previous one', async () => {
    const { control, realmId } = rig.sim.simulator;
    const before = await rig.svc.service.store.loadSnapshot(realmId);
    // The third customers page is held back: the stop certainly lands in the middle of the pull.
    control.injectFault({ kind: 'delay', delayMs: 4_000, path: pageOf('Customer', 2001) });
    const started = await rig.api.post('/api/cache/refresh?mode=full&wait=false');
    expect(started.status).toBe(202);
    await eventually(() => (control.counters().faultsFired === 1 ? true : undefined), 10_000, 5);

    const stopStarted = Date.now();
    await rig.stopService();
    expect(Date.now() - stopStarted).toBeLessThan(3_500); // not the held page, nor the rest of the pull

    const run = await rig.svc.service.company().sync.get(started.body.sync_id as string);
    expect(run).toMatchObject({ mode: 'full', status: 'cancelled', error: 'the service is shutting down' });
    const callsAtStop = requestsOn(rig.sim, 'query');
    await sleep(600);
    expect(requestsOn(rig.sim, 'query')).toBe(callsAtStop);
    expect(() => rig.svc.service.company().sync.start({ mode: 'full', trigger: 'manual' })).toThrow('shutting down');

    // The previous snapshot is what a restart would serve: same head, same rows.
    const store = openSqliteStore({ dataDir: rig.dataDir, secretKey: rig.svc.config.secretKey, allowGeneratedKey: true });
    try {
      const after = await store.loadSnapshot(realmId);
      expect(after?.syncedThrough).toBe(before?.syncedThrough);
      expect(after?.rowsByEntity.get('customers')?.length).toBe(4000);
    } finally {
      await store.close();
    }
  });
});
