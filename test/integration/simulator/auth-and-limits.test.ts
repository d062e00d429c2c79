import { SIM_FIXTURES } from '../../../src/simulator';
import {
  connect, failureOf, qboCall, quickBooksClient, startTestSimulator, type SimulatorUnderTest,
} from '../../support/simulator-clients';

const T0 = Date.UTC(2025, 0, 15, 18, 0, 0);
const getCustomer = (sut: SimulatorUnderTest, token: string, realmId?: string) =>
  qboCall<{ Id: string }>((cb) => quickBooksClient(sut, token, realmId).getCustomer(SIM_FIXTURES.customers.amysBirdSanctuary.id, cb));

describe('simulator API authentication', () => {
  let sut: SimulatorUnderTest;
  let clock = T0;
  beforeEach(async () => {
    clock = T0;
    sut = await startTestSimulator({ now: () => clock });
  });
  afterEach(() => sut.close());

  it('when the access token has expired, then the API answers 401 with QBO\'s AuthenticationFailed body', async () => {
    const { accessToken } = await connect(sut);
    await expect(getCustomer(sut, accessToken)).resolves.toMatchObject({ Id: '1' });
    clock += 3600 * 1000;
    const failure = await failureOf(getCustomer(sut, accessToken));
    expect(failure.status).toBe(401);
    expect(failure.headers?.intuit_tid).toMatch(/^1-/);
    expect(failure.data).toEqual({
      warnings: null, intuitObject: null,
      fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail: `Token expired: ${accessToken.slice(0, 6)}...`, code: '3200', element: null }], type: 'AUTHENTICATION' },
      report: null, queryResponse: null, batchItemResponse: [], attachableResponse: [], syncErrorResponse: null, requestId: null,
      time: clock, status: null, cdcresponse: [],
    });
  });

  it('when control expires all access tokens, then the next call is 401 and a refreshed token works', async () => {
    const { accessToken } = await connect(sut);
    expect(sut.simulator.control.expireAccessTokens()).toBe(1);
    expect((await failureOf(getCustomer(sut, accessToken))).status).toBe(401);
    const fresh = await connect(sut);
    await expect(getCustomer(sut, fresh.accessToken)).resolves.toMatchObject({ Id: '1' });
  });

  it('when the token is missing or unknown, then the answer is 401 AuthenticationFailed', async () => {
    for (const token of ['', 'not-a-token']) {
      const failure = await failureOf(getCustomer(sut, token));
      expect(failure.status).toBe(401);
      expect(failure.data).toMatchObject({ fault: { error: [{ code: '3200' }], type: 'AUTHENTICATION' } });
    }
  });

  it('when a valid token is used with another realmId, then QBO\'s XML General Authentication Error comes back', async () => {
    const { accessToken } = await connect(sut);
    const failure = await failureOf(getCustomer(sut, accessToken, '123145'));
    expect(failure.status).toBe(401);
    expect(String(failure.data)).toContain('<Error code="100"><Message>General Authentication Error</Message>');
  });
});

describe('simulator per-realm limits', () => {
  it('when more than 10 requests are in flight, then the extra ones get 429 with a throttle fault and never count as in flight', async () => {
    const sut = await startTestSimulator({ latencyMs: 300 });
    try {
      const { accessToken } = await connect(sut);
      const results = await Promise.allSettled(Array.from({ length: 14 }, () => getCustomer(sut, accessToken)));
      const ok = results.filter((r) => r.status === 'fulfilled');
      const throttled = await Promise.all(results.filter((r) => r.status === 'rejected').map((r) => failureOf(Promise.reject(r.reason))));
      expect(ok).toHaveLength(10);
      expect(throttled).toHaveLength(4);
      for (const failure of throttled) {
        expect(failure.status).toBe(429);
        expect(failure.data).toMatchObject({ Fault: { Error: [{ Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429', code: '3001' }] } });
      }
      const counters = sut.simulator.control.counters();
      expect(counters.peakInFlight).toBe(10);
      expect(counters.inFlight).toBe(0);
      expect(counters.requests.read).toEqual({ 200: 10, 429: 4 });
      expect(counters.requestsLastMinute).toBe(10);
    } finally {
      await sut.close();
    }
  });

  it('when more than perMinute requests arrive within a sliding minute, then 429 until the minute has passed', async () => {
    let clock = T0;
    const sut = await startTestSimulator({ now: () => clock, limits: { perMinute: 5 } });
    try {
      const { accessToken } = await connect(sut);
      for (let i = 0; i < 5; i++) {
        await getCustomer(sut, accessToken);
        clock += 5_000;
      }
      expect((await failureOf(getCustomer(sut, accessToken))).status).toBe(429);
      clock = T0 + 60_001; // the first request leaves the window
      await expect(getCustomer(sut, accessToken)).resolves.toMatchObject({ Id: '1' });
      expect((await failureOf(getCustomer(sut, accessToken))).status).toBe(429);
      expect(sut.simulator.control.counters().requestsLastMinute).toBe(5);
    } finally {
      await sut.close();
    }
  });
});
