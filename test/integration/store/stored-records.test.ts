/**
 * Warm start from stored rows (src/sync/load-snapshot.ts): a row's stored normalized record is used when the
 * current normalizer code wrote it, and the raw JSON is normalized again otherwise.
 */
import { currentRecordFormat } from '../../../src/qbo/record-format';
import { normalizeCustomer } from '../../../src/qbo';
import { loadSnapshotFromStore } from '../../../src/sync';
import { fullReplaceHead, upsertOf } from '../../../src/sync/persistence';
import { describeEachEngine } from './helpers';

const REALM = '9130350000000001';
const raw = { Id: '1', DisplayName: 'Acme Supply Co', Active: true, MetaData: { LastUpdatedTime: '2025-06-01T10:00:00-07:00' } };

describeEachEngine('stored normalized records', (engine) => {
  const { open } = engine;

  it('when a sync stores its rows, then each keeps its normalized record in the current format and a load returns the same records', async () => {
    const store = await open();
    const record = normalizeCustomer(raw);
    const replacement = await store.beginSnapshotReplace(REALM);
    await replacement.write([upsertOf('customers', { id: '1', record, raw: JSON.stringify(raw), lastUpdated: raw.MetaData.LastUpdatedTime })]);
    await replacement.commit(fullReplaceHead('2025-06-01T17:00:00Z'));
    const stored = (await store.loadSnapshot(REALM))?.rowsByEntity.get('customers')?.[0];
    expect(stored).toMatchObject({ record: JSON.stringify(record), recordFormat: currentRecordFormat() });
    expect((await loadSnapshotFromStore(store, REALM))?.customers.records.get('1')).toEqual(record);
  });

  it('when the stored record is of the current format, then it is used as is; of another format, the raw JSON is normalized again', async () => {
    const store = await open();
    const marked = { ...normalizeCustomer(raw), name: 'From the stored record' };
    const upsert = (id: string, format: string) => ({
      entity: 'customers',
      id,
      raw: JSON.stringify({ ...raw, Id: id }),
      lastUpdated: raw.MetaData.LastUpdatedTime,
      record: { json: JSON.stringify({ ...marked, id }), format },
    });
    await store.applySnapshotChanges(REALM, { upserts: [upsert('1', currentRecordFormat()), upsert('2', 'written-by-older-code')], deletes: [], syncedThrough: '2025-06-01T17:00:00Z' });
    const records = (await loadSnapshotFromStore(store, REALM))?.customers.records;
    expect(records?.get('1')).toMatchObject({ name: 'From the stored record' });
    expect(records?.get('2')).toEqual(normalizeCustomer({ ...raw, Id: '2' }));
  });
});
