import OAuthClient from 'intuit-oauth';
import {
  authorize, connect, failureOf, intuitOAuthClient, qboCall, quickBooksClient, SIM_REDIRECT_URI, startTestSimulator, type SimulatorUnderTest,
} from '../../support/simulator-clients';

interface TokenJson {
  token_type: string;
  access_token: string;
  refresh_token: string;
  expires_in: number;
  x_refresh_token_expires_in: number;
  x_refresh_token_hard_expires_in?: number;
}

interface WrappedOAuthError {
  error?: string;
  error_description?: string;
  intuit_tid?: string;
}

const oauthFailure = async (promise: Promise<unknown>): Promise<WrappedOAuthError> => {
  try {
    await promise;
  } catch (error) {
    return error as WrappedOAuthError;
  }
  throw new Error('expected the OAuth call to fail');
};

describe('simulator OAuth through the real intuit-oauth', () => {
  let sut: SimulatorUnderTest;
  beforeAll(async () => { sut = await startTestSimulator({ redirectUris: [SIM_REDIRECT_URI] }); });
  afterAll(() => sut.close());

  it('when the app runs the whole code flow, then it gets Intuit-shaped tokens, refreshes with rotation and the superseded refresh token is rejected', async () => {
    const client = intuitOAuthClient(sut, { hardExpiry: true });
    const callback = await authorize(client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 'csrf-1' }));
    expect(`${callback.origin}${callback.pathname}`).toBe(SIM_REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('csrf-1');
    expect(callback.searchParams.get('realmId')).toBe(sut.simulator.realmId);

    const created = (await client.createToken(callback.toString())).getJson() as TokenJson;
    expect(Object.keys(created).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type', 'x_refresh_token_expires_in', 'x_refresh_token_hard_expires_in']);
    expect(created).toMatchObject({ token_type: 'bearer', expires_in: 3600, x_refresh_token_expires_in: 8726400 });
    expect(created.refresh_token).toMatch(/^RT1-/);
    expect(client.getToken().realmId).toBe(sut.simulator.realmId);

    const refreshed = (await client.refreshUsingToken(created.refresh_token)).getJson() as TokenJson;
    expect(refreshed.refresh_token).not.toBe(created.refresh_token);
    expect(refreshed.access_token).not.toBe(created.access_token);

    const superseded = await oauthFailure(client.refreshUsingToken(created.refresh_token));
    expect(superseded).toMatchObject({ error: 'invalid_grant', error_description: 'Incorrect or invalid refresh token' });
    expect(superseded.intuit_tid).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(sut.simulator.control.counters().supersededRefreshTokens).toBe(1);

    // The old access token keeps working until it expires; the new one works too.
    for (const token of [created.access_token, refreshed.access_token]) {
      const customer = await qboCall<{ Id: string }>((cb) => quickBooksClient(sut, token).getCustomer('1', cb));
      expect(customer.Id).toBe('1');
    }
  });

  it('when the hard-expiry header is not sent, then the response has no x_refresh_token_hard_expires_in', async () => {
    const client = intuitOAuthClient(sut);
    const callback = await authorize(client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 's' }));
    const json = (await client.createToken(callback.toString())).getJson() as TokenJson;
    expect(json.x_refresh_token_hard_expires_in).toBeUndefined();
  });

  it('when an authorization code is exchanged twice, then the second exchange is invalid_grant and the first tokens are revoked', async () => {
    const client = intuitOAuthClient(sut);
    const callback = await authorize(client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 's' }));
    const first = (await client.createToken(callback.toString())).getJson() as TokenJson;
    const again = await oauthFailure(intuitOAuthClient(sut).createToken(callback.toString()));
    expect(again.error).toBe('invalid_grant');
    expect(await oauthFailure(client.refreshUsingToken(first.refresh_token))).toMatchObject({ error: 'invalid_grant' });
  });

  it('when the user declines (control), then the redirect carries error=access_denied and state but no code', async () => {
    sut.simulator.control.denyNextAuthorizations(1);
    const client = intuitOAuthClient(sut);
    const denied = await authorize(client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 'csrf-2' }));
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('csrf-2');
    expect(denied.searchParams.has('code')).toBe(false);
    const next = await authorize(client.authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 'csrf-3' }));
    expect(next.searchParams.get('code')).toBeTruthy();
  });

  it('when the client id or redirect URI is wrong, then the authorize endpoint shows an error page and never redirects', async () => {
    const good = intuitOAuthClient(sut).authorizeUri({ scope: [OAuthClient.scopes.Accounting], state: 's' });
    for (const bad of [good.replace('client_id=sim-client-id', 'client_id=other'), good.replace(encodeURIComponent(SIM_REDIRECT_URI), encodeURIComponent('https://evil.example/cb'))]) {
      const res = await fetch(bad, { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
    }
  });

  it('when the scope lacks accounting, then the app is sent back with error=invalid_scope', async () => {
    const uri = intuitOAuthClient(sut).authorizeUri({ scope: [OAuthClient.scopes.OpenId], state: 's' });
    expect((await authorize(uri)).searchParams.get('error')).toBe('invalid_scope');
  });

  it('when the client secret is wrong, then the token endpoint answers 401 invalid_client', async () => {
    const wrong = new OAuthClient({ clientId: sut.simulator.clientId, clientSecret: 'nope', environment: 'sandbox', redirectUri: SIM_REDIRECT_URI });
    wrong.setAuthorizeURLs({
      authorizeEndpoint: sut.running.endpoints.authorizeUrl, tokenEndpoint: sut.running.endpoints.tokenUrl,
      revokeEndpoint: sut.running.endpoints.revokeUrl, userInfoEndpoint: `${sut.running.url}/userinfo`,
    });
    expect(await oauthFailure(wrong.refreshUsingToken('RT1-whatever'))).toMatchObject({ error: 'invalid_client' });
  });

  it('when an unsupported grant type is posted, then the answer is 400 unsupported_grant_type', async () => {
    const res = await fetch(sut.running.endpoints.tokenUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${sut.simulator.clientId}:${sut.simulator.clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json',
      },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'unsupported_grant_type' });
  });

  it('when the refresh token is revoked through intuit-oauth, then the whole connection ends: API 401 and refresh invalid_grant', async () => {
    const tokens = await connect(sut);
    const client = intuitOAuthClient(sut);
    await client.revoke({ refresh_token: tokens.refreshToken });
    const failure = await failureOf(qboCall((cb) => quickBooksClient(sut, tokens.accessToken).getCustomer('1', cb)));
    expect(failure.status).toBe(401);
    expect(await oauthFailure(client.refreshUsingToken(tokens.refreshToken))).toMatchObject({ error: 'invalid_grant' });
  });

  it('when revoke is sent form-encoded (as node-quickbooks does) with the access token, then it is accepted too', async () => {
    const tokens = await connect(sut);
    const res = await fetch(sut.running.endpoints.revokeUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${sut.simulator.clientId}:${sut.simulator.clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: tokens.accessToken }).toString(),
    });
    expect(res.status).toBe(200);
    expect(await oauthFailure(intuitOAuthClient(sut).refreshUsingToken(tokens.refreshToken))).toMatchObject({ error: 'invalid_grant' });
  });

  it('when control revokes refresh tokens, then the next refresh is invalid_grant while the access token still works', async () => {
    const tokens = await connect(sut);
    expect(sut.simulator.control.revokeRefreshTokens(tokens.refreshToken)).toBe(1);
    expect(await oauthFailure(intuitOAuthClient(sut).refreshUsingToken(tokens.refreshToken))).toMatchObject({ error: 'invalid_grant' });
    await expect(qboCall((cb) => quickBooksClient(sut, tokens.accessToken).getCustomer('1', cb))).resolves.toMatchObject({ Id: '1' });
  });
});
