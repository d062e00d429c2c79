import { INTERRUPTED_ERROR, StoreInvalidArgumentError, type SyncRunRecord } from '../../../src/store';
import { LEADER_LOST } from '../../../src/sync';
import { fakeClock, describeEachEngine } from './helpers';

const REALM = '9130350000000001';
const OTHER_REALM = '9130350000000002';

function run(id: string, startedAt: string, overrides: Partial<SyncRunRecord> = {}): SyncRunRecord {
  return {
    id,
    realmId: REALM,
    mode: 'incremental',
    status: 'succeeded',
    startedAt,
    apiCalls: 1,
    records: 0,
    deleted: 0,
    ...overrides,
  };
}

describeEachEngine('store sync runs', (engine) => {
  const { open } = engine;

  it('when a run is inserted and updated while it runs, then get returns the merged record', async () => {
    const store = await open();
    await store.insertSyncRun(run('r1', '2025-06-01T12:00:00.000Z', { mode: 'full', status: 'running', apiCalls: 0 }));
    await store.updateSyncRun('r1', { apiCalls: 4, progress: { completed: 2, total: 4 } });
    const finished = await store.updateSyncRun('r1', {
      status: 'succeeded',
      finishedAt: '2025-06-01T12:00:09.000Z',
      records: 4200,
      deleted: 3,
      error: undefined,
    });
    const expected: SyncRunRecord = {
      id: 'r1',
      realmId: REALM,
      mode: 'full',
      status: 'succeeded',
      startedAt: '2025-06-01T12:00:00.000Z',
      finishedAt: '2025-06-01T12:00:09.000Z',
      apiCalls: 4,
      records: 4200,
      deleted: 3,
      progress: { completed: 2, total: 4 },
    };
    expect(finished).toEqual(expected);
    expect(await store.getSyncRun('r1')).toEqual(expected);
  });

  it('when a run id is unknown, then get and update answer null', async () => {
    const store = await open();
    expect(await store.getSyncRun('nope')).toBeNull();
    expect(await store.updateSyncRun('nope', { status: 'failed' })).toBeNull();
  });

  it('when a run id is inserted twice, then the second insert is refused', async () => {
    const store = await open();
    await store.insertSyncRun(run('r1', '2025-06-01T12:00:00.000Z'));
    const again = store.insertSyncRun(run('r1', '2025-06-01T13:00:00.000Z'));
    await expect(again).rejects.toBeInstanceOf(StoreInvalidArgumentError);
  });

  it('when runs are listed, then they come newest first, limited, and filtered by realm when one is given', async () => {
    const store = await open();
    await store.insertSyncRun(run('b', '2025-06-01T13:00:00.000Z'));
    await store.insertSyncRun(run('a', '2025-06-01T12:00:00.000Z'));
    // Same instant written with an offset: ordering is by the instant, not by the text.
    await store.insertSyncRun(run('c', '2025-06-01T09:00:00-05:00', { realmId: OTHER_REALM }));
    await store.insertSyncRun(run('d', '2025-06-01T13:30:00.000Z'));
    await store.insertSyncRun(run('e', '2025-06-01T13:30:00.000Z'));

    expect((await store.listSyncRuns(undefined, 10)).map((r) => r.id)).toEqual(['c', 'e', 'd', 'b', 'a']);
    expect((await store.listSyncRuns(REALM, 10)).map((r) => r.id)).toEqual(['e', 'd', 'b', 'a']);
    expect((await store.listSyncRuns(REALM, 2)).map((r) => r.id)).toEqual(['e', 'd']);
    await expect(store.listSyncRuns(REALM, 0)).rejects.toBeInstanceOf(StoreInvalidArgumentError);
  });

  it('when a run has an unparseable startedAt, then insert is refused', async () => {
    const store = await open();
    await expect(store.insertSyncRun(run('r1', 'yesterday-ish'))).rejects.toThrow(/ISO 8601/);
  });

  it('when the store reopens after a crash mid-sync, then runs left running are failed: at once in the file, by the next leader in a shared store', async () => {
    const clock = fakeClock();
    const crashed = await open({ now: clock.now });
    await crashed.insertSyncRun(run('done', '2025-06-01T11:00:00.000Z'));
    const progress = { completed: 1, total: 4 };
    await crashed.insertSyncRun(run('cut', '2025-06-01T12:00:00.000Z', { status: 'running', progress }));
    clock.advance(60_000);

    const restarted = await open({ now: clock.now });
    const { replication } = restarted;
    if (replication !== undefined) {
      // A shared store cannot tell a crashed process's run from a live leader's: the next leader of the company says.
      expect((await restarted.getSyncRun('cut'))?.status).toBe('running');
      expect(await replication.failRunsOfLostLeader(REALM, LEADER_LOST, new Date(clock.now()).toISOString())).toEqual(['incremental']);
    }
    expect(await restarted.getSyncRun('cut')).toEqual({
      ...run('cut', '2025-06-01T12:00:00.000Z', { progress }),
      status: 'failed',
      error: replication === undefined ? INTERRUPTED_ERROR : LEADER_LOST,
      finishedAt: new Date(clock.now()).toISOString(),
    });
    expect((await restarted.getSyncRun('done'))?.status).toBe('succeeded');
  });
});
