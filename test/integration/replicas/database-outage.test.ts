/**
 * Replicas that lose the database (README "Several replicas"): each keeps serving what it holds, says `degraded`
 * within 15 s, and recovers by itself within 30 s of the database returning, taking in what was committed meanwhile.
 * A leader that cannot renew its lease stops leading within the TTL and another replica takes the company over.
 */
import { describeIfPostgres, usePostgresDatabases } from '../../support/postgres';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { eventually } from '../sync/sync-rig';
import { refreshVia, searchTotal, startReplicaRig, TEST_LEASE_TTL_MS, type Replica, type ReplicaRig } from './replica-rig';

describeIfPostgres('replicas losing the database', () => {
  const databases = usePostgresDatabases();
  let rig: ReplicaRig;
  let realmId: string;
  const proxies: TcpProxy[] = [];
  const status = async (replica: Replica) => (await rig.health(replica)).status;
  const roleOf = async (replica: Replica) => (await rig.health(replica)).replica.companies[realmId]?.role;

  beforeAll(async () => {
    const url = await databases.create();
    const port = Number(new URL(url).port);
    proxies.push(await startTcpProxy(port), await startTcpProxy(port));
    const through = (proxy: TcpProxy) => Object.assign(new URL(url), { port: String(proxy.port) }).toString();
    rig = await startReplicaRig(url);
    realmId = rig.sim.simulator.realmId;
    await rig.connect(await rig.start(0, through(proxies[0]!)));
    await rig.start(1, through(proxies[1]!));
    await eventually(async () => ((await rig.replicas[1]!.api.get('/api/health/ready')).status === 200 ? true : undefined), 20_000);
  }, 60_000);
  afterAll(async () => {
    await rig?.close();
    await Promise.all(proxies.map((proxy) => proxy.close()));
  });

  test('when a follower loses the database, then it serves on, says degraded within 15 s, and within 30 s of its return is healthy and serves what the leader committed meanwhile', async () => {
    const [leader, follower] = rig.replicas as [Replica, Replica];
    expect(await rig.leader()).toBe(leader);
    await proxies[1]!.cut();
    const cut = performance.now();
    await eventually(async () => ((await status(follower)) === 'degraded' ? true : undefined), 15_000, 200);
    expect(performance.now() - cut).toBeLessThan(15_000);
    expect((await follower.api.get('/api/health/ready')).status).toBe(200);
    expect(await searchTotal(follower, '/api/search/client_names?q=a')).toBeGreaterThan(0);

    rig.sim.simulator.control.updateRecord('Customer', '3', { DisplayName: 'Outagewell Meanwhile' });
    expect((await refreshVia(leader)).status).toBe('succeeded');
    expect(await searchTotal(follower, '/api/search/client_names?q=outagewell')).toBe(0);

    await proxies[1]!.restore();
    const back = performance.now();
    await eventually(async () => ((await status(follower)) === 'healthy' && (await searchTotal(follower, '/api/search/client_names?q=outagewell')) === 1 ? true : undefined), 30_000, 200);
    expect(performance.now() - back).toBeLessThan(30_000);
  });

  test('when the leader loses the database, then within the TTL it stops leading and the other replica leads and syncs; back, it follows and is healthy', async () => {
    const [leader, follower] = rig.replicas as [Replica, Replica];
    expect(await rig.leader()).toBe(leader);
    await proxies[0]!.cut();
    const cut = performance.now();
    await eventually(async () => ((await roleOf(leader)) === 'follower' && (await roleOf(follower)) === 'leader' ? true : undefined), 2 * TEST_LEASE_TTL_MS, 50);
    expect(performance.now() - cut).toBeLessThan(TEST_LEASE_TTL_MS);
    expect(await searchTotal(leader, '/api/search/client_names?q=a')).toBeGreaterThan(0);

    rig.sim.simulator.control.updateRecord('Customer', '4', { DisplayName: 'Takeoverton Newleader' });
    expect((await refreshVia(follower)).status).toBe('succeeded');

    await proxies[0]!.restore();
    await eventually(async () => ((await status(leader)) === 'healthy' && (await searchTotal(leader, '/api/search/client_names?q=takeoverton')) === 1 ? true : undefined), 30_000, 200);
    expect(await rig.leader()).toBe(follower);
    // Its own waits (2 TTLs for the takeover, a sync, up to 30 s for the recovery after the database returns) exceed jest's 30 s default.
  }, 60_000);
});
