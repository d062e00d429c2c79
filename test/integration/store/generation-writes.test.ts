import fs from 'node:fs';
import { openGenerationWriter } from '../../../src/store/generation-writes';
import type { SnapshotChanges, SnapshotUpsert, Store } from '../../../src/store';
import { useStores, useTempDataDir } from './helpers';

const REALM = '9130350000000001';

function row(entity: string, id: string, name: string): SnapshotUpsert {
  return { entity, id, raw: JSON.stringify({ Id: id, DisplayName: name }), lastUpdated: '2025-06-01T10:00:00-07:00' };
}

const fullReplace = (syncedThrough: string): SnapshotChanges => ({ upserts: [], deletes: [], replaceEntities: ['customers'], syncedThrough });

async function names(store: Store): Promise<string[]> {
  const snapshot = await store.loadSnapshot(REALM);
  return (snapshot?.rowsByEntity.get('customers') ?? []).map((r) => (JSON.parse(r.raw ?? 'null') as { DisplayName: string }).DisplayName).sort();
}

/** A replacement's rows written by a second connection (a full sync's data thread's), and what the committing store does around it. */
describe('snapshot generations written from another connection', () => {
  const temp = useTempDataDir();
  const open = useStores();

  it('when another connection writes a replacement\'s rows, then its commit makes exactly those rows the snapshot', async () => {
    const store = open({ dataDir: temp.dataDir() });
    await store.applySnapshotChanges(REALM, { upserts: [row('customers', '1', 'Old')], deletes: [], syncedThrough: '2025-06-01T00:00:00Z' });
    const replacement = store.beginSnapshotReplace(REALM);
    await replacement.earlierDeletes();
    const writer = openGenerationWriter(replacement.target, { shouldCommit: () => true, writeTurn: store.location.writeTurn });
    await writer.write([row('customers', '2', 'Two'), row('customers', '3', 'Three')]);
    writer.close();
    expect(await names(store)).toEqual(['Old']); // nothing visible before the commit

    await replacement.commit(fullReplace('2025-06-02T00:00:00Z'));
    expect(await names(store)).toEqual(['Three', 'Two']);
  });

  it('when a replacement is begun before the previous commit\'s old rows are deleted, then that delete leaves the new replacement\'s rows alone', async () => {
    const store = open({ dataDir: temp.dataDir() });
    await store.applySnapshotChanges(REALM, { upserts: [row('customers', '1', 'Gen 0')], deletes: [], syncedThrough: '2025-06-01T00:00:00Z' });
    const first = store.beginSnapshotReplace(REALM);
    await first.write([row('customers', '2', 'Gen 1')]);
    // A second full sync starts (say a follow-up) and writes before the first one commits and deletes older rows.
    const second = store.beginSnapshotReplace(REALM);
    expect(second.target.generation).toBeGreaterThan(first.target.generation);
    const writer = openGenerationWriter(second.target, { shouldCommit: () => true, writeTurn: store.location.writeTurn });
    await writer.write([row('customers', '3', 'Gen 2')]);
    writer.close();

    await first.commit(fullReplace('2025-06-02T00:00:00Z'));
    await second.earlierDeletes(); // the first commit's delete of older generations has run
    expect(await names(store)).toEqual(['Gen 1']);
    await second.commit(fullReplace('2025-06-03T00:00:00Z'));
    expect(await names(store)).toEqual(['Gen 2']);
  });

  it('when the caller stops wanting the rows, then the writer rejects as abandoned; when the file is gone, it does not create one', async () => {
    const store = open({ dataDir: temp.dataDir() });
    const replacement = store.beginSnapshotReplace(REALM);
    const writer = openGenerationWriter(replacement.target, { shouldCommit: () => false, writeTurn: store.location.writeTurn });
    await expect(writer.write([row('customers', '1', 'Never')])).rejects.toMatchObject({ name: 'StoreWriteAbandonedError' });
    writer.close();
    replacement.abandon();

    const missing = { ...replacement.target, file: `${replacement.target.file}.gone` };
    expect(() => openGenerationWriter(missing, { shouldCommit: () => true, writeTurn: store.location.writeTurn })).toThrow();
    expect(fs.existsSync(missing.file)).toBe(false);
  });
});
