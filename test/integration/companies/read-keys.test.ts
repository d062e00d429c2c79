import fs from 'node:fs';
import path from 'node:path';
import { authorizeInBrowser } from '../../support/harness';
import { startSyncRig, type SyncRig } from '../sync/sync-rig';

const A = '9341453050000000';
const B = '4620816365000001';

/** `SEARCH_AUTH=keys`: search, index status and cache status need a read key of the company, or the admin key. */
describe('read keys', () => {
  let rig: SyncRig;
  const asKey = (key: string | undefined, route: string) =>
    rig.api.call('GET', route, { admin: false, headers: key === undefined ? {} : { authorization: `Bearer ${key}` } });
  const newKey = async (realmId: string): Promise<{ id: string; key: string }> => {
    const res = await rig.api.post(`/api/companies/${realmId}/read-keys`);
    expect(res.status).toBe(201);
    return res.body as { id: string; key: string };
  };

  beforeAll(async () => {
    rig = await startSyncRig({
      simulator: { moreCompanies: [{ realmId: B, seed: 5, sizes: { customers: 30 } }] },
      env: { SEARCH_AUTH: 'keys', QUICKBOOKS_DEFAULT_REALM_ID: A },
    });
    for (const realmId of [A, B]) {
      rig.sim.simulator.control.connectNextTo(realmId);
      const started = await rig.api.post('/api/auth/connect');
      await rig.api.get(`/callback${await authorizeInBrowser(started.body.authorize_url as string)}`);
      const history = await rig.api.get(`/api/companies/${realmId}/sync/history?limit=1`);
      await rig.waitForSync(history.body.syncs[0].id as string);
    }
  });
  afterAll(() => rig.close());

  test('when a key is made, then it is random, shown once, and reads its own company only (401 without, 403 across)', async () => {
    const a = await newKey(A);
    const b = await newKey(B);
    expect(a.key).toMatch(/^qbk_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/); // 256 random bits after the id
    expect(a.key).not.toBe(b.key);
    const listed = await rig.api.get(`/api/companies/${A}/read-keys`);
    expect(listed.body.keys).toEqual([{ id: a.id, created_at: expect.any(String) }]);
    expect(JSON.stringify(listed.body)).not.toContain(a.key);

    for (const route of ['search/client_names?q=ac', 'indexes/status', 'cache/status']) {
      expect((await asKey(a.key, `/api/companies/${A}/${route}`)).status).toBe(200);
      expect((await asKey(b.key, `/api/companies/${B}/${route}`)).status).toBe(200);
      const across = await asKey(a.key, `/api/companies/${B}/${route}`);
      expect([route, across.status, across.body.error]).toEqual([route, 403, 'forbidden']);
      const none = await asKey(undefined, `/api/companies/${A}/${route}`);
      expect([route, none.status, none.body.error]).toEqual([route, 401, 'unauthorized']);
      const wrong = await asKey(`${a.key.slice(0, -1)}x`, `/api/companies/${A}/${route}`);
      expect([route, wrong.status]).toEqual([route, 401]);
    }
    // The default company's key works on the unscoped routes; another company's does not.
    expect((await asKey(a.key, '/api/search/client_names?q=ac')).status).toBe(200);
    expect((await asKey(b.key, '/api/search/client_names?q=ac')).status).toBe(403);
    // The admin key reads every company.
    expect((await rig.api.get(`/api/companies/${B}/search/client_names?q=ac`)).status).toBe(200);
  });

  test('when a key asks about a company that is not connected, then 403, never 404: a key does not learn which companies exist', async () => {
    const a = await newKey(A);
    expect((await asKey(a.key, '/api/companies/5550000000000001/cache/status')).status).toBe(403);
    expect((await asKey(undefined, '/api/companies/5550000000000001/cache/status')).status).toBe(401);
    expect((await rig.api.get('/api/companies/5550000000000001/cache/status')).status).toBe(404); // the admin key
  });

  test('when a key is revoked, then it stops working at once', async () => {
    const a = await newKey(A);
    expect((await asKey(a.key, `/api/companies/${A}/search/client_names?q=ac`)).status).toBe(200);
    expect((await rig.api.call('DELETE', `/api/companies/${A}/read-keys/${a.id}`)).status).toBe(204);
    expect((await asKey(a.key, `/api/companies/${A}/search/client_names?q=ac`)).status).toBe(401);
    expect((await rig.api.call('DELETE', `/api/companies/${A}/read-keys/${a.id}`)).status).toBe(404);
    // A key id of another company cannot be revoked through this one.
    const b = await newKey(B);
    expect((await rig.api.call('DELETE', `/api/companies/${A}/read-keys/${b.id}`)).status).toBe(404);
    expect((await asKey(b.key, `/api/companies/${B}/search/client_names?q=ac`)).status).toBe(200);
  });

  test('when keys are made and used, then no key is in the logs or in the store in clear', async () => {
    const a = await newKey(A);
    await asKey(a.key, `/api/companies/${A}/search/client_names?q=ac`);
    await asKey(`${a.key}x`, `/api/companies/${A}/search/client_names?q=ac`);
    // `qbk_` + a 12-character id + `_` + the 43-character secret (base64url: the id and secret may hold `_` too).
    const secretText = a.key.slice('qbk_'.length + 12 + 1);
    expect(secretText).toHaveLength(43);
    expect(rig.svc.logs.text()).not.toContain(a.key);
    expect(rig.svc.logs.text()).not.toContain(secretText);
    const secret = Buffer.from(secretText);
    for (const file of fs.readdirSync(rig.dataDir)) {
      const full = path.join(rig.dataDir, file);
      if (fs.statSync(full).isFile()) expect([file, fs.readFileSync(full).includes(secret)]).toEqual([file, false]);
    }
  });

  test('when a client keeps presenting wrong keys, then it is rate-limited (429)', async () => {
    let last = 0;
    for (let attempt = 0; attempt < 40 && last !== 429; attempt++) {
      last = (await asKey('qbk_wrongwrongwr_' + 'x'.repeat(43), `/api/companies/${A}/search/client_names?q=ac`)).status;
    }
    expect(last).toBe(429);
  });

  test('when a company is disconnected, then its keys are gone with it', async () => {
    const b = await newKey(B);
    expect((await rig.api.post(`/api/companies/${B}/auth/disconnect`)).status).toBe(200);
    expect(await rig.svc.service.store.listReadKeys()).not.toContainEqual(expect.objectContaining({ realmId: B }));
    expect((await asKey(b.key, `/api/companies/${B}/search/client_names?q=ac`)).status).not.toBe(200);
  });
});
