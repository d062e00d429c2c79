import OAuthClient from 'intuit-oauth';
import QuickBooks from 'node-quickbooks';
import { createSimulator, type RunningSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator';

export const SIM_REDIRECT_URI = 'http://localhost:5002/callback';

export interface SimulatorUnderTest {
  readonly simulator: Simulator;
  readonly running: RunningSimulator;
  close(): Promise<void>;
}

/** A simulator on a random loopback port with a small company unless sizes are given. */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<SimulatorUnderTest> {
  const simulator = createSimulator({ sizes: { customers: 60, vendors: 20, items: 40, invoices: 80 }, ...options });
  const running = await simulator.listen(0);
  return { simulator, running, close: () => running.close() };
}

/**
 * The real intuit-oauth client pointed at the simulator. Its endpoints are class-level statics and
 * `setAuthorizeURLs` blanks omitted keys (docs/quickbooks.md#intuit-oauth), so all four are set.
 */
export function intuitOAuthClient(sut: SimulatorUnderTest, options: { hardExpiry?: boolean } = {}): OAuthClient {
  const client = new OAuthClient({
    clientId: sut.simulator.clientId,
    clientSecret: sut.simulator.clientSecret,
    environment: 'sandbox',
    redirectUri: SIM_REDIRECT_URI,
    logging: false,
    includeRefreshTokenHardExpiresIn: options.hardExpiry ?? false,
  });
  client.setAuthorizeURLs({
    authorizeEndpoint: sut.running.endpoints.authorizeUrl,
    tokenEndpoint: sut.running.endpoints.tokenUrl,
    revokeEndpoint: sut.running.endpoints.revokeUrl,
    userInfoEndpoint: `${sut.running.url}/v1/openid_connect/userinfo`,
  });
  return client;
}

/** Plays the browser: opens the authorize URL without following the redirect and returns the Location. */
export async function authorize(authorizeUri: string): Promise<URL> {
  const res = await fetch(authorizeUri, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`authorize answered ${res.status}`);
  return new URL(location);
}

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
}

/** The whole code flow through intuit-oauth; returns the first tokens. */
export async function connect(sut: SimulatorUnderTest): Promise<Tokens> {
  const client = intuitOAuthClient(sut);
  const callback = await authorize(client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 'test-state' }));
  const response = await client.createToken(callback.toString());
  const json = response.getJson() as { access_token: string; refresh_token: string };
  return { accessToken: json.access_token, refreshToken: json.refresh_token };
}

/** The real node-quickbooks client aimed at the simulator (its `endpoint` replaces Intuit's host). */
export function quickBooksClient(sut: SimulatorUnderTest, accessToken: string, realmId = sut.simulator.realmId): QuickBooks {
  const qbo = new QuickBooks(sut.simulator.clientId, sut.simulator.clientSecret, accessToken, false, realmId, true, false, '75', '2.0');
  qbo.endpoint = `${sut.running.endpoints.apiBaseUrl}/v3/company/`;
  return qbo;
}

// `unknown` data: node-quickbooks types its callbacks loosely; each caller states what it expects.
type NodeCallback = (err: unknown, data?: unknown) => void;

/**
 * Promisifies one node-quickbooks call. node-quickbooks calls back a second time if the first callback throws
 * (docs/quickbooks.md#node-quickbooks), so only the first call settles the promise and the callback itself never throws.
 */
export function qboCall<T>(invoke: (callback: NodeCallback) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    invoke((err, data) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(data as T);
    });
  });
}

export interface HttpFailure {
  readonly status?: number;
  readonly data?: unknown;
  readonly code?: string;
  readonly headers?: Record<string, unknown>;
}

/** node-quickbooks rejects with the raw AxiosError on non-2xx (docs/quickbooks.md#node-quickbooks); this reads what a client would. */
export async function failureOf(promise: Promise<unknown>): Promise<HttpFailure> {
  try {
    await promise;
  } catch (error) {
    const e = error as { code?: string; response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } };
    return { status: e.response?.status, data: e.response?.data, code: e.code, headers: e.response?.headers };
  }
  throw new Error('expected the call to fail');
}
