import request from 'supertest';
import type { FaultHandle } from '../../../src/simulator';
import type { SyncRunView } from '../../../src/sync';
import { ADMIN_KEY, startService } from '../../support/harness';
import { eventually, requestsOn, startSyncRig, SYNC_TEST_ENV, type SyncRig } from './sync-rig';

/** Counts the simulator's query requests (pages and COUNT) for each QBO entity, through no-op faults on their URLs. */
function countQueries(rig: SyncRig, qboNames: readonly string[]): () => Record<string, number> {
  const budget = 100_000;
  const handles = new Map<string, FaultHandle>(
    qboNames.map((name) => [name, rig.sim.simulator.control.injectFault({ kind: 'delay', delayMs: 0, path: new RegExp(`/query\\?.*from(%20|\\+| )${name}(%20|\\+| |&|$)`, 'i'), times: budget })]),
  );
  return () => Object.fromEntries([...handles].map(([name, handle]) => [name, budget - handle.remaining()]));
}

describe('QUICKBOOKS_ENTITIES picks what is cached', () => {
  let rig: SyncRig;
  let queries: () => Record<string, number>;

  beforeAll(async () => {
    rig = await startSyncRig({ env: { QUICKBOOKS_ENTITIES: 'Items, customers,items' } });
    queries = countQueries(rig, ['Customer', 'Vendor', 'Item', 'Invoice']);
    await rig.connect();
  });
  afterAll(() => rig.close());

  test('when two entities are enabled, then only they are queried and counted, and one CDC call serves them', async () => {
    expect(queries()).toEqual({ Customer: 2, Vendor: 0, Item: 2, Invoice: 0 }); // COUNT(*) and one page each
    const status = await rig.api.get('/api/cache/status');
    const { control } = rig.sim.simulator;
    expect(status.body.counts).toEqual({ customers: control.countRecords('Customer'), items: control.countRecords('Item') });
    expect(status.body).toMatchObject({ customers_count: control.countRecords('Customer'), vendors_count: 0, invoices_count: 0 });

    const verify = await rig.api.get('/api/cache/verify');
    expect(verify.body).toMatchObject({ ok: true });
    expect(Object.keys(verify.body.entities)).toEqual(['customers', 'items']);

    control.resetCounters();
    const refresh = await rig.api.post('/api/cache/refresh');
    expect(refresh.body.sync).toMatchObject({ mode: 'incremental', status: 'succeeded', api_calls: 1 });
    expect(requestsOn(rig.sim, 'cdc')).toBe(1);
  });

  test('when an index or the data of an entity not enabled is asked for, then it answers 404 like an unknown one', async () => {
    const indexes = await rig.api.get('/api/indexes/status');
    expect(indexes.body.available_indexes).toEqual(['client_names', 'product_names', 'product_descriptions', 'part_names', 'part_numbers']);
    expect(Object.keys(indexes.body.indexes)).toEqual(indexes.body.available_indexes);

    const search = await rig.api.get('/api/search/vendor_names?q=a');
    expect(search.status).toBe(404);
    expect(search.body).toMatchObject({ error: 'unknown_index', available_indexes: indexes.body.available_indexes });
    expect((await rig.api.get('/api/search/client_names?q=a')).status).toBe(200);

    const data = await rig.api.get('/api/data/invoices');
    expect(data.status).toBe(404);
    expect(data.body).toMatchObject({ error: 'not_found' });
    expect((await rig.api.get('/api/data/items?limit=1')).status).toBe(200);
  });
});

describe('changing QUICKBOOKS_ENTITIES on an existing data directory', () => {
  let rig: SyncRig;

  beforeAll(async () => {
    rig = await startSyncRig({ env: { QUICKBOOKS_ENTITIES: 'customers,vendors' } });
    await rig.connect();
    await rig.stopService();
  });
  afterAll(() => rig.close());

  test('when items are added and vendors removed, then only items are pulled, vendors leave the store and the indexes, and one CDC call catches up', async () => {
    const { control, realmId } = rig.sim.simulator;
    control.resetCounters();
    const queries = countQueries(rig, ['Customer', 'Vendor', 'Item', 'Invoice']);
    const svc = await startService(rig.sim.env, rig.dataDir, { ...SYNC_TEST_ENV, QUICKBOOKS_ENTITIES: 'customers,items' });
    try {
      await svc.service.start();
      const startup = await eventually(async () => {
        const [listed] = await svc.service.company().sync.history(1);
        const run = listed && (await svc.service.company().sync.get(listed.id));
        return run && run.status !== 'running' ? run : undefined;
      });
      expect(startup).toMatchObject<Partial<SyncRunView>>({ mode: 'full', status: 'succeeded' });
      // A run that turned full is recorded as full (it started as the warm start's incremental).
      const recorded = await eventually(async () => {
        const [run] = await svc.service.company().sync.history(1);
        return run?.id === startup.id && run.status !== 'running' ? run : undefined;
      });
      expect(recorded.mode).toBe('full');
      // COUNT(*) and one page of items; customers and vendors are not queried again; one CDC call for both entities.
      expect(queries()).toEqual({ Customer: 0, Vendor: 0, Item: 2, Invoice: 0 });
      expect(requestsOn(rig.sim, 'cdc')).toBe(1);

      const api = request(svc.service.app);
      const status = await api.get('/api/cache/status');
      expect(status.body.counts).toEqual({ customers: control.countRecords('Customer'), items: control.countRecords('Item') });
      const indexes = await api.get('/api/indexes/status');
      expect(indexes.body.available_indexes).toEqual(['client_names', 'product_names', 'product_descriptions', 'part_names', 'part_numbers']);
      expect((await api.get('/api/search/vendor_names?q=a')).status).toBe(404);
      expect((await api.get('/api/search/part_numbers?q=prd')).body.results.length).toBeGreaterThan(0);
      expect((await api.get('/api/data/vendors').set('X-API-Key', ADMIN_KEY)).status).toBe(404);
      const stored = await svc.service.store.loadSnapshot(realmId);
      expect([...(stored?.rowsByEntity.keys() ?? [])].sort()).toEqual(['customers', 'items']);
      expect(stored?.rowsByEntity.get('items')?.length).toBe(control.countRecords('Item'));

      control.resetCounters();
      control.updateRecord('Item', '1', { Description: 'Changed after the entity list changed' });
      const refresh = await api.post('/api/cache/refresh').set('X-API-Key', ADMIN_KEY);
      expect(refresh.body.sync).toMatchObject({ mode: 'incremental', status: 'succeeded', api_calls: 1, records: 1 });
      expect(requestsOn(rig.sim, 'query')).toBe(0);
    } finally {
      await svc.close();
    }
  });
});
