import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createRealmLimiter, type AccessTokenSource, type QboCallEvent } from '../../../src/qbo';
import { openSqliteStore, type Store } from '../../../src/store';
import { ENTITY_NAMES } from '../../../src/qbo';
import type { GenerationTarget, StoreLocation } from '../../../src/store';
import { startDataWorker, type DataWorkerDeps, type PullProgress } from '../../../src/sync';
import { captureLogs } from '../../support/log-capture';
import { tempDataDir } from '../../support/harness';

const REALM = '9130350000000001';

/**
 * A full sync's data thread on its own, against endpoints that fail: what crosses between the threads (token requests,
 * rate-limit slots, call events, log lines, the error) and that a failed pull leaves nothing held.
 */
describe('a full sync pull in its own thread, when it fails', () => {
  let data: ReturnType<typeof tempDataDir>;
  let store: Store;
  let server: Server;
  let baseUrl: string;

  beforeEach(async () => {
    data = tempDataDir();
    store = openSqliteStore({ dataDir: data.dir, allowGeneratedKey: true });
    // QuickBooks answering every request 503: the client retries, then gives up.
    server = createServer((_req, res) => res.writeHead(503, { 'content-type': 'application/json' }).end('{"Fault":{"Error":[{"Message":"down"}]}}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await store.close();
    await new Promise((resolve) => server.close(resolve));
    data.remove();
  });

  /** A full sync's thread pulling every entity into `target`: resolves once it has ended, rejects when the pull failed. */
  const pullInThread = (deps: DataWorkerDeps & { qbo: { apiBaseUrl: string; minorVersion: number; retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number }; timeoutMs: number }; logLevel: string }, target: GenerationTarget, run: PullProgress, location: StoreLocation = store.location) => {
    const worker = startDataWorker(deps, { realmId: REALM, store: location, entities: ENTITY_NAMES, fill: { mode: 'pull', target, pull: ENTITY_NAMES, qbo: deps.qbo }, logLevel: deps.logLevel }, run);
    return worker.ready;
  };

  const progress = (signal: AbortSignal): PullProgress & { calls: number } => {
    const run = { call: { signal, onCall: () => void run.calls++ }, total: 0, completed: 0, records: 0, calls: 0 };
    return run;
  };

  const deps = (tokensAsked: string[], events: QboCallEvent[], logs: ReturnType<typeof captureLogs>) => {
    const tokens: AccessTokenSource = {
      getAccessToken: async () => (tokensAsked.push('get'), 'access-token-1'),
      renewAfterRejection: async () => (tokensAsked.push('renew'), 'access-token-2'),
    };
    return {
      qbo: { apiBaseUrl: baseUrl, minorVersion: 75, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 }, timeoutMs: 5_000 },
      logLevel: 'info',
      tokens,
      limiter: createRealmLimiter(),
      logger: logs.logger,
      onCall: (event: QboCallEvent) => events.push(event),
    };
  };

  test('when QuickBooks keeps failing, then the pull rejects with its error after the thread exited, every slot released', async () => {
    const tokensAsked: string[] = [];
    const events: QboCallEvent[] = [];
    const logs = captureLogs('info');
    const pullDeps = deps(tokensAsked, events, logs);
    const replacement = await store.beginSnapshotReplace(REALM);
    const run = progress(new AbortController().signal);

    await expect(pullInThread(pullDeps, replacement.target, run)).rejects.toMatchObject({ message: expect.stringMatching(/503/) });
    replacement.abandon();

    // The first count call: three attempts, each with the token asked of this thread and a slot of this limiter.
    expect(events.map((event) => event.status)).toEqual([503, 503, 503]);
    expect(run.calls).toBe(3);
    expect(tokensAsked).toEqual(['get', 'get', 'get']);
    expect(pullDeps.limiter.stats()).toMatchObject({ inFlight: 0, queued: 0, peakInFlight: 1 });
    const lines = logs.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.filter((line) => line.msg === 'QuickBooks call failed; retrying')).toHaveLength(2);
    expect(lines.filter((line) => line.msg === 'QuickBooks call failed; giving up')).toHaveLength(1);
    expect(logs.text()).not.toContain('access-token-1');
    expect(await store.loadSnapshot(REALM)).toBeNull();
  });

  test('when the run is cancelled, then the pull rejects with the cancel reason and no slot stays held', async () => {
    const controller = new AbortController();
    const pullDeps = deps([], [], captureLogs('info'));
    // The cancel lands while the first call is in flight: it is cancelled from the request's handler.
    server.removeAllListeners('request');
    server.on('request', (_req, res) => {
      controller.abort(new Error('stop now'));
      setTimeout(() => res.writeHead(503).end('{}'), 500);
    });
    const replacement = await store.beginSnapshotReplace(REALM);
    const pulled = pullInThread(pullDeps, replacement.target, progress(controller.signal));

    await expect(pulled).rejects.toThrow('stop now');
    replacement.abandon();
    expect(pullDeps.limiter.stats()).toMatchObject({ inFlight: 0, queued: 0, peakInFlight: 1 });
  });

  test('when the store file is gone, then the thread reports the failure instead of creating an empty database', async () => {
    const replacement = await store.beginSnapshotReplace(REALM);
    const empty = fs.mkdtempSync(`${data.dir}-empty-`); // a data dir without the database file
    const missing = { ...store.location, dataDir: empty } as StoreLocation;
    await expect(pullInThread(deps([], [], captureLogs('info')), replacement.target, progress(new AbortController().signal), missing)).rejects.toMatchObject({
      code: 'SQLITE_CANTOPEN',
    });
    replacement.abandon();
    expect(fs.readdirSync(empty)).toEqual([]);
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
