import { startQboRig, type QboRig } from '../../support/qbo-rig';

describe('QboClient.changesSince against the simulator', () => {
  let rig: QboRig;

  beforeEach(async () => {
    rig = await startQboRig({ sizes: { customers: 1100, vendors: 20, items: 40, invoices: 60 } });
  });
  afterEach(() => rig.close());

  it('when records are updated, deactivated, added and deleted, then CDC reports upserts and deletions per entity', async () => {
    const control = rig.sim.simulator.control;
    const client = rig.client();
    const since = new Date(Date.now() - 1000);
    control.updateRecord('Customer', '2', { CompanyName: 'Renamed & Co' });
    control.deactivateRecord('Vendor', '3');
    const added = control.addRecord('Item', { Name: 'Zed Widget', Type: 'Service', Sku: 'ZW-1' });
    control.deleteRecord('Invoice', '5');

    const result = await client.changesSince(['customers', 'vendors', 'items', 'invoices'], since);

    expect(result.capped).toBe(false);
    expect(result.objectCount).toBe(4);
    expect(result.changes.customers.upserts).toEqual([expect.objectContaining({ Id: '2', CompanyName: 'Renamed & Co' })]);
    expect(result.changes.vendors.upserts).toEqual([expect.objectContaining({ Id: '3', Active: false })]);
    expect(result.changes.items.upserts).toEqual([expect.objectContaining({ Id: added.Id, Name: 'Zed Widget' })]);
    expect(result.changes.invoices.upserts).toEqual([]);
    expect(result.changes.invoices.deletes).toEqual([{ id: '5', lastUpdated: expect.any(String) as string }]);
    expect(rig.sim.simulator.control.counters().requests.cdc).toEqual({ '200': 1 });
  });

  it('when nothing changed, then every requested entity is empty', async () => {
    const result = await rig.client().changesSince(['customers', 'invoices'], new Date(Date.now() - 1000));
    expect(result).toMatchObject({ objectCount: 0, capped: false });
    expect(result.changes).toEqual({ customers: { upserts: [], deletes: [] }, invoices: { upserts: [], deletes: [] } });
  });

  it('when more than 1,000 objects changed, then the result is flagged capped', async () => {
    const control = rig.sim.simulator.control;
    const since = new Date(Date.now() - 1000);
    for (let id = 1; id <= 1050; id += 1) control.updateRecord('Customer', String(id), { Notes: `touched ${id}` });
    const result = await rig.client().changesSince(['customers'], since);
    expect(result.capped).toBe(true);
    expect(result.objectCount).toBe(1000);
  });

  it('when `since` is older than 30 days, then QBO refuses it with a validation error and no retry', async () => {
    const old = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    await expect(rig.client().changesSince(['customers'], old)).rejects.toMatchObject({ name: 'QboValidationError', status: 400 });
    expect(rig.sim.simulator.control.counters().requests.cdc).toEqual({ '400': 1 });
  });
});
