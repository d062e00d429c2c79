/**
 * Three replicas on one PostgreSQL (README "Several replicas"): one of them pulls the company, all of them serve it.
 * Followers take in the leader's commits (notification, or the poll when one was lost), and hand the refreshes and
 * webhooks they receive to the leader.
 */
import { describeIfPostgres, usePostgresDatabases } from '../../support/postgres';
import { eventually, sleep } from '../sync/sync-rig';
import { refreshVia, searchTotal, startReplicaRig, TEST_LEASE_TTL_MS, type Replica, type ReplicaRig } from './replica-rig';

const SIZES = { customers: 2500, vendors: 20, items: 40, invoices: 1200 };
/** A full sync's queries, as one process makes them: a COUNT per entity, then ⌈n/1000⌉ pages each (3 + 1 + 1 + 2). */
const FULL_SYNC_QUERIES = 4 + 7;

describeIfPostgres('three replicas on one PostgreSQL: one puller, every replica serving', () => {
  const databases = usePostgresDatabases();
  let rig: ReplicaRig;
  let realmId: string;
  const generationOf = async (replica: Replica) => (await rig.health(replica)).replica.companies[realmId]?.generation ?? null;
  const headGeneration = async () => Number((await rig.sql<{ generation: string }>('SELECT generation FROM snapshots'))[0]?.generation);

  beforeAll(async () => {
    rig = await startReplicaRig(await databases.create(), { sizes: SIZES });
    realmId = rig.sim.simulator.realmId;
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
  });

  test('when a company is connected through one replica, then one full sync pulls it (⌈n/1000⌉ pages per entity in all) and two replicas started later are ready from the database (its snapshot and shared search images) without any QuickBooks or token call', async () => {
    const { control } = rig.sim.simulator;
    const first = await rig.start(0);
    control.resetCounters();
    await rig.connect(first);
    expect(rig.calls('query')).toBe(FULL_SYNC_QUERIES);

    // The leader's search images reach the database once written (after its swap): new replicas import them.
    await eventually(async () => (Number((await rig.sql<{ n: string }>('SELECT count(*) AS n FROM search_images'))[0]?.n) === 6 ? true : undefined), 20_000, 100);
    control.resetCounters();
    const [second, third] = await Promise.all([rig.start(1), rig.start(2)]);
    for (const replica of [second, third]) await eventually(async () => ((await replica.api.get('/api/health/ready')).status === 200 ? true : undefined), 20_000);
    const counters = control.counters();
    expect(counters.requests).toEqual({});
    expect(counters.tokenGrants).toEqual({});
    // Their DATA_DIRs were empty: every index came from the images the leader shared through the database.
    for (const replica of [second, third]) expect(replica.service.output()).toMatch(/"indexes_built":\[\].*"msg":"cache loaded from the store"/);

    const leader = await rig.leader();
    expect(leader.index).toBe(0);
    const generation = await headGeneration();
    for (const replica of rig.replicas) {
      expect((await rig.health(replica)).replica.companies[realmId]).toEqual({ role: replica === leader ? 'leader' : 'follower', generation });
      expect(await searchTotal(replica, '/api/search/client_names?q=a&limit=1')).toBe(await searchTotal(leader, '/api/search/client_names?q=a&limit=1'));
    }
    const companies = (await second.api.get('/api/companies')).body as { companies: { realm_id: string; role: string; generation: number }[] };
    expect(companies.companies).toEqual([expect.objectContaining({ realm_id: realmId, role: 'follower', generation })]);
  });

  test('when a follower is asked for a refresh, then the leader runs it (one CDC call), the follower answers with its run, and every replica serves the change within 5 s', async () => {
    const { control } = rig.sim.simulator;
    const follower = rig.replicas[1]!;
    control.updateRecord('Customer', '7', { DisplayName: 'Quillfeather Follower Test' });
    control.resetCounters();
    const run = await refreshVia(follower);
    const committed = performance.now();
    expect(run).toMatchObject({ status: 'succeeded', mode: 'incremental' });
    expect(rig.calls('cdc')).toBe(1);
    expect(rig.calls('query')).toBe(0);
    // The run is the leader's, and every replica's history says the same of it.
    for (const replica of rig.replicas) expect((await replica.api.get(`/api/sync/${run.id}`)).body).toMatchObject({ id: run.id, status: 'succeeded' });
    for (const replica of rig.replicas) {
      await eventually(async () => ((await searchTotal(replica, '/api/search/client_names?q=quillfeather')) === 1 ? true : undefined), 5_000, 50);
    }
    expect(performance.now() - committed).toBeLessThan(5_000);
    // In place: a delta does not change the generation any replica serves.
    const generation = await headGeneration();
    for (const replica of rig.replicas) expect(await generationOf(replica)).toBe(generation);
  });

  test('when a follower is asked to verify, then the leader asks QuickBooks (a COUNT per entity, once) and the follower answers with its report', async () => {
    const { control } = rig.sim.simulator;
    control.resetCounters();
    const res = await rig.replicas[2]!.api.get('/api/cache/verify');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, entities: { customers: { cached: SIZES.customers, remote: SIZES.customers, ok: true } } });
    expect(rig.calls('query')).toBe(4);
  });

  test('when a webhook reaches a follower, then the leader syncs once and every replica serves the change', async () => {
    const { control } = rig.sim.simulator;
    control.updateRecord('Customer', '8', { DisplayName: 'Webhookia Relayed' });
    control.resetCounters();
    expect(await rig.webhook(rig.replicas[2]!, '8')).toBe(200);
    for (const replica of rig.replicas) {
      await eventually(async () => ((await searchTotal(replica, '/api/search/client_names?q=webhookia')) === 1 ? true : undefined), 10_000, 50);
    }
    await sleep(500);
    expect(rig.calls('cdc')).toBe(1);
  });

  test('when the webhooks of one burst reach every replica within the debounce window, then the leader syncs once for all of them', async () => {
    const { control } = rig.sim.simulator;
    const leader = await rig.leader();
    const followers = rig.replicas.filter((replica) => replica !== leader);
    const names = { '9': 'Burstwick Leader', '10': 'Burstwick Follower', '11': 'Burstwick Other' };
    for (const [id, name] of Object.entries(names)) control.updateRecord('Customer', id, { DisplayName: name });
    control.resetCounters();
    // The leader first: before, its own debounce fired 2 s later, and each follower's (2 s after its own delivery)
    // handed over a second sync; now a follower hands its events over at once and they join the leader's window.
    const to = [leader, ...followers];
    for (const [k, id] of ['9', '10', '11'].entries()) {
      expect(await rig.webhook(to[k]!, id)).toBe(200);
      await sleep(300);
    }
    for (const replica of rig.replicas) {
      await eventually(async () => ((await searchTotal(replica, '/api/search/client_names?q=burstwick')) === 3 ? true : undefined), 15_000, 50);
    }
    await sleep(3_000); // past another debounce window: a second sync would have started by now
    expect(rig.calls('cdc')).toBe(1);
  });

  test('when the notification connections are cut and the leader commits three full syncs, then the followers still serve the last one within 5 s (polling), and the listeners come back', async () => {
    const listeners = async () =>
      Number((await rig.sql<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'qbo-cache listener' AND datname = current_database()"))[0]?.n);
    expect(await listeners()).toBe(3);
    await rig.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'qbo-cache listener' AND datname = current_database()");
    const leader = await rig.leader();
    for (let k = 0; k < 3; k++) expect(await refreshVia(leader, '?mode=full')).toMatchObject({ status: 'succeeded', mode: 'full' });
    const committed = performance.now();
    const generation = await headGeneration();
    for (const replica of rig.replicas) {
      await eventually(async () => ((await generationOf(replica)) === generation ? true : undefined), 5_000, 50);
    }
    expect(performance.now() - committed).toBeLessThan(5_000);
    for (const replica of rig.replicas) expect(await searchTotal(replica, '/api/search/client_names?q=quillfeather')).toBe(1);
    await eventually(async () => ((await listeners()) === 3 ? true : undefined), 10_000, 200);
  });

  test('when the leader runs a full sync, then searches on the followers answer 200 with the complete total throughout', async () => {
    const leader = await rig.leader();
    const followers = rig.replicas.filter((replica) => replica !== leader);
    const expected = await searchTotal(followers[0]!, '/api/search/client_names?q=a&limit=1');
    const generation = await headGeneration();
    let done = false;
    const sync = refreshVia(leader, '?mode=full').finally(() => (done = true));
    const totals: number[] = [];
    while (!done || (await Promise.all(followers.map(generationOf))).some((each) => each === generation)) {
      for (const follower of followers) totals.push(await searchTotal(follower, '/api/search/client_names?q=a&limit=1'));
      await sleep(20);
    }
    expect((await sync).status).toBe('succeeded');
    expect(totals.length).toBeGreaterThan(10);
    expect(new Set(totals)).toEqual(new Set([expected]));
  });

  test('when the leader stops (SIGTERM, a rolling deploy), then it exits 0 having given its lease up, and another replica leads at its next renewal, without waiting out the TTL', async () => {
    const leader = await rig.leader();
    const others = rig.replicas.filter((replica) => replica !== leader);
    expect(await leader.service.stop('SIGTERM')).toBe(0);
    const exited = performance.now();
    await rig.leader(others, 10_000);
    // Replicas ask every sixth of the TTL, and the lease was free at the next ask (unreleased, it could have lasted two
    // thirds of the TTL from the leader's last renewal).
    expect(performance.now() - exited).toBeLessThan(TEST_LEASE_TTL_MS / 6 + 700);
  });
});
