/**
 * Failover between replicas on one PostgreSQL (README "Several replicas"): a leader killed mid-sync is replaced
 * within the lease's TTL and its sync run again; a leader paused past the TTL wakes up a follower, makes no
 * QuickBooks or token call, and serves what the new leader committed. Searches on the other replicas answer 200 from
 * a complete snapshot throughout.
 */
import type { SyncRunView } from '../../../src/sync';
import { describeIfPostgres, usePostgresDatabases } from '../../support/postgres';
import { eventually, sleep } from '../sync/sync-rig';
import { searchTotal, startReplicaRig, TEST_LEASE_TTL_MS, type Replica, type ReplicaRig } from './replica-rig';

const SIZES = { customers: 2500, vendors: 20, items: 40, invoices: 1200 };
const SEARCH = '/api/search/client_names?q=a&limit=1';

const searchers: { stop(): Promise<number[]> }[] = [];

/** Searches every replica in `replicas` until stopped; `stop` resolves every total seen (a non-200 rejects it). */
function keepSearching(replicas: readonly Replica[]): { stop(): Promise<number[]> } {
  let stopped = false;
  const totals: number[] = [];
  const loop = (async () => {
    while (!stopped) {
      for (const replica of replicas) totals.push(await searchTotal(replica, SEARCH));
      await sleep(25);
    }
    return totals;
  })();
  const searcher = {
    stop: () => {
      stopped = true;
      return loop;
    },
  };
  searchers.push(searcher);
  return searcher;
}

async function startFullSync(replica: Replica): Promise<string> {
  const started = await replica.api.post('/api/cache/refresh?mode=full&wait=false');
  if (started.status !== 202) throw new Error(`refresh answered ${started.status}: ${JSON.stringify(started.body)}`);
  const id = (started.body as { sync_id: string }).sync_id;
  // Under way: at least one page pulled.
  await eventually(async () => (((await replica.api.get(`/api/sync/${id}`)).body as SyncRunView).progress.completed >= 1 ? true : undefined), 20_000, 50);
  return id;
}

async function runOf(replica: Replica, id: string): Promise<SyncRunView> {
  return (await replica.api.get(`/api/sync/${id}`)).body as SyncRunView;
}

/** The newest run of the company, as a replica's history has it, once it is a finished one other than `not`. */
async function nextFinishedRun(replica: Replica, not: string): Promise<SyncRunView> {
  return eventually(
    async () => {
      const [newest] = ((await replica.api.get('/api/sync/history?limit=1')).body as { syncs: SyncRunView[] }).syncs;
      return newest && newest.id !== not && newest.status !== 'running' ? newest : undefined;
    },
    30_000,
    100,
  );
}

describeIfPostgres('failover between replicas on one PostgreSQL', () => {
  const databases = usePostgresDatabases();
  let rig: ReplicaRig;
  let realmId: string;
  const headGeneration = async () => Number((await rig.sql<{ generation: string }>('SELECT generation FROM snapshots'))[0]?.generation);

  beforeEach(async () => {
    rig = await startReplicaRig(await databases.create(), { sizes: SIZES });
    realmId = rig.sim.simulator.realmId;
    await rig.connect(await rig.start(0));
    await Promise.all([rig.start(1), rig.start(2)]);
    for (const replica of rig.replicas) await eventually(async () => ((await replica.api.get('/api/health/ready')).status === 200 ? true : undefined), 20_000);
  }, 60_000);
  afterEach(async () => {
    await Promise.all(searchers.splice(0).map((searcher) => searcher.stop().catch(() => undefined)));
    await rig?.close();
  });

  test('when the leader is killed (SIGKILL) mid full sync, then another replica leads within the TTL, records the sync failed (leader lost) and runs it again, and the others serve a complete snapshot throughout', async () => {
    const leader = await rig.leader();
    const others = rig.replicas.filter((replica) => replica !== leader);
    const expected = await searchTotal(others[0]!, SEARCH);
    const before = await headGeneration();
    rig.sim.simulator.control.setLatency(600);
    const cut = await startFullSync(leader);

    const searching = keepSearching(others);
    leader.service.child.kill('SIGKILL');
    const killed = performance.now();
    const next = await rig.leader(others);
    expect(performance.now() - killed).toBeLessThan(TEST_LEASE_TTL_MS);

    expect(await runOf(next, cut)).toMatchObject({ status: 'failed', error: 'leader lost', mode: 'full' });
    const again = await nextFinishedRun(next, cut);
    expect(again).toMatchObject({ status: 'succeeded', mode: 'full' });
    const after = await headGeneration();
    expect(after).not.toBe(before);
    for (const replica of others) await eventually(async () => ((await rig.health(replica)).replica.companies[realmId]?.generation === after ? true : undefined), 10_000, 50);
    const totals = await searching.stop();
    expect(totals.length).toBeGreaterThan(20);
    expect(new Set(totals)).toEqual(new Set([expected]));
  });

  test('when the leader is paused (SIGSTOP) past the TTL mid full sync, then another replica takes over; woken up, the old leader makes no QuickBooks or token call, says follower, and serves the new leader\'s snapshot', async () => {
    const { control } = rig.sim.simulator;
    const leader = await rig.leader();
    const others = rig.replicas.filter((replica) => replica !== leader);
    const expected = await searchTotal(others[0]!, SEARCH);
    control.setLatency(600);
    const cut = await startFullSync(leader);

    leader.service.child.kill('SIGSTOP');
    const searching = keepSearching(others);
    const next = await rig.leader(others);
    const again = await nextFinishedRun(next, cut);
    expect(again).toMatchObject({ status: 'succeeded', mode: 'full' });
    const generation = await headGeneration();
    control.setLatency(0);

    control.resetCounters();
    leader.service.child.kill('SIGCONT');
    const woke = performance.now();
    await eventually(async () => ((await rig.health(leader)).replica.companies[realmId]?.role === 'follower' ? true : undefined), TEST_LEASE_TTL_MS, 20);
    expect(performance.now() - woke).toBeLessThan(TEST_LEASE_TTL_MS);
    await sleep(TEST_LEASE_TTL_MS); // time for any late call or write the woken process might still make
    const counters = control.counters();
    expect(counters.requests).toEqual({});
    expect(counters.tokenGrants).toEqual({});
    // Its interrupted run stays failed (leader lost); the store's snapshot is the new leader's, and it serves it.
    expect(await runOf(next, cut)).toMatchObject({ status: 'failed', error: 'leader lost' });
    expect(await headGeneration()).toBe(generation);
    await eventually(async () => ((await rig.health(leader)).replica.companies[realmId]?.generation === generation ? true : undefined), 10_000, 50);
    expect(await searchTotal(leader, SEARCH)).toBe(expected);
    expect(await rig.leader()).toBe(next);
    // It learnt it no longer leads from its own lease, and stopped its sync as the lost leader's.
    expect(leader.service.output()).toMatch(/"role":"follower".*following the company/);
    expect(new Set(await searching.stop())).toEqual(new Set([expected]));
  });
});
