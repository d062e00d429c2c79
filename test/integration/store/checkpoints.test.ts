/**
 * WAL checkpoints run in a worker thread (src/store/checkpointer.ts), never on the event loop's connection.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE_NAME } from '../../../src/store';
import { useStores, useTempDataDir } from './helpers';

const REALM = '9130350000000001';

describe('store WAL checkpoints', () => {
  const temp = useTempDataDir();
  const open = useStores();

  it('when rows are written, then the main connection does not checkpoint them but the worker soon does, and close leaves no WAL behind', async () => {
    const store = open({ dataDir: temp.dataDir() });
    const file = path.join(temp.dataDir(), DATABASE_FILE_NAME);
    const sizeBefore = fs.statSync(file).size;
    const upserts = Array.from({ length: 2000 }, (_, k) => ({ entity: 'invoices', id: String(k), raw: 'x'.repeat(1000), lastUpdated: '2025-06-01T10:00:00Z' }));
    await store.applySnapshotChanges(REALM, { upserts, deletes: [], syncedThrough: '2025-06-01T17:00:00Z' });
    // Right after the commit the rows are in the WAL only: the committing (main) connection did not checkpoint.
    expect(fs.statSync(file).size).toBeLessThan(sizeBefore + 1_000_000);

    for (let wait = 0; fs.statSync(file).size < sizeBefore + 1_000_000 && wait < 60; wait++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fs.statSync(file).size).toBeGreaterThan(sizeBefore + 1_000_000);

    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM snapshot_rows').pluck().get()).toBe(2000);
    db.close();
  });

  it('when the serving thread holds its write turn, then the worker deletes no old rows until it is given back', async () => {
    const store = open({ dataDir: temp.dataDir() });
    const file = path.join(temp.dataDir(), DATABASE_FILE_NAME);
    const upserts = Array.from({ length: 5000 }, (_, k) => ({ entity: 'invoices', id: String(k), raw: 'x'.repeat(200), lastUpdated: '2025-06-01T10:00:00Z' }));
    await store.applySnapshotChanges(REALM, { upserts, deletes: [], syncedThrough: '2025-06-01T17:00:00Z' });
    const replacement = await store.beginSnapshotReplace(REALM);
    await replacement.write(upserts.slice(0, 10));

    // Held across the commit, as a serving write in progress would hold it (write-turn.ts): the commit then posts
    // the delete of generation 0 to the worker, which must wait.
    if (store.location.engine !== 'sqlite') throw new Error('the write turn is the SQLite store\'s');
    const turn = new Int32Array(store.location.writeTurn);
    Atomics.add(turn, 0, 1);
    const reader = new Database(file, { readonly: true });
    const oldRows = () => reader.prepare('SELECT count(*) FROM snapshot_rows WHERE generation = 0').pluck().get();
    try {
      await replacement.commit({ upserts: [], deletes: [], replaceEntities: ['invoices'], syncedThrough: '2025-06-02T17:00:00Z' });
      await new Promise((resolve) => setTimeout(resolve, 300)); // the worker deletes 5,000 rows in a few ms when free
      expect(oldRows()).toBe(5000);
    } finally {
      if (Atomics.sub(turn, 0, 1) === 1) Atomics.notify(turn, 0);
    }
    await (await store.beginSnapshotReplace(REALM)).earlierDeletes();
    expect(oldRows()).toBe(0);
    reader.close();
  });
});
