/**
 * A database that cannot be reached at start does not stop the process (README, The store): the port answers the
 * health routes (unhealthy, not ready) while the open is retried, and the service starts by itself once the database
 * answers. A stop meanwhile is a clean exit.
 */
import { freePort, spawnService, waitForOk, type ChildService } from '../../support/child-service';
import { SECRET_KEY, tempDataDir } from '../../support/harness';
import { describeIfPostgres, usePostgresDatabases } from '../../support/postgres';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { eventually } from '../sync/sync-rig';

const DEMO_SIZES = { DEMO_CUSTOMERS: '40', DEMO_VENDORS: '10', DEMO_ITEMS: '40', DEMO_INVOICES: '60', DEMO_ESTIMATES: '0', DEMO_PURCHASE_ORDERS: '0', DEMO_BILLS: '0' };

describeIfPostgres('the service started while its database is down', () => {
  const databases = usePostgresDatabases();
  const data = tempDataDir();
  let proxy: TcpProxy;
  let service: ChildService | undefined;

  afterAll(async () => {
    await service?.stop('SIGKILL');
    await proxy?.close();
    data.remove();
  });

  const start = async (url: string) => {
    const port = await freePort();
    service = spawnService({ ...DEMO_SIZES, SECRET_KEY, DATABASE_URL: url, DATA_DIR: data.dir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' }, data.dir);
    return `http://127.0.0.1:${port}`;
  };

  test('when the database is unreachable at start, then health says unhealthy and not ready, and the service starts by itself once it answers', async () => {
    const direct = new URL(await databases.create());
    proxy = await startTcpProxy(Number(direct.port));
    await proxy.cut();
    const base = await start(Object.assign(new URL(direct.toString()), { port: String(proxy.port) }).toString());

    const health = await waitForOk(`${base}/api/health`, 20_000);
    const body = (await health.json()) as { status: string; reasons: string[] };
    expect(body.status).toBe('unhealthy');
    expect(body.reasons[0]).toMatch(/^the store's database cannot be reached/);
    expect(body.reasons[0]).not.toContain(direct.password || 'never-a-password');
    expect((await fetch(`${base}/api/health/ready`)).status).toBe(503);
    const search = await fetch(`${base}/api/search/client_names?q=ac`);
    expect(search.status).toBe(503);
    expect(search.headers.get('retry-after')).toBe('5');
    expect(await search.json()).toMatchObject({ error: 'store_unavailable' });

    await proxy.restore();
    // Retried with backoff (1 s, 2 s, 4 s …): within a few seconds of the database's return the demo company serves.
    await waitForOk(`${base}/api/health/ready`, 30_000);
    const results = (await (await fetch(`${base}/api/search/client_names?q=ac`)).json()) as { results: { name: string }[] };
    expect(results.results.length).toBeGreaterThan(0);
    await expect(service!.stop()).resolves.toBe(0);
  });

  test('when the process is stopped while it waits for the database, then it exits 0 at once', async () => {
    await proxy.cut();
    const base = await start(`postgres://postgres@127.0.0.1:${proxy.port}/nothing_there`);
    await waitForOk(`${base}/api/health`, 20_000);
    const started = Date.now();
    await expect(service!.stop('SIGTERM')).resolves.toBe(0);
    expect(Date.now() - started).toBeLessThan(3_000);
    await eventually(() => (service!.child.exitCode !== null ? true : undefined), 1_000);
  });
});
