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

  it('when a pacer is given, then mapping a page pauses where it says, a timer runs meanwhile, and the rows are the same', async () => {
    const client = rig.client();
    const plain = await client.queryAllMapped('customers', (raw) => raw.Id);
    let calls = 0;
    let pauses = 0;
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(calls), 1);
    const slowMap = (raw: RawCustomer) => {
      const until = performance.now() + 0.02; // ~20 µs a row: a 1,000-row page is ~20 ms of mapping
      while (performance.now() < until);
      return raw.Id;
    };
    try {
      const paced = await client.queryAllMapped('customers', slowMap, {
        pacer: {
          due: () => ++calls % 100 === 0,
          pause: async () => {
            pauses++;
            await new Promise((resolve) => setTimeout(resolve, 2));
          },
        },
      });
      expect(paced).toEqual(plain);
    } finally {
      clearInterval(timer);
    }
    expect(calls).toBe(2345);
    expect(pauses).toBe(23);
    // The timer ran in the middle of pages, not only between them (calls 1000 and 2000 end a page).
    expect(ticks.some((at) => at % 1000 > 0 && at % 1000 < 900)).toBe(true);
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
