import { startQboRig, type QboRig } from '../../support/qbo-rig';
import { normalizeRecord, type PageProgress, type RawCustomer } from '../../../src/qbo';

describe('QboClient full pulls against the simulator', () => {
  let rig: QboRig;

  beforeAll(async () => {
    rig = await startQboRig({ sizes: { customers: 2345, vendors: 30, items: 60, invoices: 120 } });
  });
  afterAll(() => rig.close());
  beforeEach(() => {
    rig.sim.simulator.control.resetCounters();
    rig.calls.length = 0;
  });

  it('when pulling 2,345 customers, then 3 pages of ORDERBY Id include inactive ones and match COUNT(*)', async () => {
    const client = rig.client();
    const progress: PageProgress[] = [];
    const customers = await client.queryAll('customers', { onPage: (p) => progress.push(p) });

    expect(customers).toHaveLength(2345);
    expect(progress).toEqual([
      { entity: 'customers', fetched: 1000, pageRows: 1000 },
      { entity: 'customers', fetched: 2000, pageRows: 1000 },
      { entity: 'customers', fetched: 2345, pageRows: 345 },
    ]);
    const ids = customers.map((c) => Number(c.Id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(2345);
    expect(customers.some((c: RawCustomer) => c.Active === false)).toBe(true);
    expect(customers.some((c) => c.Job === true && c.FullyQualifiedName?.includes(':'))).toBe(true);

    const counted = await client.count('customers');
    expect(counted).toBe(2345);
    expect(counted).toBe(rig.sim.simulator.control.countRecords('Customer'));
    expect(rig.sim.simulator.control.counters().requests.query).toEqual({ '200': 4 });
    expect(rig.calls.map((c) => [c.kind, c.status])).toEqual([
      ['query', 200],
      ['query', 200],
      ['query', 200],
      ['count', 200],
    ]);
    expect(client.callCount()).toBe(4);
  });

  it('when counting every entity, then each count equals the rows queryAll returns, inactive included', async () => {
    const client = rig.client();
    for (const entity of ['vendors', 'items', 'invoices'] as const) {
      const [rows, count] = await Promise.all([client.queryAll(entity), client.count(entity)]);
      expect(rows).toHaveLength(count);
    }
    const items = await client.queryAll('items');
    expect(items.some((i) => i.Active === false)).toBe(true);
    expect(items.map((i) => normalizeRecord('items', i)).every((r) => typeof r.name === 'string')).toBe(true);
  });

  it('when pages are fetched with concurrency 3, then the rows are identical and no extra call is made for 3 pages', async () => {
    const client = rig.client();
    const sequential = await client.queryAll('customers');
    rig.sim.simulator.control.resetCounters();
    const parallel = await client.queryAll('customers', { concurrency: 3 });
    expect(parallel.map((c) => c.Id)).toEqual(sequential.map((c) => c.Id));
    expect(rig.sim.simulator.control.counters().requests.query).toEqual({ '200': 3 });
  });

  it('when reading one record by Id, then the raw object comes back; an unknown Id is a validation error', async () => {
    const client = rig.client();
    const customer = await client.read('customers', '1');
    expect(customer.Id).toBe('1');
    await expect(client.read('customers', '99999999')).rejects.toMatchObject({ name: 'QboValidationError', code: '610', status: 400 });
  });
});
