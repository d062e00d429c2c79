import { spawn } from 'node:child_process';
import net from 'node:net';
import { loadConfig } from '../../../src/config';
import { startDemoQuickBooks, type DemoQuickBooks } from '../../../src/demo';
import { startSimulatorThread } from '../../../src/demo/run-simulator-thread';
import { captureLogs } from '../../support/log-capture';

/** How long the test holds this (the serving) thread. Long enough for dozens of loopback requests on a busy machine. */
const BLOCK_MS = 800;

/**
 * A client in another process: it asks `url` one request after another and records when each was sent and when its
 * answer had arrived (Date.now(): one system clock for both processes), until the test asks for them.
 */
const CLIENT = `
const url = process.argv[1];
const answers = [];
let stopped = false;
process.on('message', () => { stopped = true; });
setTimeout(() => { stopped = true; }, 20000).unref();
(async () => {
  await (await fetch(url)).arrayBuffer();
  process.send('ready');
  while (!stopped) {
    const sent = Date.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    answers.push({ sent, received: Date.now(), status: response.status });
  }
  process.send(answers, () => process.disconnect());
})();
`;

interface Answer {
  readonly sent: number;
  readonly received: number;
  readonly status: number;
}

const demoConfig = () =>
  loadConfig({
    APP_MODE: 'demo',
    LOG_LEVEL: 'debug',
    DEMO_CUSTOMERS: '20',
    DEMO_VENDORS: '5',
    DEMO_ITEMS: '10',
    DEMO_INVOICES: '20',
    DEMO_ESTIMATES: '5',
    DEMO_PURCHASE_ORDERS: '5',
    DEMO_BILLS: '5',
  });

describe("demo mode's QuickBooks simulator in its own thread", () => {
  let demo: DemoQuickBooks | undefined;
  afterEach(async () => {
    await demo?.stop();
    demo = undefined;
  });

  test('when the serving thread is blocked, then the simulator still answers requests, and its log lines reach the service log', async () => {
    const logs = captureLogs('debug');
    demo = await startDemoQuickBooks(demoConfig(), logs.logger.child({ component: 'simulator' }));
    const { quickbooks } = demo.config;
    expect(quickbooks.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(quickbooks).toMatchObject({
      clientId: 'sim-client-id',
      authorizeUrl: `${quickbooks.apiBaseUrl}/connect/oauth2`,
      tokenUrl: `${quickbooks.apiBaseUrl}/oauth2/v1/tokens/bearer`,
      revokeUrl: `${quickbooks.apiBaseUrl}/v2/oauth2/tokens/revoke`,
      bootstrap: undefined,
    });
    const url = `${quickbooks.apiBaseUrl}/v3/company/9341453050000000/query`;

    const client = spawn(process.execPath, ['-e', CLIENT, url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const answered = new Promise<Answer[]>((resolve, reject) => {
      client.on('message', (message) => Array.isArray(message) && resolve(message as Answer[]));
      client.once('exit', (code) => reject(new Error(`the client exited (code ${code}) without its answers`)));
    });
    await new Promise<void>((resolve) => client.once('message', () => resolve()));

    // The serving thread (this one) does nothing at all for BLOCK_MS: Atomics.wait sleeps it with no event loop
    // turn, and without taking a core from the client or the simulator. A simulator on this thread (demo mode before
    // it had its own) answers no request sent in that time until the block ends: its handlers wait for this event
    // loop, so `duringBlock` is empty and the test fails. A simulator in its own thread answers them all along.
    const blockStart = Date.now();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, BLOCK_MS);
    const blockEnd = Date.now();
    client.send('stop');
    const answers = await answered;

    const duringBlock = answers.filter((answer) => answer.sent > blockStart && answer.received < blockEnd);
    expect(duringBlock.length).toBeGreaterThan(0);
    // Answered by the simulator itself: its API's 401 for a request without an access token.
    expect(new Set(duringBlock.map((answer) => answer.status))).toEqual(new Set([401]));

    // The thread's log lines, logged again on the serving thread's logger with its bindings and their own level.
    const lines = logs.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', component: 'simulator', msg: 'QuickBooks simulator listening' }));
    expect(lines).toContainEqual(expect.objectContaining({ level: 'debug', component: 'simulator', msg: 'simulator request', status: 401 }));
  });

  test('when stopped, then the simulator no longer accepts connections', async () => {
    const started = await startDemoQuickBooks(demoConfig(), captureLogs('info').logger);
    const { port } = new URL(started.config.quickbooks.apiBaseUrl);
    await started.stop();
    await expect(connect(Number(port))).rejects.toThrow(/ECONNREFUSED/);
  });

  test('when the simulator cannot listen, then starting it rejects naming the cause', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    const { seed, ...sizes } = demoConfig().demo;
    try {
      const start = startSimulatorThread(
        { seed, sizes, moreCompanies: [], redirectUris: [], host: '127.0.0.1', port, logLevel: 'info' },
        captureLogs('info').logger,
      );
      await expect(start).rejects.toThrow(/did not start: .*EADDRINUSE/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
