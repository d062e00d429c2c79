import { createHmac, randomUUID } from 'node:crypto';
import { SIM_FIXTURES } from '../../../src/simulator';
import { eventually, pageOf, requestsOn, sleep, startSyncRig, type ApiAnswer, type SyncRig } from './sync-rig';

const VERIFIER_TOKEN = 'webhook-verifier-token-for-tests';
const { acmeSupply } = SIM_FIXTURES.customers;
/** Intuit expects the answer within 3 s; ours does no work beyond the signature check, so it is far below. */
const QUICK_ANSWER_MS = 250;
/** Events coalesce for 2 s (README, HTTP API); past this, a sync that was going to start has started. */
const PAST_DEBOUNCE_MS = 2_600;

const sign = (body: string, token = VERIFIER_TOKEN) => createHmac('sha256', token).update(body).digest('base64');

function legacyPayload(realmId: string, entity: string, id: string, operation: string): string {
  const lastUpdated = new Date().toISOString();
  return JSON.stringify({ eventNotifications: [{ realmId, dataChangeEvent: { entities: [{ name: entity, id, operation, lastUpdated }] } }] });
}

function cloudEventsPayload(realmId: string, type: string, entityId: string, id = randomUUID()): string {
  return JSON.stringify([
    { specversion: '1.0', id, source: 'intuit.test', type, datacontenttype: 'application/json', time: new Date().toISOString(), intuitentityid: entityId, intuitaccountid: realmId, data: {} },
  ]);
}

describe('QuickBooks webhooks trigger an incremental sync', () => {
  let rig: SyncRig;
  let realmId: string;

  beforeAll(async () => {
    rig = await startSyncRig({ env: { QUICKBOOKS_WEBHOOK_VERIFIER_TOKEN: VERIFIER_TOKEN } });
    await rig.connect();
    realmId = rig.sim.simulator.realmId;
  });
  afterAll(() => rig.close());
  beforeEach(() => rig.sim.simulator.control.resetCounters());

  const deliver = (body: string, signature: string | null = sign(body)): Promise<ApiAnswer> =>
    rig.api.call('POST', '/api/webhooks/quickbooks', {
      body,
      admin: false,
      headers: { 'Content-Type': 'application/json', ...(signature === null ? {} : { 'intuit-signature': signature }) },
    });

  const findCustomer = async (q: string, id: string) => {
    const res = await rig.api.get(`/api/search/client_names?q=${encodeURIComponent(q)}`);
    return (res.body.results as Array<{ id: string; name: string }>).find((hit) => hit.id === id);
  };

  test('when a signed legacy eventNotifications payload arrives, then 200 at once and the change is searchable seconds later through one CDC call', async () => {
    rig.sim.simulator.control.updateRecord('Customer', acmeSupply.id, { DisplayName: 'Acme Supply Hooked' });
    const res = await deliver(legacyPayload(realmId, 'Customer', acmeSupply.id, 'Update'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 1, accepted: 1 });
    expect(res.ms).toBeLessThan(QUICK_ANSWER_MS);

    const hit = await eventually(() => findCustomer('acme supply', acmeSupply.id).then((h) => (h?.name === 'Acme Supply Hooked' ? h : undefined)), 8_000);
    expect(hit).toBeDefined();
    expect(requestsOn(rig.sim, 'cdc')).toBe(1);
    expect(requestsOn(rig.sim, 'query')).toBe(0);
  });

  test('when signed CloudEvents arrive within 2 s of each other, then they coalesce into one sync that makes the change visible', async () => {
    const added = rig.sim.simulator.control.addRecord('Customer', { DisplayName: 'Webhook Wallaby Works' });
    const first = await deliver(cloudEventsPayload(realmId, 'qbo.customer.created.v1', String(added.Id)));
    rig.sim.simulator.control.updateRecord('Customer', String(added.Id), { CompanyName: 'Wallaby Holdings' });
    const second = await deliver(cloudEventsPayload(realmId, 'qbo.customer.updated.v1', String(added.Id)));
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: 1, accepted: 1 });
      expect(res.ms).toBeLessThan(QUICK_ANSWER_MS);
    }
    const hit = await eventually(() => findCustomer('wallaby holdings', String(added.Id)), 8_000);
    expect(hit).toMatchObject({ name: 'Webhook Wallaby Works' });
    await sleep(PAST_DEBOUNCE_MS); // no second sync follows
    expect(requestsOn(rig.sim, 'cdc')).toBe(1);
  });

  test('when a webhook arrives while a sync that already read that data is still running, then a sync after it brings the change', async () => {
    const { control } = rig.sim.simulator;
    // The full sync's last page is held back well past the 2 s debounce, so the webhook's sync fires mid-run.
    control.injectFault({ kind: 'delay', delayMs: 3_500, path: pageOf('Invoice', 1) });
    const started = await rig.api.post('/api/cache/refresh?mode=full&wait=false');
    expect(started.status).toBe(202);
    // Counts and the customer, vendor and item pages answered: the customers this run caches are already read.
    await eventually(() => (requestsOn(rig.sim, 'query') === 4 + 3 ? true : undefined), 5_000, 5);
    control.updateRecord('Customer', acmeSupply.id, { DisplayName: 'Acme Supply Mid Sync' });
    expect((await deliver(legacyPayload(realmId, 'Customer', acmeSupply.id, 'Update'))).body).toEqual({ received: 1, accepted: 1 });

    expect(await rig.waitForSync(started.body.sync_id as string)).toMatchObject({ mode: 'full', status: 'succeeded' });
    const hit = await eventually(() => findCustomer('acme supply', acmeSupply.id).then((h) => (h?.name === 'Acme Supply Mid Sync' ? h : undefined)), 8_000);
    expect(hit).toBeDefined();
    expect(requestsOn(rig.sim, 'cdc')).toBe(1);
    const history = await rig.api.get('/api/sync/history?limit=2');
    expect(history.body.syncs.map((run: { mode: string; status: string }) => [run.mode, run.status])).toEqual([
      ['incremental', 'succeeded'],
      ['full', 'succeeded'],
    ]);
  });

  test('when a signature is wrong or missing, an event id is replayed or the realm is another, then nothing is synced', async () => {
    const { control } = rig.sim.simulator;
    control.updateRecord('Customer', acmeSupply.id, { DisplayName: 'Acme Supply Unseen' });

    const body = cloudEventsPayload(realmId, 'qbo.customer.updated.v1', acmeSupply.id);
    const forged = await deliver(body, sign(body, 'someone-elses-verifier-token'));
    expect(forged.status).toBe(401);
    expect(forged.body.error).toBe('invalid_signature');
    expect((await deliver(body, null)).status).toBe(401);
    // The same bytes with one byte changed: the signature no longer matches.
    expect((await deliver(body.replace('updated', 'deleted'), sign(body))).status).toBe(401);

    const replayId = randomUUID();
    const original = cloudEventsPayload(realmId, 'qbo.customer.updated.v1', acmeSupply.id, replayId);
    expect((await deliver(original)).body).toEqual({ received: 1, accepted: 1 });
    await eventually(() => findCustomer('acme supply', acmeSupply.id).then((h) => (h?.name === 'Acme Supply Unseen' ? h : undefined)), 8_000);
    control.resetCounters();

    control.updateRecord('Customer', acmeSupply.id, { DisplayName: 'Acme Supply Replayed' });
    // Intuit retries deliveries with the same event id; a new timestamp makes the body (and signature) differ.
    const replay = cloudEventsPayload(realmId, 'qbo.customer.updated.v1', acmeSupply.id, replayId);
    const otherRealm = cloudEventsPayload('1234567890', 'qbo.customer.updated.v1', acmeSupply.id);
    const otherRealmLegacy = legacyPayload('1234567890', 'Customer', acmeSupply.id, 'Update');
    for (const payload of [replay, otherRealm, otherRealmLegacy]) {
      const res = await deliver(payload);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: 1, accepted: 0 });
      expect(res.ms).toBeLessThan(QUICK_ANSWER_MS);
    }
    await sleep(PAST_DEBOUNCE_MS);
    expect(requestsOn(rig.sim, 'cdc') + requestsOn(rig.sim, 'query')).toBe(0);
    expect(await findCustomer('acme supply', acmeSupply.id)).toMatchObject({ name: 'Acme Supply Unseen' });
  });
});
