/**
 * Several replicas on one PostgreSQL share one token lineage (README, "The store"): QuickBooks rotates the refresh
 * token on a refresh, so replicas that each refreshed would take the token away from each other. Three replicas run
 * as child processes against the simulator; the simulator counts every grant and every superseded refresh token.
 */
import type { SyncRunView } from '../../../src/sync';
import { freePort, spawnService, waitForOk, type ChildService } from '../../support/child-service';
import { authorizeInBrowser, startSimulator, tempDataDir, type SimulatorHandle } from '../../support/harness';
import { describeIfPostgres, usePostgresDatabases } from '../../support/postgres';
import { apiAt, eventually, SYNC_TEST_ENV, type Api } from '../sync/sync-rig';

interface Replica {
  readonly api: Api;
  readonly service: ChildService;
}

describeIfPostgres('three replicas on one PostgreSQL: one token lineage', () => {
  const databases = usePostgresDatabases();
  let sim: SimulatorHandle;
  const replicas: Replica[] = [];
  const dirs = [tempDataDir(), tempDataDir(), tempDataDir()];

  const startReplica = async (url: string, index: number): Promise<Replica> => {
    const port = await freePort();
    const dir = dirs[index]!.dir;
    const service = spawnService({ ...sim.env, ...SYNC_TEST_ENV, DATABASE_URL: url, DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1' }, dir);
    const api = apiAt(`http://127.0.0.1:${port}`);
    await waitForOk(`${api.url}/api/health`, 20_000).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${service.output()}`);
    });
    return { api, service };
  };

  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.service.stop()));
    await sim.close();
    for (const dir of dirs) dir.remove();
  });

  const grants = () => sim.simulator.control.counters().tokenGrants;
  const superseded = () => sim.simulator.control.counters().supersededRefreshTokens;

  test('when the access token expires and every replica calls QuickBooks at once, then exactly one refreshes and all keep working; a forced refresh on all of them is one refresh too', async () => {
    const url = await databases.create();
    replicas.push(await startReplica(url, 0));
    const [first] = replicas;
    const connect = await first!.api.post('/api/auth/connect');
    expect((await first!.api.get(`/callback${await authorizeInBrowser(connect.body.authorize_url as string)}`)).status).toBe(302);
    const connected = await eventually(async () => ((await first!.api.get('/api/health/ready')).status === 200 ? true : undefined), 20_000);
    expect(connected).toBe(true);
    replicas.push(await startReplica(url, 1), await startReplica(url, 2));
    for (const replica of replicas) await waitForOk(`${replica.api.url}/api/health/ready`, 20_000);

    const { control } = sim.simulator;
    control.resetCounters();
    expect(control.expireAccessTokens()).toBeGreaterThan(0);
    // Each replica's incremental sync meets a 401 and asks for a refresh: one of them refreshes, the others wait for
    // its lock, find the rotated tokens stored, and use them.
    const runs = await Promise.all(replicas.map(async ({ api }) => (await api.post('/api/cache/refresh')).body.sync as SyncRunView));
    expect(runs.map((run) => run.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(grants()).toEqual({ refresh_token: 1 });
    expect(superseded()).toBe(0);
    // Forced refreshes are not the leader's alone: any replica may be asked, and the token row's lock makes them one.
    expect(superseded()).toBe(0);

    // Forced refreshes asked of every replica at once: one refresh, the others take its result.
    control.resetCounters();
    const forced = await Promise.all(replicas.map(({ api }) => api.post('/api/auth/refresh')));
    expect(forced.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(grants()).toEqual({ refresh_token: 1 });
    expect(superseded()).toBe(0);

    // And every replica keeps working with the newest tokens, with no refresh more. The followers' refreshes are run
    // by the leader (joining its run when it is still running): one CDC call per run, whoever was asked.
    control.resetCounters();
    const after = await Promise.all(replicas.map(async ({ api }) => (await api.post('/api/cache/refresh')).body.sync as SyncRunView));
    expect(after.map((run) => run.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(grants()).toEqual({});
    expect(control.counters().requests.cdc).toEqual({ '200': new Set(after.map((run) => run.id)).size });
  });
});
