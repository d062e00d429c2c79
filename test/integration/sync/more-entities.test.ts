import { createHmac } from 'node:crypto';
import request from 'supertest';
import { startService } from '../../support/harness';
import { countOf, eventually, pageOf, requestsOn, startSyncRig, SYNC_TEST_ENV, type SyncRig } from './sync-rig';

const VERIFIER_TOKEN = 'webhook-verifier-token-for-tests';
const ALL_ENTITIES = 'customers,vendors,items,invoices,estimates,purchase_orders,bills';

const SIZES = { customers: 60, vendors: 20, items: 40, invoices: 80, estimates: 1100, purchase_orders: 50, bills: 60 };

interface Hit {
  readonly id: string;
  readonly name: string;
  readonly doc_number: string | null;
}

describe('estimates, purchase orders and bills', () => {
  let rig: SyncRig;

  beforeAll(async () => {
    rig = await startSyncRig({ simulator: { sizes: SIZES }, env: { QUICKBOOKS_ENTITIES: ALL_ENTITIES, QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER_TOKEN } });
  });
  afterAll(() => rig.close());

  const search = async (index: string, q: string): Promise<Hit[]> => {
    const res = await rig.api.get(`/api/search/${index}?q=${encodeURIComponent(q)}&limit=100`);
    expect(res.status).toBe(200);
    return res.body.results as Hit[];
  };

  test('when a company with 1,100 estimates is connected, then both pages are cached (through the same faults and retries), every entity is counted and verified, and each is served', async () => {
    const { control: faults } = rig.sim.simulator;
    faults.injectFault({ kind: 'status', status: 503, path: pageOf('Estimate', 1001) });
    faults.injectFault({ kind: 'status', status: 429, path: countOf('Bill'), headers: { 'Retry-After': '0' } });
    faults.injectFault({ kind: 'truncated-json', path: pageOf('PurchaseOrder', 1) });
    const run = await rig.connect();
    expect(run).toMatchObject({ mode: 'full', status: 'succeeded' });
    // COUNT(*) per entity, then one page each, two for the 1,100 estimates; plus one retry per fault.
    expect(faults.counters().faultsFired).toBe(3);
    expect(requestsOn(rig.sim, 'query')).toBe(7 + 7 + 1 + 3);
    const { control } = rig.sim.simulator;
    const status = await rig.api.get('/api/cache/status');
    expect(status.body.counts).toEqual({
      customers: control.countRecords('Customer'),
      vendors: control.countRecords('Vendor'),
      items: control.countRecords('Item'),
      invoices: control.countRecords('Invoice'),
      estimates: 1100,
      purchase_orders: 50,
      bills: 60,
    });
    const verify = await rig.api.get('/api/cache/verify');
    expect(verify.body.ok).toBe(true);
    expect(verify.body.entities.estimates).toEqual({ cached: 1100, remote: 1100, ok: true });

    const page = await rig.api.get('/api/data/estimates?limit=1000&offset=1000');
    expect(page.body).toMatchObject({ entity: 'estimates', total: 1100, offset: 1000 });
    expect(page.body.results).toHaveLength(100);
    expect(page.body.results[99]).toMatchObject({ Id: '1100', CustomerRef: { value: expect.any(String) } });

    const indexes = await rig.api.get('/api/indexes/status');
    expect(indexes.body.indexes).toMatchObject({ estimate_numbers: 1100, purchase_orders: 50, bill_numbers: 60 });
    const last = control.getRecord('Estimate', '1100');
    const [hit] = await search('estimate_numbers', String(last?.DocNumber));
    expect(hit).toMatchObject({ id: '1100', name: last?.DocNumber, type: 'estimate', doc_number: last?.DocNumber, status: last?.TxnStatus });
  });

  test('when a purchase order is deleted and a bill renumbered, then one CDC call removes and updates them in search and data', async () => {
    const { control } = rig.sim.simulator;
    const order = control.getRecord('PurchaseOrder', '7');
    expect((await search('purchase_orders', String(order?.DocNumber))).map((h) => h.id)).toContain('7');
    control.resetCounters();
    control.deleteRecord('PurchaseOrder', '7');
    control.updateRecord('Bill', '3', { DocNumber: 'ZEBRA-0003' });

    const refresh = await rig.api.post('/api/cache/refresh');
    expect(refresh.body.sync).toMatchObject({ mode: 'incremental', status: 'succeeded', api_calls: 1, records: 2, deleted: 1 });
    expect(requestsOn(rig.sim, 'query')).toBe(0);

    expect((await search('purchase_orders', String(order?.DocNumber))).map((h) => h.id)).not.toContain('7');
    expect((await rig.api.get('/api/data/purchase_orders?limit=0')).body.total).toBe(49);
    expect(await search('bill_numbers', 'zebra')).toEqual([expect.objectContaining({ id: '3', name: 'ZEBRA-0003', type: 'bill' })]);
  });

  test('when a sub-item "Hardware:Bolts" is added under the Hardware category, then `hardware bolts` finds it by its parent path', async () => {
    const { control } = rig.sim.simulator;
    const added = control.addRecord('Item', { Name: 'Bolts', Type: 'NonInventory', ParentRef: { value: '1' } });
    expect(added.FullyQualifiedName).toBe('Hardware:Bolts');
    await rig.api.post('/api/cache/refresh');
    const [first] = await search('product_names', 'hardware bolts');
    expect(first).toMatchObject({ id: added.Id, name: 'Bolts' });
  });

  test('when searches are filtered, then only the matching transactions come back, in their unfiltered order', async () => {
    const { control } = rig.sim.simulator;
    const invoice = control.getRecord('Invoice', '10');
    const customerId = (invoice?.CustomerRef as { value: string }).value;
    const all = await rig.api.get('/api/search/invoice_numbers?q=1&limit=100');
    const mine = await rig.api.get(`/api/search/invoice_numbers?q=1&limit=100&customer_id=${customerId}`);
    expect(mine.status).toBe(200);
    const ids = (mine.body.results as Array<{ id: string; customer_id: string }>).map((r) => r.id);
    expect(ids).toContain('10');
    expect((mine.body.results as Array<{ customer_id: string }>).every((r) => r.customer_id === customerId)).toBe(true);
    expect(ids).toEqual((all.body.results as Array<{ id: string }>).map((r) => r.id).filter((id) => ids.includes(id)));

    const open = await rig.api.get('/api/search/purchase_orders?q=po&limit=100&open=true&from=2000-01-01&to=2999-12-31');
    expect(open.status).toBe(200);
    expect(open.body.results.length).toBeGreaterThan(0);
    expect((open.body.results as Array<{ status: string }>).every((r) => r.status === 'Open')).toBe(true);
  });

  test.each([
    ['a filter on an index that does not take it', '/api/search/client_names?q=a&customer_id=1'],
    ['vendor_id on an invoice index', '/api/search/invoice_numbers?q=1&vendor_id=1'],
    ['a malformed id', '/api/search/invoice_numbers?q=1&customer_id=abc'],
    ['an impossible date', '/api/search/bill_numbers?q=1&from=2024-02-30'],
    ['a month that does not exist', '/api/search/invoice_numbers?q=1&from=2026-13-01'],
    ['a day that does not exist in any month', '/api/search/bill_numbers?q=1&to=2026-01-32'],
    ['a month 00', '/api/search/estimate_numbers?q=1&from=2026-00-10'],
    ['a date not written YYYY-MM-DD', '/api/search/bill_numbers?q=1&to=05/01/2024'],
    ['from after to', '/api/search/estimate_numbers?q=1&from=2024-05-02&to=2024-05-01'],
    ['open not true or false', '/api/search/bill_numbers?q=1&open=yes'],
    ['a filter given twice', '/api/search/bill_numbers?q=1&vendor_id=1&vendor_id=2'],
  ])('when %s, then the answer is 400 invalid_query', async (_case, url) => {
    const res = await rig.api.get(url);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_query');
  });

  describe('GET /api/search across several indexes', () => {
    test('when indexes are named, then the groups come in that order, each with its own ranking and at most `limit` results', async () => {
      const res = await rig.api.get('/api/search?q=a&indexes=vendor_names,client_names,bill_numbers&limit=3');
      expect(res.status).toBe(200);
      expect(res.body.query).toBe('a');
      expect(res.body.groups.map((g: { index: string }) => g.index)).toEqual(['vendor_names', 'client_names', 'bill_numbers']);
      for (const group of res.body.groups as Array<{ index: string; results: Array<{ id: string }>; total: number }>) {
        expect(group.results.length).toBeLessThanOrEqual(3);
        expect(group.total).toBe(group.results.length);
        const alone = await rig.api.get(`/api/search/${group.index}?q=a&limit=3`);
        expect(group.results).toEqual(alone.body.results);
      }
    });

    test('when no indexes are named, then every available index answers, in the order of available_indexes', async () => {
      const res = await rig.api.get('/api/search?q=acme&limit=1');
      const indexes = await rig.api.get('/api/indexes/status');
      expect(res.body.groups.map((g: { index: string }) => g.index)).toEqual(indexes.body.available_indexes);
      expect(res.body.groups).toHaveLength(11);
    });

    test('when an index is unknown, then 404 with available_indexes; when q is missing or too long, then 400', async () => {
      const unknown = await rig.api.get('/api/search?q=a&indexes=client_names,nope');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ error: 'unknown_index', available_indexes: expect.arrayContaining(['client_names', 'bill_numbers']) });
      expect((await rig.api.get('/api/search?indexes=client_names')).status).toBe(400);
      expect((await rig.api.get(`/api/search?q=${'x'.repeat(201)}`)).body.error).toBe('invalid_query');
      expect((await rig.api.get('/api/search?q=a&limit=0')).status).toBe(400);
    });

    test('when a filter is given, then it applies to every group, and an index that does not take it is a 400', async () => {
      const ok = await rig.api.get('/api/search?q=1&indexes=invoice_numbers,estimate_numbers&open=true');
      expect(ok.status).toBe(200);
      expect((await rig.api.get('/api/search?q=1&indexes=invoice_numbers,client_names&open=true')).status).toBe(400);
    });
  });

  test('when a CloudEvents webhook reports an estimate change, then one CDC call brings it into estimate_numbers', async () => {
    const { control, realmId } = rig.sim.simulator;
    control.resetCounters();
    control.updateRecord('Estimate', '5', { DocNumber: 'QUOTE-WEBHOOK-5' });
    const body = JSON.stringify([
      { specversion: '1.0', id: 'estimate-5-updated', source: 'intuit.test', type: 'qbo.estimate.updated.v1', time: new Date().toISOString(), intuitentityid: '5', intuitaccountid: realmId, data: {} },
    ]);
    const signature = createHmac('sha256', VERIFIER_TOKEN).update(body).digest('base64');
    const res = await rig.api.call('POST', '/api/webhooks/quickbooks', { body, admin: false, headers: { 'Content-Type': 'application/json', 'intuit-signature': signature } });
    expect(res.status).toBe(200);
    const hit = await eventually(async () => (await search('estimate_numbers', 'quote-webhook'))[0], 8_000);
    expect(hit).toMatchObject({ id: '5', name: 'QUOTE-WEBHOOK-5' });
    expect(requestsOn(rig.sim, 'cdc')).toBe(1);
    expect(requestsOn(rig.sim, 'query')).toBe(0);
  });

  test('when the service restarts on the same DATA_DIR, then the three new indexes are served from the store before any QuickBooks call', async () => {
    const before = await search('bill_numbers', 'zebra');
    await rig.stopService();
    rig.sim.simulator.control.resetCounters();
    const svc = await startService(rig.sim.env, rig.dataDir, { ...SYNC_TEST_ENV, QUICKBOOKS_ENTITIES: ALL_ENTITIES });
    try {
      expect(await svc.service.company().runtime.warmStart()).toBe(true);
      const api = request(svc.service.app);
      const bills = await api.get('/api/search/bill_numbers?q=zebra&limit=100');
      expect(bills.body.results).toEqual(before);
      const counts = await api.get('/api/indexes/status');
      expect(counts.body.indexes).toMatchObject({ estimate_numbers: 1100, purchase_orders: 49, bill_numbers: 60 });
      expect(requestsOn(rig.sim, 'query') + requestsOn(rig.sim, 'cdc')).toBe(0);
    } finally {
      await svc.close();
    }
  });
});
