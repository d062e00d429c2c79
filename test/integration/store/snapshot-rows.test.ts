import { StoreWriteAbandonedError, type SnapshotChanges, type SnapshotUpsert, type Store } from '../../../src/store';
import { fakeClock, tokenSet, describeEachEngine } from './helpers';

const REALM = '9130350000000001';
const OTHER_REALM = '9130350000000002';

function row(entity: string, id: string, name = `${entity} ${id}`): SnapshotUpsert {
  return { entity, id, raw: JSON.stringify({ Id: id, DisplayName: name }), lastUpdated: '2025-06-01T10:00:00-07:00' };
}

function changes(partial: Partial<SnapshotChanges>): SnapshotChanges {
  return { upserts: [], deletes: [], syncedThrough: '2025-06-01T17:00:00Z', ...partial };
}

/** `{ entity: ['id:name', …] }` sorted, for readable assertions. */
async function contents(store: Store, realmId = REALM): Promise<Record<string, string[]>> {
  const snapshot = await store.loadSnapshot(realmId);
  const result: Record<string, string[]> = {};
  for (const [entity, rows] of snapshot?.rowsByEntity ?? []) {
    result[entity] = rows.map((r) => `${r.id}:${(JSON.parse(r.raw ?? 'null') as { DisplayName: string }).DisplayName}`).sort();
  }
  return result;
}

describeEachEngine('store snapshot rows', (engine) => {
  const { open } = engine;

  it('when nothing was synced for a realm, then loadSnapshot is null', async () => {
    const store = await open();
    expect(await store.loadSnapshot(REALM)).toBeNull();
  });

  it('when a full sync is applied, then load returns its rows by entity, its cursor, meta and write time', async () => {
    const clock = fakeClock();
    const store = await open({ now: clock.now });
    await store.applySnapshotChanges(REALM, changes({
      upserts: [row('customers', '1'), row('customers', '2'), row('items', '7')],
      replaceEntities: ['customers', 'items', 'vendors'],
      meta: { counts: { customers: 2, items: 1 } },
    }));
    const snapshot = await store.loadSnapshot(REALM);
    expect(snapshot).toMatchObject({
      realmId: REALM,
      syncedThrough: '2025-06-01T17:00:00Z',
      updatedAt: clock.now(),
      meta: { counts: { customers: 2, items: 1 } },
    });
    const { raw, lastUpdated } = row('items', '7');
    expect(snapshot?.rowsByEntity.get('items')).toEqual([{ id: '7', raw, lastUpdated, record: null, recordFormat: null }]);
    expect(await contents(store)).toEqual({ customers: ['1:customers 1', '2:customers 2'], items: ['7:items 7'] });
  });

  it('when a row carries its normalized record, then load returns it with its format, and an update replaces both', async () => {
    const store = await open();
    const record = (name: string) => ({ json: JSON.stringify({ id: '1', name }), format: 'format-a' });
    await store.applySnapshotChanges(REALM, changes({ upserts: [{ ...row('customers', '1'), record: record('Acme') }] }));
    expect((await store.loadSnapshot(REALM))?.rowsByEntity.get('customers')?.[0]).toMatchObject({ record: record('Acme').json, recordFormat: 'format-a' });
    await store.applySnapshotChanges(REALM, changes({ upserts: [row('customers', '1', 'Renamed')] }));
    // A row written without a record must not keep the old one: it would describe the old raw JSON.
    expect((await store.loadSnapshot(REALM))?.rowsByEntity.get('customers')?.[0]).toMatchObject({ record: null, recordFormat: null });
  });

  it('when incremental changes are applied, then upserts update or add rows, deletes remove them and meta is kept', async () => {
    const store = await open();
    const first = [row('customers', '1'), row('customers', '2')];
    await store.applySnapshotChanges(REALM, changes({ upserts: first, meta: { v: 1 } }));
    await store.applySnapshotChanges(REALM, changes({
      upserts: [row('customers', '2', 'Renamed'), row('customers', '3')],
      deletes: [{ entity: 'customers', id: '1' }, { entity: 'customers', id: '404' }],
      syncedThrough: '2025-06-01T18:00:00Z',
    }));
    const snapshot = await store.loadSnapshot(REALM);
    expect(snapshot?.syncedThrough).toBe('2025-06-01T18:00:00Z');
    expect(snapshot?.meta).toEqual({ v: 1 });
    expect(await contents(store)).toEqual({ customers: ['2:Renamed', '3:customers 3'] });
  });

  it('when a full replace is applied to one entity, then only that entity loses the rows not in the upserts', async () => {
    const store = await open();
    const first = [row('customers', '1'), row('customers', '2'), row('items', '1')];
    await store.applySnapshotChanges(REALM, changes({ upserts: first }));
    const replacement = [row('customers', '2', 'Kept')];
    await store.applySnapshotChanges(REALM, changes({ upserts: replacement, replaceEntities: ['customers'] }));
    expect(await contents(store)).toEqual({ customers: ['2:Kept'], items: ['1:items 1'] });
    await store.applySnapshotChanges(REALM, changes({ replaceEntities: ['customers'] }));
    expect(await contents(store)).toEqual({ items: ['1:items 1'] });
  });

  it('when an upsert throws in the middle of a change, then the previous rows, cursor and meta are all intact', async () => {
    const store = await open();
    const first = [row('customers', '1'), row('customers', '2')];
    await store.applySnapshotChanges(REALM, changes({ upserts: first, meta: { v: 1 } }));
    const before = await store.loadSnapshot(REALM);
    const exploding = {
      entity: 'customers',
      id: '99',
      lastUpdated: '2025-06-01T10:00:00Z',
      get raw(): string {
        throw new Error('normalizer blew up');
      },
    };
    await expect(store.applySnapshotChanges(REALM, changes({
      upserts: [row('customers', '1', 'Half-written'), exploding, row('customers', '3')],
      deletes: [{ entity: 'customers', id: '2' }],
      replaceEntities: ['customers'],
      syncedThrough: '2099-01-01T00:00:00Z',
      meta: { v: 2 },
    }))).rejects.toThrow('normalizer blew up');
    expect(await store.loadSnapshot(REALM)).toEqual(before);
  });

  it('when a replacement is written in slices, then loads in between see the old snapshot, token saves go through, and the old rows are gone after', async () => {
    const store = await open();
    await store.applySnapshotChanges(REALM, changes({ upserts: [row('customers', '1', 'Old'), row('vendors', '5')], deletes: [], meta: { v: 1 } }));
    const before = await store.loadSnapshot(REALM);
    const many = Array.from({ length: 3000 }, (_, k) => row('customers', String(k + 10), `New ${k}`));
    let slices = 0;
    const seenMeanwhile: unknown[] = [];
    const replacing = store.applySnapshotChanges(
      REALM,
      changes({ upserts: many, replaceEntities: ['customers'], syncedThrough: '2025-06-02T00:00:00Z', meta: { v: 2 }, deletes: [{ entity: 'vendors', id: '5' }] }),
      {
        sliceMs: 0,
        shouldCommit: () => {
          slices++;
          return true;
        },
      },
    );
    // Between slices: reads see the old snapshot whole, never part of the new one, and a token save is not held up by
    // the replacement. PostgreSQL's few batches can all commit within these ticks, so a read may see the new one whole.
    for (let tick = 0; tick < 3; tick++) {
      await new Promise((resolve) => setImmediate(resolve));
      seenMeanwhile.push(await store.loadSnapshot(REALM));
      await store.saveTokens(REALM, tokenSet());
    }
    await replacing;
    expect(slices).toBeGreaterThan(3);
    const replaced = await store.loadSnapshot(REALM);
    expect(replaced).not.toEqual(before);
    for (const seen of seenMeanwhile) expect([before, replaced]).toContainEqual(seen);
    if (!engine.sharedByProcesses) expect(seenMeanwhile).toEqual([before, before, before]); // SQLite: slices between reads
    const after = await contents(store);
    expect(after.customers).toHaveLength(3000);
    expect(after.vendors).toBeUndefined(); // deleted by the same replacement
    expect(await store.loadSnapshot(REALM)).toMatchObject({ syncedThrough: '2025-06-02T00:00:00Z', meta: { v: 2 } });
    // The old generation is deleted in the background, in slices (PostgreSQL keeps it until the next replacement).
    const left = engine.keepsReplacedGeneration ? 3002 : 3000;
    for (let wait = 0; (await engine.countAllSnapshotRows()) !== left && wait < 500; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await engine.countAllSnapshotRows()).toBe(left);
  });

  it('when the caller stops wanting a sliced replacement, then it rejects as abandoned and changes nothing', async () => {
    const store = await open();
    await store.applySnapshotChanges(REALM, changes({ upserts: [row('customers', '1', 'Old')] }));
    const before = await store.loadSnapshot(REALM);
    let asked = 0;
    const many = Array.from({ length: 3000 }, (_, k) => row('customers', String(k + 10)));
    await expect(
      store.applySnapshotChanges(REALM, changes({ upserts: many, replaceEntities: ['customers'] }), { sliceMs: 0, shouldCommit: () => ++asked < 3 }),
    ).rejects.toBeInstanceOf(StoreWriteAbandonedError);
    expect(await store.loadSnapshot(REALM)).toEqual(before);
    // The half-written generation is removed in the background (the store's worker thread).
    for (let wait = 0; (await engine.countAllSnapshotRows()) !== 1 && wait < 100; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await engine.countAllSnapshotRows()).toBe(1);
  });

  it('when a replacement is written page by page and committed, then the pages become the snapshot; abandoned, nothing changes', async () => {
    const store = await open();
    await store.applySnapshotChanges(REALM, changes({ upserts: [row('customers', '1', 'Old')] }));
    const before = await store.loadSnapshot(REALM);

    const dropped = await store.beginSnapshotReplace(REALM);
    await dropped.write([row('customers', '7', 'Never')]);
    dropped.abandon();
    await expect(dropped.write([row('customers', '8')])).rejects.toThrow(/already committed or abandoned/);
    expect(await store.loadSnapshot(REALM)).toEqual(before);
    for (let wait = 0; (await engine.countAllSnapshotRows()) !== 1 && wait < 100; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await engine.countAllSnapshotRows()).toBe(1);

    const replacement = await store.beginSnapshotReplace(REALM);
    void replacement.write([row('customers', '2', 'Page 1')]);
    void replacement.write([row('items', '3', 'Page 2')]);
    expect(await store.loadSnapshot(REALM)).toEqual(before); // nothing visible before the commit
    await replacement.commit(changes({ replaceEntities: ['customers', 'items'], syncedThrough: '2025-06-03T00:00:00Z' }));
    expect(await contents(store)).toEqual({ customers: ['2:Page 1'], items: ['3:Page 2'] });
    await expect(replacement.commit(changes({ replaceEntities: ['customers'] }))).rejects.toThrow(/already committed or abandoned/);
  });

  it('when raw JSON is read by generation, then it comes from that generation only, in the order asked', async () => {
    const store = await open();
    await store.applySnapshotChanges(REALM, changes({ upserts: [row('customers', '1', 'One'), row('customers', '2', 'Two')] }));
    const first = (await store.loadSnapshot(REALM))?.generation ?? -1;
    const names = (raws: (string | undefined)[]) => raws.map((raw) => (raw === undefined ? undefined : (JSON.parse(raw) as { DisplayName: string }).DisplayName));
    expect(names(await store.readSnapshotRaw(REALM, first, 'customers', ['2', '9', '1']))).toEqual(['Two', undefined, 'One']);

    await store.applySnapshotChanges(REALM, changes({ upserts: [row('customers', '3', 'Three')], replaceEntities: ['customers'] }));
    const second = (await store.loadSnapshot(REALM))?.generation ?? -1;
    expect(second).toBeGreaterThan(first);
    expect(names(await store.readSnapshotRaw(REALM, second, 'customers', ['1', '3']))).toEqual([undefined, 'Three']);
    expect(names(await store.readSnapshotRaw(OTHER_REALM, second, 'customers', ['3']))).toEqual([undefined]);
    // The replaced generation: PostgreSQL keeps it for whoever still serves it, until the next replacement.
    if (engine.keepsReplacedGeneration) {
      await (await store.beginSnapshotReplace(REALM)).earlierDeletes();
      expect(names(await store.readSnapshotRaw(REALM, first, 'customers', ['1']))).toEqual(['One']);
      await store.applySnapshotChanges(REALM, changes({ upserts: [row('customers', '4', 'Four')], replaceEntities: ['customers'] }));
      await (await store.beginSnapshotReplace(REALM)).earlierDeletes();
      expect(names(await store.readSnapshotRaw(REALM, first, 'customers', ['1']))).toEqual([undefined]);
    }
  });

  it('when a row is not text, then the change is refused and nothing is written', async () => {
    const store = await open();
    const bad = { ...row('customers', '5'), raw: null } as unknown as SnapshotUpsert;
    await expect(store.applySnapshotChanges(REALM, changes({ upserts: [row('customers', '4'), bad] }))).rejects.toThrow(
      /non-empty string/,
    );
    expect(await store.loadSnapshot(REALM)).toBeNull();
  });

  it('when two realms have snapshots, then each loads only its own rows', async () => {
    const store = await open();
    await store.applySnapshotChanges(REALM, changes({ upserts: [row('customers', '1', 'Ours')] }));
    const theirs = [row('customers', '1', 'Theirs')];
    await store.applySnapshotChanges(OTHER_REALM, changes({ upserts: theirs, replaceEntities: ['customers'] }));
    expect(await contents(store, REALM)).toEqual({ customers: ['1:Ours'] });
    expect(await contents(store, OTHER_REALM)).toEqual({ customers: ['1:Theirs'] });
  });

  it('when a realm is deleted, then its tokens, state and snapshot go, its sync history and other realms stay', async () => {
    const clock = fakeClock();
    const store = await open({ now: clock.now });
    for (const realmId of [REALM, OTHER_REALM]) {
      await store.saveTokens(realmId, tokenSet({ realmId }));
      await store.setRealmState(realmId, { status: 'connected', updatedAt: clock.now() });
      await store.applySnapshotChanges(realmId, changes({ upserts: [row('customers', '1')] }));
    }
    await store.insertSyncRun({
      id: 'run-1',
      realmId: REALM,
      mode: 'full',
      status: 'succeeded',
      startedAt: '2025-06-01T12:00:00.000Z',
      apiCalls: 3,
      records: 1,
      deleted: 0,
    });

    await store.deleteRealmData(REALM);

    expect(await store.getTokens(REALM)).toBeNull();
    expect(await store.getRealmState(REALM)).toBeNull();
    expect(await store.loadSnapshot(REALM)).toBeNull();
    expect(await store.getSyncRun('run-1')).not.toBeNull();
    expect(await store.listRealms()).toEqual([OTHER_REALM]);
    expect(await store.getRealmState(OTHER_REALM)).toEqual({ status: 'connected', updatedAt: clock.now() });
    expect(await contents(store, OTHER_REALM)).toEqual({ customers: ['1:customers 1'] });
  });

  it('when a realm state is set, then it reads back and a later set replaces it', async () => {
    const store = await open();
    await store.setRealmState(REALM, { status: 'connected', updatedAt: 1 });
    expect(await store.getRealmState(REALM)).toEqual({ status: 'connected', updatedAt: 1 });
    const reconnect = { status: 'reconnect_required', reason: 'invalid_grant', updatedAt: 2 } as const;
    await store.setRealmState(REALM, reconnect);
    expect(await store.getRealmState(REALM)).toEqual(reconnect);
  });
});
