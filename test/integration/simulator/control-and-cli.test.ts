import { spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { createSimulator, SIM_FIXTURES } from '../../../src/simulator';

describe('simulator control over HTTP', () => {
  it('when controlOverHttp is off (the default), then /__control answers 404 and nothing changes', async () => {
    const simulator = createSimulator({ sizes: { customers: 20, vendors: 5, items: 10, invoices: 5 } });
    await request(simulator.app).get('/__control/counters').expect(404);
    await request(simulator.app).delete(`/__control/records/invoice/${SIM_FIXTURES.invoices.acmeCrew.id}`).expect(404);
    expect(simulator.control.getRecord('Invoice', SIM_FIXTURES.invoices.acmeCrew.id)).toBeDefined();
  });

  it('when controlOverHttp is on, then records, faults, tokens, latency and counters can be driven over HTTP', async () => {
    const simulator = createSimulator({ sizes: { customers: 20, vendors: 5, items: 10, invoices: 5 }, controlOverHttp: true });
    const app = simulator.app;
    const created = await request(app).post('/__control/records/customer').send({ DisplayName: 'Zoë & Co' }).expect(201);
    expect(created.body).toMatchObject({ DisplayName: 'Zoë & Co', FullyQualifiedName: 'Zoë & Co', Active: true, Job: false, SyncToken: '0', domain: 'QBO', sparse: false });
    const job = await request(app).post('/__control/records/Customer').send({ DisplayName: 'Roof', ParentRef: { value: created.body.Id } }).expect(201);
    expect(job.body).toMatchObject({ FullyQualifiedName: 'Zoë & Co:Roof', Job: true, Level: 1 });
    const patched = await request(app).patch(`/__control/records/customer/${created.body.Id}`).send({ PrimaryEmailAddr: { Address: 'zoe@example.com' } }).expect(200);
    expect(patched.body).toMatchObject({ SyncToken: '1', PrimaryEmailAddr: { Address: 'zoe@example.com' } });
    await request(app).post(`/__control/records/customer/${created.body.Id}/deactivate`).expect(200, /"Active":false/);
    await request(app).delete(`/__control/records/invoice/${SIM_FIXTURES.invoices.acmeCrew.id}`).expect(204);
    await request(app).get(`/__control/records/invoice/${SIM_FIXTURES.invoices.acmeCrew.id}`).expect(404);
    await request(app).get('/__control/records/spaceship/1').expect(404);
    await request(app).patch('/__control/records/customer/999999').send({ Notes: 'x' }).expect(400);
    await request(app).post('/__control/records/customer').send('not json').set('Content-Type', 'application/json').expect(400);

    await request(app).post('/__control/faults').send({ kind: 'status', status: 503, pathRegex: '^/v3/company/[^/]+/query', times: 2 }).expect(201, { remaining: 2 });
    await request(app).post('/__control/faults').send({ kind: 'teapot' }).expect(400);
    await request(app).get(`/v3/company/${simulator.realmId}/query?query=select%20*%20from%20customer`).expect(503);
    await request(app).delete('/__control/faults').expect(204);
    await request(app).get(`/v3/company/${simulator.realmId}/query?query=select%20*%20from%20customer`).expect(401);

    await request(app).post('/__control/authorizations/deny').send({ count: 1 }).expect(204);
    await request(app).post('/__control/tokens/expire').send({}).expect(200, { expired: 0 });
    await request(app).post('/__control/tokens/revoke-refresh').send({}).expect(200, { revoked: 0 });
    await request(app).put('/__control/latency').send({ ms: 0 }).expect(204);
    const counters = await request(app).get('/__control/counters').expect(200);
    expect(counters.body.requests.query).toEqual({ 401: 1, 503: 1 });
    await request(app).post('/__control/counters/reset').expect(204);
    expect((await request(app).get('/__control/counters')).body.requests).toEqual({ control: { 204: 1 } }); // the reset call itself finishes after the reset
  });
});

describe('simulator CLI', () => {
  it('when started with flags, then it prints the env lines for a live-mode qbo-cache and stops cleanly on SIGTERM', async () => {
    // node itself with tsx's loader, not the tsx binary: that binary runs the script in a second process and relays
    // signals to it, so the exit code seen here was the relay's (143 once, on a loaded machine), not the simulator's.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulator/cli.ts', '--port', '0', '--customers', '50', '--invoices', '20', '--control'], {
      cwd: path.join(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no env lines printed: ${out}`)), 20_000);
      child.stdout.on('data', () => { if (out.includes('ADMIN_API_KEY')) { clearTimeout(timer); resolve(); } });
      child.once('exit', () => { clearTimeout(timer); reject(new Error(`exited early: ${out}`)); });
    });
    const url = /QUICKBOOKS_API_BASE_URL=(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(out).toContain('APP_MODE=live');
    expect(out).toContain('QUICKBOOKS_CLIENT_ID=sim-client-id');
    expect(out).toContain(`QUICKBOOKS_AUTHORIZE_URL=${url}/connect/oauth2`);
    expect(out).toContain(`QUICKBOOKS_TOKEN_URL=${url}/oauth2/v1/tokens/bearer`);
    expect(out).toContain(`QUICKBOOKS_REVOKE_URL=${url}/v2/oauth2/tokens/revoke`);
    expect((await fetch(`${url}/__control/counters`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
