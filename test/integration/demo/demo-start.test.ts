import { freePort, spawnService, waitForOk } from '../../support/child-service';
import { tempDataDir } from '../../support/harness';

interface HealthBody {
  status: string;
  mode: string;
  authenticated: boolean;
  version: string;
}

describe('demo mode start', () => {
  test('when main runs with an empty environment, then /api/health says demo and authenticated, and SIGTERM exits 0', async () => {
    const data = tempDataDir();
    const port = await freePort();
    // Empty environment apart from where to listen and where to keep data: no QuickBooks credentials at all.
    const service = spawnService({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: data.dir, DEMO_CUSTOMERS: '50', DEMO_INVOICES: '100' }, data.dir);
    try {
      await waitForOk(`http://127.0.0.1:${port}/api/health`);
      let body: HealthBody | undefined;
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        body = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as HealthBody;
        if (body.authenticated) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(body).toMatchObject({ mode: 'demo', authenticated: true });
      expect(service.output()).toMatch(/"mode":"demo"/);
      const started = Date.now();
      const code = await service.stop('SIGTERM');
      expect([code, code === 0 ? '' : service.output().split('\n').slice(-40).map((line) => line.slice(0, 200)).join('\n')]).toEqual([0, '']);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await service.stop('SIGKILL');
      data.remove();
    }
  });

  test('when an environment variable is invalid, then the process stops with one line naming it', async () => {
    const data = tempDataDir();
    const service = spawnService({ PORT: 'eighty', DATA_DIR: data.dir }, data.dir);
    try {
      await expect(service.exited).resolves.toBe(78);
      expect(service.output().trim()).toBe('Invalid configuration: PORT must be a whole number');
    } finally {
      data.remove();
    }
  });

  test('when live mode lacks its secrets, then the process stops naming them', async () => {
    const data = tempDataDir();
    const service = spawnService({ QUICKBOOKS_CLIENT_ID: 'abc', QUICKBOOKS_CLIENT_SECRET: 'def', DATA_DIR: data.dir }, data.dir);
    try {
      await expect(service.exited).resolves.toBe(78);
      expect(service.output().trim()).toBe('Invalid configuration: SECRET_KEY, ADMIN_API_KEY are required in live mode');
    } finally {
      data.remove();
    }
  });
});
