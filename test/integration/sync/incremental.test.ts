import { SIM_FIXTURES } from '../../../src/simulator';
import type { SyncRunView } from '../../../src/sync';
import { requestsOn, startSyncRig, type SyncRig } from './sync-rig';

const { acmeSupply, obrienAndSons, joseMuller } = SIM_FIXTURES.customers;

interface Hit {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
}

describe('incremental sync (CDC) and the sync API', () => {
  let rig: SyncRig;
  let fullRun: SyncRunView;

  beforeAll(async () => {
    rig = await startSyncRig();
    fullRun = await rig.connect();
  });
  afterAll(() => rig.close());
  beforeEach(() => {
    rig.sim.simulator.control.clearFaults();
    rig.sim.simulator.control.resetCounters();
  });

  const search = async (q: string): Promise<Hit[]> => {
    const res = await rig.api.get(`/api/search/client_names?q=${encodeURIComponent(q)}&limit=100`);
    expect(res.status).toBe(200);
    return res.body.results as Hit[];
  };

  test('when a record is renamed, added, deactivated and deleted, then one CDC call and no query bring all four into data and search', async () => {
    const { control } = rig.sim.simulator;
    expect((await search('acme supply')).map((hit) => hit.id)).toContain(acmeSupply.id);
    control.updateRecord('Customer', acmeSupply.id, { DisplayName: 'Acme Supply Zebrawood' });
    const added = control.addRecord('Customer', { DisplayName: 'Quokka Quarry Ltd' });
    control.deactivateRecord('Customer', obrienAndSons.id);
    control.deleteRecord('Customer', joseMuller.id);

    const refresh = await rig.api.post('/api/cache/refresh');
    expect(refresh.status).toBe(200);
    expect(refresh.body).toMatchObject({ message: 'Cache refreshed successfully', sync: { mode: 'incremental', status: 'succeeded', records: 4, deleted: 1, api_calls: 1 } });
    expect(requestsOn(rig.sim, 'cdc')).toBe(1);
    expect(requestsOn(rig.sim, 'query')).toBe(0);

    expect(await search('zebrawood')).toEqual([expect.objectContaining({ id: acmeSupply.id, name: 'Acme Supply Zebrawood', active: true })]);
    // Still found by its unchanged CompanyName, but under the new display name.
    expect((await search('acme supply')).find((hit) => hit.id === acmeSupply.id)).toMatchObject({ name: 'Acme Supply Zebrawood' });
    expect(await search('quokka')).toEqual([expect.objectContaining({ id: added.Id, name: 'Quokka Quarry Ltd', active: true })]);
    expect(await search("o'brien")).toEqual(expect.arrayContaining([expect.objectContaining({ id: obrienAndSons.id, active: false })]));
    expect((await search('jose muller')).map((hit) => hit.id)).not.toContain(joseMuller.id);

    const data = await rig.api.get('/api/data/customers?limit=1000');
    expect(data.body.total).toBe(control.countRecords('Customer'));
    const byId = new Map<string, { DisplayName: string; Active: boolean }>(data.body.results.map((c: { Id: string }) => [c.Id, c]));
    expect(byId.get(acmeSupply.id)).toMatchObject({ DisplayName: 'Acme Supply Zebrawood' });
    expect(byId.get(String(added.Id))).toMatchObject({ DisplayName: 'Quokka Quarry Ltd', Active: true });
    expect(byId.get(obrienAndSons.id)).toMatchObject({ Active: false });
    expect(byId.has(joseMuller.id)).toBe(false);
    const status = await rig.api.get('/api/cache/status');
    expect(status.body.customers_count).toBe(control.countRecords('Customer'));
  });

  test('when ten refreshes arrive at once, then they join one sync: one id and one CDC call', async () => {
    // The CDC answer is held back so that all ten requests certainly arrive while the first one's sync runs.
    rig.sim.simulator.control.injectFault({ kind: 'delay', delayMs: 800, path: '/cdc' });
    const answers = await Promise.all(Array.from({ length: 10 }, () => rig.api.post('/api/cache/refresh')));
    expect(answers.map((res) => res.status)).toEqual(Array(10).fill(200));
    const ids = new Set(answers.map((res) => res.body.sync.id as string));
    expect(ids.size).toBe(1);
    expect(requestsOn(rig.sim, 'cdc')).toBe(1);
    expect(requestsOn(rig.sim, 'query')).toBe(0);
    const history = await rig.api.get('/api/sync/history?limit=5');
    expect(history.body.syncs.filter((run: SyncRunView) => ids.has(run.id))).toHaveLength(1);
  });

  test('when a sync is read by id, then it has the documented shape', async () => {
    const res = await rig.api.get(`/api/sync/${fullRun.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        id: fullRun.id,
        mode: 'full',
        status: 'succeeded',
        progress: { completed: expect.any(Number), total: expect.any(Number), percentage: 100 },
        records_per_second: expect.any(Number),
        started_at: expect.any(String),
        finished_at: expect.any(String),
        api_calls: expect.any(Number),
        error: null,
      }),
    );
    expect(res.body.progress.completed).toBe(res.body.progress.total);
    expect(Date.parse(res.body.finished_at)).toBeGreaterThanOrEqual(Date.parse(res.body.started_at));
    expect(new Date(res.body.started_at).toISOString()).toBe(res.body.started_at);
    expect(res.body.api_calls).toBe(8); // 4 counts + one page for each small entity
  });

  test('when the history is read, then runs come newest first', async () => {
    const res = await rig.api.get('/api/sync/history');
    expect(res.status).toBe(200);
    const runs = res.body.syncs as SyncRunView[];
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.at(-1)?.id).toBe(fullRun.id);
    const starts = runs.map((run) => Date.parse(run.started_at));
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    expect((await rig.api.get('/api/sync/history?limit=1')).body.syncs).toHaveLength(1);
  });

  test('when a sync id is unknown, then GET and DELETE answer 404', async () => {
    expect((await rig.api.get('/api/sync/no-such-sync')).status).toBe(404);
    expect((await rig.api.call('DELETE', '/api/sync/no-such-sync')).status).toBe(404);
    // A finished sync cannot be cancelled.
    expect((await rig.api.call('DELETE', `/api/sync/${fullRun.id}`)).status).toBe(409);
  });

  test('when mode or wait is not one of the allowed values, then 400 and no sync starts', async () => {
    for (const query of ['mode=everything', 'wait=maybe', 'mode=full&mode=incremental', 'wait=TRUE']) {
      const res = await rig.api.post(`/api/cache/refresh?${query}`);
      expect({ query, status: res.status, error: res.body.error }).toEqual({ query, status: 400, error: 'invalid_query' });
    }
    expect(requestsOn(rig.sim, 'query') + requestsOn(rig.sim, 'cdc')).toBe(0);
  });

  test('when /api/data is paged, then limit is clamped to 1000 and a negative or non-integer offset or limit is 400', async () => {
    const clamped = await rig.api.get('/api/data/invoices?limit=5000');
    expect(clamped.status).toBe(200);
    expect(clamped.body).toMatchObject({ entity: 'invoices', limit: 1000, offset: 0, total: rig.sim.simulator.control.countRecords('Invoice') });
    const page = await rig.api.get('/api/data/vendors?limit=5&offset=3');
    expect(page.body).toMatchObject({ limit: 5, offset: 3 });
    expect(page.body.results.map((v: { Id: string }) => v.Id)).toEqual(['4', '5', '6', '7', '8']);
    for (const query of ['offset=-1', 'limit=-1', 'limit=1.5', 'offset=abc']) {
      const res = await rig.api.get(`/api/data/customers?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
    }
    expect((await rig.api.get('/api/data/employees')).status).toBe(404);
  });
});
