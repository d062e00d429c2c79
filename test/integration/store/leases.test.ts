import { StoreFencedError, type SnapshotChanges } from '../../../src/store';
import { describeEachEngine } from './helpers';

const REALM = '9130350000000001';
const OTHER_REALM = '9130350000000002';

const change = (name: string, fence?: { holder: string; epoch: number }): SnapshotChanges => ({
  upserts: [{ entity: 'customers', id: '1', raw: JSON.stringify({ Id: '1', DisplayName: name }), lastUpdated: '2025-06-01T10:00:00Z' }],
  deletes: [],
  syncedThrough: '2025-06-01T17:00:00Z',
  ...(fence === undefined ? {} : { fence }),
});

describeEachEngine('store leases', (engine) => {
  const { open } = engine;
  const nameIn = async (store: Awaited<ReturnType<typeof open>>) =>
    (JSON.parse((await store.loadSnapshot(REALM))?.rowsByEntity.get('customers')?.[0]?.raw ?? 'null') as { DisplayName: string } | null)?.DisplayName;

  it('when a holder asks for a company\'s lease, then it gets one, renewable, under which its fenced writes land', async () => {
    const store = await open();
    await store.addCompany(REALM);
    const lease = await store.acquireLease(REALM, 'replica-a', 30_000);
    expect(lease).toMatchObject({ realmId: REALM, holder: 'replica-a' });
    expect(lease!.expiresAt).toBeGreaterThan(Date.now());
    const renewed = await store.acquireLease(REALM, 'replica-a', 30_000);
    expect(renewed?.epoch).toBe(lease!.epoch);
    await store.applySnapshotChanges(REALM, change('Under the lease', { holder: 'replica-a', epoch: lease!.epoch }));
    expect(await nameIn(store)).toBe('Under the lease');
  });

  // One process owns a SQLite file: it leads every company, so there is no one to contend with or to be fenced by.
  (engine.sharedByProcesses ? it : it.skip)('when two processes want a company, then one leads until its lease expires; the next leader gets a higher epoch and the old one\'s late writes are refused', async () => {
    const [a, b] = [await open(), await open()];
    await a.addCompany(REALM);
    const first = await a.acquireLease(REALM, 'replica-a', 300);
    expect(first?.epoch).toBe(1);
    expect(await b.acquireLease(REALM, 'replica-b', 300)).toBeNull(); // live: refused
    expect(await b.acquireLease(OTHER_REALM, 'replica-b', 300)).toMatchObject({ holder: 'replica-b', epoch: 1 }); // per company
    await a.applySnapshotChanges(REALM, change('From A', { holder: 'replica-a', epoch: 1 }));

    await new Promise((resolve) => setTimeout(resolve, 400)); // A paused past its TTL
    const second = await b.acquireLease(REALM, 'replica-b', 30_000);
    expect(second?.epoch).toBe(2);
    expect(await a.acquireLease(REALM, 'replica-a', 300)).toBeNull(); // A wakes up: no longer the leader

    // A's late writes, small and full, are refused in their own transaction and change nothing.
    await expect(a.applySnapshotChanges(REALM, change('Late from A', { holder: 'replica-a', epoch: 1 }))).rejects.toBeInstanceOf(StoreFencedError);
    const late = await a.beginSnapshotReplace(REALM);
    await late.write(change('Late full sync from A').upserts);
    await expect(late.commit({ ...change('x', { holder: 'replica-a', epoch: 1 }), upserts: [], replaceEntities: ['customers'] })).rejects.toBeInstanceOf(StoreFencedError);
    expect(await nameIn(b)).toBe('From A');
    await b.applySnapshotChanges(REALM, change('From B', { holder: 'replica-b', epoch: 2 }));
    expect(await nameIn(a)).toBe('From B');

    // B stops cleanly: A need not wait out the TTL, and takes the lease under a new epoch.
    await b.releaseLease(REALM, 'replica-b');
    expect((await a.acquireLease(REALM, 'replica-a', 30_000))?.epoch).toBe(3);
    await expect(b.applySnapshotChanges(REALM, change('Late from B', { holder: 'replica-b', epoch: 2 }))).rejects.toBeInstanceOf(StoreFencedError);
  });

  (engine.sharedByProcesses ? it : it.skip)('when a company is disconnected through another process, then its leader\'s writes, small and full, are refused and bring none of its rows back', async () => {
    const [leader, other] = [await open(), await open()];
    await leader.addCompany(REALM);
    const lease = await leader.acquireLease(REALM, 'replica-a', 30_000);
    const fence = { holder: 'replica-a', epoch: lease!.epoch };
    await leader.applySnapshotChanges(REALM, change('Before the disconnect', fence));
    const full = await leader.beginSnapshotReplace(REALM); // a full sync under way in the leader
    await full.write(change('Full sync').upserts);

    await other.deleteRealmData(REALM); // the disconnect, asked of another replica

    await expect(leader.applySnapshotChanges(REALM, change('Incremental after it', fence))).rejects.toThrow(/disconnected/);
    await expect(full.commit({ ...change('x', fence), upserts: [], replaceEntities: ['customers'] })).rejects.toBeInstanceOf(StoreFencedError);
    expect(await other.loadSnapshot(REALM)).toBeNull();
    expect(await leader.countSnapshotRows(REALM, 10)).toBe(0);
    expect(await other.listCompanies()).not.toContain(REALM);
  });
});
