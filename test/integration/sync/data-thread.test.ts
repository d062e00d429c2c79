/**
 * The company's data thread (docs/ARCHITECTURE.md, Threads): the serving thread holds no records and asks the data
 * thread by message. A crashed or stuck thread is replaced from the store without any QuickBooks call while searches
 * answer 503 with Retry-After, never hang; a full sync's old thread ends after the switch; answers through the thread
 * are the answers of the same indexes in-thread.
 */
import { ENTITY_NAMES } from '../../../src/qbo';
import { createSearchIndexes, indexNamesFor, type IndexName, type SearchIndexes } from '../../../src/search';
import { loadSnapshotFromStore, startDataWorker, STUCK_MS, type DataWorker } from '../../../src/sync';
import { createRandom, pick } from '../../support/seeded-random';
import { eventually, requestsOn, startSyncRig, type ApiAnswer, type SyncRig } from './sync-rig';

const API_ROUTES = ['query', 'cdc', 'read'] as const;
/** A few matches only, so any limit from 20 answers them all: each `limit` is a distinct answer (no response cache). */
const SEARCH = '/api/search/client_names?q=acme&limit=20';
let asked = 0;
const anotherSearch = () => `/api/search/client_names?q=acme&limit=${20 + (asked++ % 80)}`;

// Every test in both places a company's data can live: a thread of its own, and a thread small companies share
// (SHARED_THREAD_MAX_RECORDS; this company has 1,100 records).
describe.each([
  ['in a thread of its own', '0'],
  ['in a shared thread', '20000'],
])('the data thread, the data %s', (_place, sharedMax) => {
  let rig: SyncRig;
  let idleTotal: number;

  beforeAll(async () => {
    rig = await startSyncRig({ simulator: { sizes: { customers: 600, vendors: 40, items: 60, invoices: 400 } }, env: { SHARED_THREAD_MAX_RECORDS: sharedMax } });
    await rig.connect();
    idleTotal = (await rig.api.get(SEARCH)).body.total as number;
  });
  afterAll(() => rig.close());

  const served = (): DataWorker => rig.svc.service.company().cache.current()?.data as DataWorker;
  const apiCalls = () => API_ROUTES.map((route) => requestsOn(rig.sim, route));
  /** Data threads running, as /metrics exports them (own and shared). */
  const threadsRunning = async () => Number(/^qbo_cache_data_threads (\d+)$/m.exec(await rig.svc.service.metrics.registry.metrics())?.[1]);

  /** Searches one after another until `until` resolves; every answer and how long it took. */
  const searchWhile = async (until: Promise<unknown>): Promise<ApiAnswer[]> => {
    const answers: ApiAnswer[] = [];
    let done = false;
    void until.finally(() => (done = true));
    // Distinct answers: the response cache would answer a repeated query without asking the thread.
    while (!done) answers.push(await rig.api.get(anotherSearch()));
    answers.push(await rig.api.get(anotherSearch()));
    return answers;
  };

  /** Each answer is a complete one (200, the idle total) or a 503 that says when to come back. */
  const expectOnly200Or503 = (answers: readonly ApiAnswer[]) => {
    for (const answer of answers) {
      if (answer.status === 200) expect(answer.body.total).toBe(idleTotal);
      else expect({ status: answer.status, retryAfter: answer.headers.get('retry-after'), code: answer.body.error }).toEqual({ status: 503, retryAfter: '2', code: 'cache_not_ready' });
    }
  };

  test('when the data thread crashes, then searches answer 503 with Retry-After meanwhile, health says why, and a new thread is loaded from the store with no QuickBooks call', async () => {
    const before = apiCalls();
    const crashed = served();
    const back = eventually(async () => (rig.svc.service.company().cache.current()?.data !== crashed && (await rig.api.get(SEARCH)).status === 200 ? true : undefined), 10_000);
    crashed.terminate(); // the thread dies as a crash would: its exit is seen, not announced
    const sawDegraded = eventually(async () => ((await rig.api.get('/api/health')).body.reasons as string[]).find((reason) => reason.includes('data thread')), 5_000);
    const answers = await searchWhile(back);

    expect(await sawDegraded).toMatch(/searches answer 503 while the data thread is reloaded from the store: the data thread exited/);
    expectOnly200Or503(answers);
    expect(answers.some((answer) => answer.status === 503)).toBe(true);
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(STUCK_MS + 1000);
    expect(apiCalls()).toEqual(before);
    expect((await rig.api.get('/api/health')).body.reasons).toEqual([]);
  });

  test('when the data thread is stuck, then it is replaced within 5 s, no search hangs meanwhile, and no QuickBooks call is made', async () => {
    const before = apiCalls();
    const stuck = served();
    const started = Date.now();
    stuck.injectHang();
    const replaced = eventually(async () => (rig.svc.service.company().cache.current()?.data !== stuck && (await rig.api.get(SEARCH)).status === 200 ? Date.now() : undefined), 15_000);
    const answers = await searchWhile(replaced);

    // The first search after the hang waits for the thread until it is declared stuck: never longer.
    expectOnly200Or503(answers);
    expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(STUCK_MS + 1000);
    expect((await replaced) - started).toBeLessThan(5_000 + 3_000); // detected within 5 s, then loaded from the store
    await stuck.exited;
    expect(apiCalls()).toEqual(before);
  });

  test('when a fill is cancelled after its thread reported ready (the report still queued), then the thread ends at once, not after the cancel grace', async () => {
    const { service } = rig.svc;
    const controller = new AbortController();
    const run = { call: { signal: controller.signal }, total: 0, completed: 0, records: 0 };
    const worker = startDataWorker(
      { logger: rig.svc.logs.logger },
      { realmId: rig.sim.simulator.realmId, store: service.store.location, entities: ENTITY_NAMES, fill: { mode: 'load' }, logLevel: 'info' },
      run,
    );
    // This thread is held long enough for the small company's load to finish and its `ready` to wait in the queue;
    // the cancel then comes first.
    const heldUntil = Date.now() + 3_000;
    while (Date.now() < heldUntil) {
      // busy: nothing else runs on this thread meanwhile
    }
    controller.abort(new Error('cancelled by the test'));
    const cancelledAt = Date.now();
    await expect(worker.ready).rejects.toThrow('cancelled by the test');
    await worker.exited;
    expect(Date.now() - cancelledAt).toBeLessThan(3_000); // CANCEL_GRACE_MS is 10 s
  });

  test('when 20 full syncs replace the snapshot, then each old data thread ends after its switch (no thread leaks)', async () => {
    await eventually(async () => ((await threadsRunning()) === 1 ? true : undefined), 5_000);
    const first = served();
    for (let n = 0; n < 20; n++) {
      const { status, body } = await rig.api.post('/api/cache/refresh?mode=full');
      expect({ status, sync: body.sync.status }).toEqual({ status: 200, sync: 'succeeded' });
    }
    expect(served()).not.toBe(first);
    await first.exited;
    await eventually(async () => ((await threadsRunning()) === 1 ? true : undefined), 5_000);
    expect((await rig.api.get(SEARCH)).body.total).toBe(idleTotal);
  }, 120_000); // 20 full syncs: ~20 s alone, more on a busy CI machine

  test('when random queries are asked through the data thread, then the answers are those of the same indexes in-thread', async () => {
    const snapshot = await loadSnapshotFromStore(rig.svc.service.store, rig.sim.simulator.realmId, ENTITY_NAMES);
    if (snapshot === null) throw new Error('no stored snapshot');
    const records = Object.fromEntries(snapshot.entities.map((entity) => [entity, snapshot[entity].records]));
    const inThread: SearchIndexes = await createSearchIndexes(records);
    const names: IndexName[] = indexNamesFor(snapshot.entities);
    const words = [...snapshot.customers.records.values()].flatMap((customer) => customer.name.toLowerCase().split(/\s+/));
    const random = createRandom(16);
    const data = served();
    for (let n = 0; n < 300; n++) {
      const word = pick(random, words);
      const query = random() < 0.2 ? `${word} ${pick(random, words).slice(0, 2)}` : word.slice(0, 1 + Math.floor(random() * 4));
      const index = pick(random, names);
      const options = { limit: 1 + Math.floor(random() * 20), activeOnly: random() < 0.3 };
      expect({ index, query, options, answer: await data.search(index, query, options) }).toEqual({ index, query, options, answer: inThread.search(index, query, options) });
    }
    expect(await data.searchGroups(names, 'a', { limit: 7 })).toEqual(inThread.searchGroups(names, 'a', { limit: 7 }));
  });
});
