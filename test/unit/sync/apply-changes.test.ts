import type { SnapshotTables } from '../../../src/cache';
import type { CustomerRecord } from '../../../src/qbo/records';
import { applyChanges, type ChangedRow, type Changes } from '../../../src/sync';

function customer(id: string, name: string, updatedAt: string, active = true): ChangedRow<CustomerRecord> {
  const record: CustomerRecord = { id, name, updatedAt, active };
  return { id, record, raw: JSON.stringify({ Id: id, DisplayName: name, Active: active, MetaData: { LastUpdatedTime: updatedAt } }), lastUpdated: updatedAt };
}

function tablesWith(rows: ChangedRow<CustomerRecord>[]): SnapshotTables {
  const empty = () => ({ records: new Map() });
  return {
    customers: { records: new Map(rows.map((r) => [r.id, r.record])) },
    vendors: empty(),
    items: empty(),
    invoices: empty(),
    estimates: empty(),
    purchase_orders: empty(),
    bills: empty(),
  };
}

function changes(customers: Partial<Changes['customers']>): Changes {
  const none = { upserts: [], deletes: [] };
  return { customers: { upserts: [], deletes: [], ...customers }, vendors: none, items: none, invoices: none };
}

const T1 = '2026-11-20T10:00:00-08:00';
const T2 = '2026-11-21T10:00:00-08:00';

describe('applyChanges', () => {
  const previous = tablesWith([customer('1', 'Acme', T1), customer('2', 'Bolt', T1), customer('3', 'Crane', T1)]);

  test('when a rename, an addition, a deactivation and a deletion arrive, then all are reflected', () => {
    const result = applyChanges(
      previous,
      changes({
        upserts: [customer('1', 'Acme Supply', T2), customer('4', 'Delta', T2), customer('2', 'Bolt', T2, false)],
        deletes: [{ id: '3', lastUpdated: T2 }],
      }),
    );
    const records = result.tables.customers.records;
    expect(records.get('1')?.name).toBe('Acme Supply');
    expect(records.get('4')?.name).toBe('Delta');
    expect(records.get('2')?.active).toBe(false);
    expect(records.has('3')).toBe(false);
    expect(result.changedCount).toBe(4);
  });

  test('when changes are applied, then the previous tables are not mutated', () => {
    applyChanges(previous, changes({ upserts: [customer('1', 'Changed', T2)], deletes: [{ id: '2', lastUpdated: T2 }] }));
    expect(previous.customers.records.get('1')?.name).toBe('Acme');
    expect(previous.customers.records.has('2')).toBe(true);
  });

  test('when the same batch is applied twice, then the second application changes nothing', () => {
    const batch = changes({ upserts: [customer('1', 'Acme Supply', T2)], deletes: [{ id: '3', lastUpdated: T2 }] });
    const once = applyChanges(previous, batch);
    const twice = applyChanges(once.tables, batch);
    expect(twice.changedCount).toBe(0);
    expect(twice.tables).toEqual(once.tables);
  });

  test('when a change is older than the held record, then it is skipped', () => {
    const newer = tablesWith([customer('1', 'Newest', T2)]);
    const result = applyChanges(newer, changes({ upserts: [customer('1', 'Stale', T1)] }));
    expect(result.tables.customers.records.get('1')?.name).toBe('Newest');
    expect(result.changedCount).toBe(0);
  });

  test('when two edits share one second, then the different content still applies', () => {
    const result = applyChanges(previous, changes({ upserts: [customer('1', 'Same Second Edit', T1)] }));
    expect(result.tables.customers.records.get('1')?.name).toBe('Same Second Edit');
  });

  test('when a deletion names an unknown id, then it is ignored', () => {
    expect(applyChanges(previous, changes({ deletes: [{ id: '99', lastUpdated: T2 }] })).changedCount).toBe(0);
  });

  test('when timestamps carry different offsets, then they compare as instants', () => {
    const result = applyChanges(previous, changes({ upserts: [customer('1', 'Later in UTC', '2026-11-20T18:00:01Z')] }));
    expect(result.tables.customers.records.get('1')?.name).toBe('Later in UTC');
  });
});
