import type { FaultHandle } from '../../../src/simulator';
import { requestsOn, startSyncRig, type SyncRig } from './sync-rig';

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
