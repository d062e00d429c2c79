import { execFile } from 'node:child_process';
import path from 'node:path';
import { freePort, ROOT, spawnService, waitForOk, type ChildService } from '../../support/child-service';
import { ADMIN_KEY, tempDataDir } from '../../support/harness';

const CLI = path.join(ROOT, 'dist/cli/main.js');
const DEMO_SIZES = { DEMO_CUSTOMERS: '40', DEMO_VENDORS: '10', DEMO_ITEMS: '40', DEMO_INVOICES: '60', DEMO_ESTIMATES: '0', DEMO_PURCHASE_ORDERS: '0', DEMO_BILLS: '0' };

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with exactly the given environment (no ADMIN_API_KEY or QBO_CACHE_URL leaks in). */
function cli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function startDemo(extraEnv: Record<string, string> = {}): Promise<{ url: string; service: ChildService; remove: () => void }> {
  const data = tempDataDir();
  const port = await freePort();
  const service = spawnService({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: data.dir, ...DEMO_SIZES, ...extraEnv }, data.dir);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForOk(`${url}/api/health/ready`);
  } catch (err) {
    await service.stop('SIGKILL');
    data.remove();
    throw new Error(`${String(err)}\n${service.output()}`);
  }
  return { url, service, remove: data.remove };
}

describe('operator CLI against a running demo server', () => {
  let server: Awaited<ReturnType<typeof startDemo>>;

  beforeAll(async () => {
    server = await startDemo();
  });

  afterAll(async () => {
    await server?.service.stop('SIGKILL');
    server?.remove();
  });

  test('status shows health, connection, company, counts, last sync and next refresh', async () => {
    const run = await cli(['status', '--url', server.url]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Health:\s+\w+/m);
    expect(run.stdout).toMatch(/^Connection:\s+connected/m);
    expect(run.stdout).toMatch(/^Company:\s+\S+/m);
    expect(run.stdout).toMatch(/^Counts:\s+40 customers, 10 vendors, 40 items, 60 invoices/m);
    expect(run.stdout).toMatch(/^Last sync:\s+succeeded/m);
    expect(run.stdout).toMatch(/^Next refresh:/m);
  });

  test('companies lists both demo companies; --company points status, search and refresh at the second one', async () => {
    // Ready means the first company serves; the second one's first sync may still be running.
    for (let tries = 0; tries < 100; tries++) {
      const body = (await (await fetch(`${server.url}/api/companies`)).json()) as { companies: { state: string; company_name: string | null }[] };
      if (body.companies.length === 2 && body.companies.every((company) => company.state === 'ready' && company.company_name !== null)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const list = await cli(['companies', '--url', server.url]);
    expect(list).toMatchObject({ code: 0, stderr: '' });
    expect(list.stdout).toMatch(/^9341453050000000 {2}"Craig's Design and Landscaping Services" {2}connected, ready, healthy$/m);
    expect(list.stdout).toMatch(/^4620816365000002 {2}"Simulated Company 2" {2}connected, ready, healthy$/m);
    const second = ['--url', server.url, '--company', '4620816365000002'];
    const status = await cli(['status', ...second]);
    expect(status.stdout).toMatch(/^Company:\s+4620816365000002$/m);
    expect(status.stdout).toMatch(/^Counts:\s+\d+ customers/m);
    expect(status.stdout).not.toMatch(/^Counts:\s+40 customers/m); // the first company has 40, the second a quarter (fixtures included)
    const search = await cli(['search', 'client_names', 'ac', '--json', ...second]);
    expect(search.code).toBe(0);
    const refresh = await cli(['refresh', ...second]);
    expect(refresh.code).toBe(0);
    const unknown = await cli(['status', '--url', server.url, '--company', '5550000000000001']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown_company|No connected company/);
    expect((await cli(['status', '--company', 'acme'])).code).toBe(2);
  });

  test('status --json prints the health and cache bodies, with the URL from QBO_CACHE_URL', async () => {
    const run = await cli(['status', '--json'], { QBO_CACHE_URL: server.url });
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { health: { mode: string }; cache: { customers_count: number } };
    expect(body).toMatchObject({ health: { mode: 'demo' }, cache: { customers_count: 40 } });
  });

  test('refresh follows the sync with plain progress lines when stdout is not a TTY, and exits 0', async () => {
    const run = await cli(['refresh', '--url', server.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Started a sync \S+/m);
    expect(run.stdout).toMatch(/^sync \S+ (running|succeeded): \d+% \(/m);
    expect(run.stdout).not.toContain('\r');
    expect(run.stdout).toMatch(/^Sync succeeded, incremental/m);
  });

  test('refresh --full runs a full sync', async () => {
    const run = await cli(['refresh', '--full', '--url', server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Started a full sync/m);
    expect(run.stdout).toMatch(/^Sync succeeded, full, 150 records/m);
  });

  test('verify prints the per-entity table and exits 0 when the cache matches', async () => {
    const run = await cli(['verify', '--url', server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^entity\s+cached\s+remote\s+ok$/m);
    expect(run.stdout).toMatch(/^customers\s+40\s+40\s+ok$/m);
    expect(run.stdout).toMatch(/^invoices\s+60\s+60\s+ok$/m);
    expect(run.stdout).toMatch(/^OK: the cache matches QuickBooks/m);
  });

  test('search prints the ranked results with Acme Supply Co first', async () => {
    const run = await cli(['search', 'client_names', 'acme', '--url', server.url]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/results? in client_names for "acme"/);
    expect(lines[1]).toMatch(/^\s+1\. Acme Supply Co \s*\[customer 2\]/);
    expect(run.stdout).toMatch(/\(inactive\)/);
  });

  test('search all prints a block per index that has results, in available_indexes order', async () => {
    const run = await cli(['search', 'all', 'acme', '--limit', '2', '--url', server.url]);
    expect(run.code).toBe(0);
    const headings = run.stdout.split('\n').filter((line) => /results? in \w+ for "acme"/.test(line));
    expect(headings[0]).toMatch(/in client_names for/);
    expect(headings.some((line) => /in invoice_numbers for/.test(line))).toBe(true);
  });

  test('connect prints the authorize URL to open', async () => {
    const run = await cli(['connect', '--url', server.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\s+https?:\/\/\S+state=\S+/m);
  });

  test('a URL where nothing listens says the server is not running there', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await cli(['status', '--url', url]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`The server is not running at ${url}`);
  });

  test('an unknown command prints the usage and exits 2', async () => {
    const run = await cli(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Unknown command "frobnicate"[\s\S]*Usage:/);
  });
});

describe('operator CLI against a server with ADMIN_API_KEY', () => {
  let server: Awaited<ReturnType<typeof startDemo>>;

  beforeAll(async () => {
    server = await startDemo({ ADMIN_API_KEY: ADMIN_KEY });
  });

  afterAll(async () => {
    await server?.service.stop('SIGKILL');
    server?.remove();
  });

  test('a wrong key is a 401 message telling to pass --key, with a non-zero exit code', async () => {
    const run = await cli(['verify', '--url', server.url, '--key', 'wrong-key-wrong-key']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/Unauthorized \(401\).*--key/);
  });

  test('the key from ADMIN_API_KEY is sent', async () => {
    const run = await cli(['verify', '--url', server.url], { ADMIN_API_KEY: ADMIN_KEY });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^OK:/m);
  });
});
