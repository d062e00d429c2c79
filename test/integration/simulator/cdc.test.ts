import { SIM_FIXTURES } from '../../../src/simulator';
import {
  connect, failureOf, qboCall, quickBooksClient, startTestSimulator, type SimulatorUnderTest,
} from '../../support/simulator-clients';

type Row = Record<string, unknown> & { Id: string };
interface CdcBody { CDCResponse: { QueryResponse: Record<string, Row[] | number>[] }[]; time: string }
interface FaultBody { Fault: { Error: { Message: string; Detail: string; code: string }[] } }

const T0 = Date.UTC(2025, 5, 2, 19, 0, 0); // a fixed clock: noon in Pacific daylight time
const iso = (ms: number) => new Date(ms).toISOString();

describe('simulator CDC through the real node-quickbooks', () => {
  let sut: SimulatorUnderTest;
  let clock = T0;
  let token: string;
  const cdc = (entities: string[], since: string) =>
    qboCall<CdcBody>((cb) => quickBooksClient(sut, token).changeDataCapture(entities, since, cb));
  const byEntity = (body: CdcBody): Record<string, Row[]> => {
    const out: Record<string, Row[]> = {};
    for (const part of body.CDCResponse[0]?.QueryResponse ?? []) {
      for (const [key, value] of Object.entries(part)) if (Array.isArray(value)) out[key] = value;
    }
    return out;
  };

  beforeEach(async () => {
    clock = T0;
    sut = await startTestSimulator({ now: () => clock });
    token = (await connect(sut)).accessToken;
  });
  afterEach(() => sut.close());

  it('when nothing changed since the given time, then CDC answers an empty QueryResponse array', async () => {
    clock += 60_000;
    expect(await cdc(['Customer', 'Invoice'], iso(T0))).toMatchObject({ CDCResponse: [{ QueryResponse: [{}] }] });
  });

  it('when records are updated, deactivated and deleted through control, then CDC shows each in QBO\'s shape', async () => {
    const control = sut.simulator.control;
    clock += 60_000;
    control.updateRecord('Customer', SIM_FIXTURES.customers.amysBirdSanctuary.id, { CompanyName: "Amy's Birds & Bees" });
    clock += 1000;
    control.deactivateRecord('Vendor', SIM_FIXTURES.vendors.nortonLumber.id);
    clock += 1000;
    control.deleteRecord('Invoice', SIM_FIXTURES.invoices.acmeCrew.id);
    clock += 1000;

    const body = await cdc(['Customer', 'Vendor', 'Invoice', 'Item'], iso(T0 + 30_000));
    expect(body.CDCResponse).toHaveLength(1);
    const changes = byEntity(body);
    expect(Object.keys(changes)).toEqual(['Customer', 'Vendor', 'Invoice']);
    expect(changes.Customer).toEqual([expect.objectContaining({
      Id: SIM_FIXTURES.customers.amysBirdSanctuary.id, CompanyName: "Amy's Birds & Bees", SyncToken: '1', DisplayName: "Amy's Bird Sanctuary",
    })]);
    expect(changes.Customer?.[0]?.MetaData).toEqual({ CreateTime: expect.any(String), LastUpdatedTime: '2025-06-02T12:01:00-07:00' });
    expect(changes.Vendor).toEqual([expect.objectContaining({ Id: SIM_FIXTURES.vendors.nortonLumber.id, Active: false, DisplayName: SIM_FIXTURES.vendors.nortonLumber.displayName })]);
    expect(changes.Invoice).toEqual([{ domain: 'QBO', status: 'Deleted', Id: SIM_FIXTURES.invoices.acmeCrew.id, MetaData: { LastUpdatedTime: '2025-06-02T12:01:02-07:00' } }]);
    for (const part of body.CDCResponse[0]?.QueryResponse ?? []) expect(part).toMatchObject({ startPosition: 1, maxResults: 1 });
  });

  it('when changedSince is older than 30 days, then QBO\'s "older than fixed days" fault comes back', async () => {
    const since = iso(T0 - 31 * 86_400_000);
    const failure = await failureOf(cdc(['Customer'], since));
    expect(failure.status).toBe(400);
    expect((failure.data as FaultBody).Fault.Error[0]?.Detail).toBe(`Operation cdc with changedSince date ${since} which is older than fixed days is not supported.`);
  });

  it('when more than 1000 objects changed, then one response holds the first 1000 across entities, oldest change first', async () => {
    const control = sut.simulator.control;
    for (let i = 0; i < 1100; i++) {
      clock += 10;
      control.addRecord('Customer', { DisplayName: `Bulk Customer ${i}` });
    }
    clock += 10;
    control.updateRecord('Invoice', SIM_FIXTURES.invoices.amysPurchaseOrder.id, { PrivateNote: 'late' });
    const changes = byEntity(await cdc(['Customer', 'Invoice'], iso(T0)));
    expect(changes.Customer).toHaveLength(1000);
    expect(changes.Invoice).toBeUndefined();
    expect(changes.Customer?.[0]?.DisplayName).toBe('Bulk Customer 0');
    expect(changes.Customer?.[999]?.DisplayName).toBe('Bulk Customer 999');
  });

  it('when node-quickbooks sends a raw + offset (decoded as a space), then the simulator reads it as +', async () => {
    clock += 60_000;
    sut.simulator.control.updateRecord('Item', SIM_FIXTURES.items.rockFountain.id, { QtyOnHand: 3 });
    const sinceWithPlus = '2025-06-02T21:00:30+02:00'; // = T0 + 30 s
    const changes = byEntity(await cdc(['Item'], sinceWithPlus));
    expect(changes.Item?.map((item) => item.Id)).toEqual([SIM_FIXTURES.items.rockFountain.id]);
  });

  it('when an inactivated customer is queried by LastUpdatedTime with Active IN (true,false), then the query sees it too', async () => {
    clock += 60_000;
    sut.simulator.control.deactivateRecord('Customer', SIM_FIXTURES.customers.lukaszNowak.id);
    const page = await qboCall<{ QueryResponse: { Customer?: Row[] } }>((cb) => quickBooksClient(sut, token).findCustomers([
      { field: 'MetaData.LastUpdatedTime', value: '2025-06-02T12:00:30-07:00', operator: '>' },
      { field: 'Active', value: [true, false], operator: 'IN' },
    ], cb));
    expect(page.QueryResponse.Customer?.map((c) => [c.Id, c.Active])).toEqual([[SIM_FIXTURES.customers.lukaszNowak.id, false]]);
  });
});
