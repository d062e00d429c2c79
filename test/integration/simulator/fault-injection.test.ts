import OAuthClient from 'intuit-oauth';
import { SIM_FIXTURES } from '../../../src/simulator';
import {
  connect, failureOf, intuitOAuthClient, qboCall, quickBooksClient, startTestSimulator, type SimulatorUnderTest,
} from '../../support/simulator-clients';

describe('simulator fault injection observed through node-quickbooks and intuit-oauth', () => {
  let sut: SimulatorUnderTest;
  let token: string;
  let refreshToken: string;
  const find = () => qboCall<unknown>((cb) => quickBooksClient(sut, token).findCustomers({ limit: 5 }, cb));
  const read = () => qboCall<unknown>((cb) => quickBooksClient(sut, token).getItem(SIM_FIXTURES.items.hexBolt.id, cb));

  beforeAll(async () => {
    sut = await startTestSimulator();
    ({ accessToken: token, refreshToken } = await connect(sut));
  });
  afterAll(() => sut.close());
  afterEach(() => sut.simulator.control.clearFaults());

  it('when a 503 is injected for the next two queries, then exactly two fail with a SystemFault and the third succeeds', async () => {
    const handle = sut.simulator.control.injectFault({ kind: 'status', status: 503, path: '/query', times: 2 });
    for (let i = 0; i < 2; i++) {
      const failure = await failureOf(find());
      expect(failure.status).toBe(503);
      expect(failure.data).toMatchObject({ Fault: { type: 'SystemFault', Error: [{ code: '10000' }] } });
    }
    expect(handle.remaining()).toBe(0);
    await expect(find()).resolves.toMatchObject({ QueryResponse: { maxResults: 5 } });
    await expect(read()).resolves.toMatchObject({ Id: SIM_FIXTURES.items.hexBolt.id });
  });

  it('when a 429 with Retry-After and a 401 are injected, then the client sees QBO\'s bodies and the header', async () => {
    sut.simulator.control.injectFault({ kind: 'status', status: 429, path: /\/query\?/, headers: { 'Retry-After': '60' } });
    const throttled = await failureOf(find());
    expect(throttled).toMatchObject({ status: 429, headers: { 'retry-after': '60' }, data: { Fault: { Error: [{ code: '3001' }] } } });
    sut.simulator.control.injectFault({ kind: 'status', status: 401, method: 'GET', path: '/item/' });
    expect(await failureOf(read())).toMatchObject({ status: 401, data: { fault: { error: [{ code: '3200' }] } } });
  });

  it('when a fault is limited to POST, then GET requests on the same path pass', async () => {
    sut.simulator.control.resetCounters();
    sut.simulator.control.injectFault({ kind: 'status', status: 500, method: 'POST', path: '/query' });
    await expect(find()).resolves.toBeDefined();
    expect(sut.simulator.control.counters().faultsFired).toBe(0);
  });

  it('when a delay is injected, then the response arrives that much later', async () => {
    sut.simulator.control.injectFault({ kind: 'delay', delayMs: 400, path: '/item/' });
    const started = Date.now();
    await read();
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
  });

  it('when the connection is dropped, then node-quickbooks gets a network error and the counter shows "dropped"', async () => {
    sut.simulator.control.resetCounters();
    sut.simulator.control.injectFault({ kind: 'drop', path: '/item/' });
    const failure = await failureOf(read());
    expect(failure.status).toBeUndefined();
    expect(failure.code).toBe('ECONNRESET');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sut.simulator.control.counters().requests.read).toEqual({ dropped: 1 });
  });

  it('when the body is truncated JSON, then node-quickbooks hands a read back as a string and fails a query with a TypeError', async () => {
    sut.simulator.control.injectFault({ kind: 'truncated-json', path: '/item/' });
    const body = await read();
    expect(typeof body).toBe('string');
    expect(() => JSON.parse(body as string)).toThrow();
    expect(body as string).toMatch(/^\{"Item":\{"Id":"2"/);
    sut.simulator.control.injectFault({ kind: 'truncated-json', path: '/query' });
    // node-quickbooks reads `data.QueryResponse` of the unparsed string (docs/quickbooks.md#node-quickbooks): a client must guard for it.
    await expect(find()).rejects.toBeInstanceOf(TypeError);
  });

  it('when an HTML gateway page or an XML fault is injected, then the client gets those bodies as text', async () => {
    sut.simulator.control.injectFault({ kind: 'html', status: 502, path: '/query' });
    const html = await failureOf(find());
    expect(html.status).toBe(502);
    expect(String(html.data)).toContain('<title>502 Bad Gateway</title>');
    sut.simulator.control.injectFault({ kind: 'xml-fault', path: '/query' });
    const xml = await failureOf(find());
    expect(xml.status).toBe(401);
    expect(String(xml.data)).toMatch(/^<\?xml .*<Fault type="AuthenticationFault"><Error code="100">/);
  });

  it('when the token endpoint fails once with 503, then intuit-oauth\'s own retry gets through', async () => {
    const saved = { ...OAuthClient.retryConfig };
    OAuthClient.retryConfig.retryDelay = 10;
    try {
      sut.simulator.control.resetCounters();
      sut.simulator.control.injectFault({ kind: 'status', status: 503, method: 'POST', path: '/oauth2/v1/tokens/bearer' });
      const json = (await intuitOAuthClient(sut).refreshUsingToken(refreshToken)).getJson() as { refresh_token: string };
      refreshToken = json.refresh_token;
      expect(sut.simulator.control.counters().requests.token).toEqual({ 503: 1, 200: 1 });
    } finally {
      Object.assign(OAuthClient.retryConfig, saved);
    }
  });
});
