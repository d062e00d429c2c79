import { SIM_FIXTURES } from '../../../src/simulator';
import { countsKey, simulatorCountsKey, sleep, startSyncRig, type SyncRig } from './sync-rig';

const { acmeSupply } = SIM_FIXTURES.customers;
const NEW_NAME = 'Acme Supply Second Snapshot';

describe('readers during a full sync', () => {
  let rig: SyncRig;

  beforeAll(async () => {
    rig = await startSyncRig({ simulator: { sizes: { customers: 1200, vendors: 60, items: 80, invoices: 300 } } });
    await rig.connect();
  });
  afterAll(() => rig.close());

  test('when a slow full sync replaces the cache, then every reader sees one complete snapshot, old or new, never empty or mixed', async () => {
    const { control } = rig.sim.simulator;
    const statusOf = async () => (await rig.api.get('/api/cache/status')).body;
    const indexCountsOf = async () => {
      const { indexes } = (await rig.api.get('/api/indexes/status')).body;
      return `${indexes.client_names}/${indexes.vendor_names}`;
    };
    const oldCounts = countsKey(await statusOf());
    const oldIndexCounts = await indexCountsOf();

    control.updateRecord('Customer', acmeSupply.id, { DisplayName: NEW_NAME });
    for (const n of [1, 2, 3]) control.addRecord('Customer', { DisplayName: `Consistency Probe ${n}` });
    for (const n of [1, 2]) control.addRecord('Vendor', { DisplayName: `Consistency Vendor ${n}` });
    const expected = {
      old: { counts: oldCounts, indexes: oldIndexCounts, name: acmeSupply.displayName, probes: 0 },
      new: {
        counts: simulatorCountsKey(rig.sim),
        indexes: oldIndexCounts.split('/').map((n, i) => Number(n) + (i === 0 ? 3 : 2)).join('/'),
        name: NEW_NAME,
        probes: 3,
      },
    };

    control.setLatency(120);
    const started = await rig.api.post('/api/cache/refresh?mode=full&wait=false');
    expect(started.status).toBe(202);
    let running = true;
    const seen: Array<'old' | 'new'> = [];
    let readsWhileRefreshing = 0;
    const which = (value: unknown, key: 'counts' | 'indexes' | 'name' | 'probes', what: string): 'old' | 'new' => {
      if (value === expected.old[key]) return 'old';
      if (value === expected.new[key]) return 'new';
      throw new Error(`${what} is neither the old nor the new snapshot: ${JSON.stringify(value)}`);
    };

    const readers = [
      async () => {
        const status = await statusOf();
        if (status.state === 'refreshing') readsWhileRefreshing += 1;
        seen.push(which(countsKey(status), 'counts', '/api/cache/status counts'));
      },
      async () => seen.push(which(await indexCountsOf(), 'indexes', '/api/indexes/status counts')),
      async () => {
        const res = await rig.api.get('/api/search/client_names?q=acme%20supply&limit=50');
        const hit = (res.body.results as Array<{ id: string; name: string }>).find((h) => h.id === acmeSupply.id);
        seen.push(which(hit?.name, 'name', 'the searched name'));
      },
      async () => {
        const res = await rig.api.get('/api/search/client_names?q=consistency%20probe');
        seen.push(which(res.body.total, 'probes', 'the number of new customers found'));
      },
      async () => {
        // One answer holds both the total and the record: they must come from the same snapshot.
        const res = await rig.api.get('/api/data/customers?limit=5');
        const record = (res.body.results as Array<{ Id: string; DisplayName: string }>).find((c) => c.Id === acmeSupply.id);
        const bySize = res.body.total === control.countRecords('Customer') ? 'new' : 'old';
        expect([bySize, record?.DisplayName]).toEqual([bySize, expected[bySize].name]);
        seen.push(bySize);
      },
    ];
    const loop = async (read: () => Promise<unknown>) => {
      // A short pause between reads: /api/data is an admin route (600 a minute), and a reader spinning on the test's
      // own thread (which also runs the simulator) would starve the sync it watches.
      while (running) await read().then(() => sleep(15));
      await read(); // once more after the swap
    };
    const polling = Promise.all(readers.map(loop));
    const run = await rig.waitForSync(started.body.sync_id as string, 30_000);
    running = false;
    await polling;
    control.setLatency(0);

    expect(run).toMatchObject({ mode: 'full', status: 'succeeded' });
    expect(readsWhileRefreshing).toBeGreaterThan(3);
    expect(seen).toContain('old');
    expect(seen.at(-1)).toBe('new');
    // Once a reader saw the new snapshot, nobody saw the old one again (one swap, no flicker).
    expect(seen.slice(seen.indexOf('new')).filter((s) => s === 'old').length).toBeLessThanOrEqual(readers.length - 1);
  });
});
