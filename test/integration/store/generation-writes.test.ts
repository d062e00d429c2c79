import fs from 'node:fs';
import { openGenerationWriter } from '../../../src/store';
import type { SnapshotChanges, SnapshotUpsert, Store } from '../../../src/store';
import { describeEachEngine } from './helpers';

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
describeEachEngine('snapshot generations written from another connection', (engine) => {
  const { open } = engine;

  it('when another connection writes a replacement\'s rows, then its commit makes exactly those rows the snapshot', async () => {
    const store = await open();
    await store.applySnapshotChanges(REALM, { upserts: [row('customers', '1', 'Old')], deletes: [], syncedThrough: '2025-06-01T00:00:00Z' });
    const replacement = await store.beginSnapshotReplace(REALM);
    await replacement.earlierDeletes();
    const writer = openGenerationWriter(store.location, replacement.target, { shouldCommit: () => true });
    await writer.write([row('customers', '2', 'Two'), row('customers', '3', 'Three')]);
    await writer.close();
    expect(await names(store)).toEqual(['Old']); // nothing visible before the commit

    await replacement.commit(fullReplace('2025-06-02T00:00:00Z'));
    expect(await names(store)).toEqual(['Three', 'Two']);
  });

  it('when a replacement is begun before the previous commit\'s old rows are deleted, then that delete leaves the new replacement\'s rows alone', async () => {
    const store = await open();
    await store.applySnapshotChanges(REALM, { upserts: [row('customers', '1', 'Gen 0')], deletes: [], syncedThrough: '2025-06-01T00:00:00Z' });
    const first = await store.beginSnapshotReplace(REALM);
    await first.write([row('customers', '2', 'Gen 1')]);
    // A second full sync starts (say a follow-up) and writes before the first one commits and deletes older rows.
    const second = await store.beginSnapshotReplace(REALM);
    expect(second.target.generation).toBeGreaterThan(first.target.generation);
    const writer = openGenerationWriter(store.location, second.target, { shouldCommit: () => true });
    await writer.write([row('customers', '3', 'Gen 2')]);
    await writer.close();

    await first.commit(fullReplace('2025-06-02T00:00:00Z'));
    await second.earlierDeletes(); // the first commit's delete of older generations has run
    expect(await names(store)).toEqual(['Gen 1']);
    await second.commit(fullReplace('2025-06-03T00:00:00Z'));
    expect(await names(store)).toEqual(['Gen 2']);
  });

  it('when the caller stops wanting the rows, then the writer rejects as abandoned; when the store is not there, it fails and creates none', async () => {
    const store = await open();
    const replacement = await store.beginSnapshotReplace(REALM);
    const writer = openGenerationWriter(store.location, replacement.target, { shouldCommit: () => false });
    await expect(writer.write([row('customers', '1', 'Never')])).rejects.toMatchObject({ name: 'StoreWriteAbandonedError' });
    await writer.close();
    replacement.abandon();

    // A store that is not there: a data dir without the file, a database that does not exist.
    const missing = store.location.engine === 'sqlite' ? { ...store.location, dataDir: `${engine.dataDir()}.gone` } : { ...store.location, url: `${store.location.url}_gone` };
    const writing = (async () => {
      const stray = openGenerationWriter(missing, replacement.target, { shouldCommit: () => true });
      try {
        await stray.write([row('customers', '1', 'Never')]);
      } finally {
        await stray.close();
      }
    })();
    await expect(writing).rejects.toThrow();
    expect(fs.existsSync(`${engine.dataDir()}.gone`)).toBe(false);
  });
});
