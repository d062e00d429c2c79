import { startQboRig, type QboRig } from '../../support/qbo-rig';

describe('QboClient and access-token expiry', () => {
  let rig: QboRig;

  beforeEach(async () => {
    rig = await startQboRig({ sizes: { customers: 2345, vendors: 20, items: 40, invoices: 60 } });
    rig.sim.simulator.control.resetCounters();
  });
  afterEach(() => rig.close());

  it('when access tokens expire mid-pull, then exactly one refresh grant and the pull completes', async () => {
    const control = rig.sim.simulator.control;
    const customers = await rig.client().queryAll('customers', {
      onPage: ({ fetched }) => {
        if (fetched === 1000) expect(control.expireAccessTokens()).toBe(1);
      },
    });
    expect(customers).toHaveLength(2345);
    const counters = control.counters();
    expect(counters.tokenGrants).toEqual({ refresh_token: 1 });
    expect(counters.requests.query).toEqual({ '200': 3, '401': 1 });
    expect(rig.calls.map((c) => c.status)).toEqual([200, 401, 200, 200]);
  });

  it('when tokens expire under many concurrent calls, then they share a single refresh', async () => {
    const control = rig.sim.simulator.control;
    const client = rig.client();
    await client.count('items'); // token in use
    control.expireAccessTokens();
    control.resetCounters();
    const counts = await Promise.all(Array.from({ length: 8 }, () => client.count('vendors')));
    expect(counts).toEqual(Array(8).fill(20));
    expect(control.counters().tokenGrants).toEqual({ refresh_token: 1 });
  });

  it('when the refresh token is revoked too, then the 401 surfaces as NotConnectedError from the token manager', async () => {
    const control = rig.sim.simulator.control;
    control.expireAccessTokens();
    control.revokeRefreshTokens();
    await expect(rig.client().count('items')).rejects.toMatchObject({ name: 'NotConnectedError', reason: 'reconnect_required' });
  });
});
