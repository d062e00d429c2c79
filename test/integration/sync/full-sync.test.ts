import { SIM_FIXTURES, type SimEntity } from '../../../src/simulator';
import { simulatorCounters } from '../../support/simulator-control';
import { requestsOn, startSyncRig, type SyncRig } from './sync-rig';

const SIZES = { customers: 2345, vendors: 120, items: 340, invoices: 1210 };
const ENTITY_OF = { customers: 'Customer', vendors: 'Vendor', items: 'Item', invoices: 'Invoice' } as const satisfies Record<string, SimEntity>;

/** Pages a full pull costs: pages of 1000 followed until a short one. */
const pagesFor = (n: number) => Math.floor(n / 1000) + 1;

describe('full sync through the real OAuth connect flow', () => {
  let rig: SyncRig;

  beforeAll(async () => {
    rig = await startSyncRig({ simulator: { sizes: SIZES } });
  });
  afterAll(() => rig.close());

  test('when a company is connected, then a full sync caches every record, inactive included, with one query per page plus the counts', async () => {
    const run = await rig.connect();
    expect(run).toMatchObject({ mode: 'full', status: 'succeeded', error: null });

    const { control } = rig.sim.simulator;
    const status = await rig.api.get('/api/cache/status');
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      customers_count: control.countRecords('Customer'),
      vendors_count: control.countRecords('Vendor'),
      items_count: control.countRecords('Item'),
      invoices_count: control.countRecords('Invoice'),
      state: 'ready',
    });
    expect(status.body.customers_count).toBe(2345);
    expect(Date.parse(status.body.last_updated)).not.toBeNaN();
    expect(status.body.last_sync).toMatchObject({ id: run.id, status: 'succeeded' });

    // COUNT(*) per entity, then the pages; no CDC and no single reads.
    const expectedQueries = 4 + Object.values(SIZES).reduce((sum, n) => sum + pagesFor(n), 0);
    expect(simulatorCounters(rig.sim).counters.requests.query).toEqual({ '200': expectedQueries });
    expect(requestsOn(rig.sim, 'cdc') + requestsOn(rig.sim, 'read')).toBe(0);
    expect(run.api_calls).toBe(expectedQueries);
    expect(run.progress).toEqual({ completed: run.progress.total, total: Object.values(SIZES).reduce((a, b) => a + b, 0), percentage: 100 });
  });

  test('when the cache is verified, then every cached count equals QuickBooks COUNT(*)', async () => {
    const verify = await rig.api.get('/api/cache/verify');
    expect(verify.status).toBe(200);
    expect(verify.body.ok).toBe(true);
    for (const [entity, qboName] of Object.entries(ENTITY_OF)) {
      const count = rig.sim.simulator.control.countRecords(qboName);
      expect(verify.body.entities[entity]).toEqual({ cached: count, remote: count, ok: true });
    }
  });

  test('when inactive records exist, then /api/data and search return them, flagged inactive', async () => {
    const { acmeOldAccounts } = SIM_FIXTURES.customers;
    const search = await rig.api.get('/api/search/client_names?q=acme%20old');
    expect(search.body.results).toEqual(expect.arrayContaining([expect.objectContaining({ id: acmeOldAccounts.id, active: false })]));

    const page = await rig.api.get('/api/data/customers?limit=1000&offset=0');
    expect(page.body).toMatchObject({ entity: 'customers', total: 2345, limit: 1000, offset: 0 });
    expect(page.body.results).toHaveLength(1000);
    expect(page.body.results.find((c: { Id: string }) => c.Id === acmeOldAccounts.id)).toMatchObject({ Active: false, DisplayName: acmeOldAccounts.displayName });
    const last = await rig.api.get('/api/data/customers?limit=1000&offset=2000');
    expect(last.body.results).toHaveLength(345);
    const inactive = await rig.api.get('/api/data/items?limit=1000');
    expect(inactive.body.results.filter((i: { Active: boolean }) => !i.Active).length).toBeGreaterThan(0);
  });
});
