import { createOAuthState } from '../../../src/simulator/oauth/oauth-state';

const REDIRECT = 'http://localhost/cb';

describe('simulator OAuth state', () => {
  let clock = 0;
  const state = () => createOAuthState({ realmId: 'r1', accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 100, refreshTokenHardTtlSeconds: 250, now: () => clock });
  beforeEach(() => { clock = 1_000_000; });

  it('when refreshing, then the refresh lifetime rolls forward but never past the hard expiry', () => {
    const oauth = state();
    const first = oauth.exchangeCode(oauth.issueCode(REDIRECT), REDIRECT);
    if (!first.ok) throw new Error(first.description);
    expect(first.grant).toMatchObject({ expires_in: 60, x_refresh_token_expires_in: 100, hard_expires_in: 250 });
    clock += 90_000;
    const second = oauth.refresh(first.grant.refresh_token);
    if (!second.ok) throw new Error(second.description);
    expect(second.grant).toMatchObject({ x_refresh_token_expires_in: 100, hard_expires_in: 160 });
    clock += 90_000;
    const third = oauth.refresh(second.grant.refresh_token);
    if (!third.ok) throw new Error(third.description);
    expect(third.grant).toMatchObject({ x_refresh_token_expires_in: 70, hard_expires_in: 70 });
    clock += 70_000;
    expect(oauth.refresh(third.grant.refresh_token)).toEqual({ ok: false, description: 'Incorrect or invalid refresh token' });
  });

  it('when a refresh token is not used within its rolling lifetime, then it is rejected', () => {
    const oauth = state();
    const first = oauth.exchangeCode(oauth.issueCode(REDIRECT), REDIRECT);
    if (!first.ok) throw new Error(first.description);
    clock += 100_000;
    expect(oauth.refresh(first.grant.refresh_token)).toMatchObject({ ok: false });
  });

  it('when a code is older than 10 minutes or the redirect URI differs, then the exchange fails', () => {
    const oauth = state();
    const code = oauth.issueCode(REDIRECT);
    expect(oauth.exchangeCode(code, 'http://other/cb')).toMatchObject({ ok: false });
    clock += 10 * 60_000;
    expect(oauth.exchangeCode(code, REDIRECT)).toMatchObject({ ok: false, description: 'Invalid or expired authorization code' });
  });

  it('when access tokens expire, then the check says expired; old ones stay valid after a refresh until then', () => {
    const oauth = state();
    const first = oauth.exchangeCode(oauth.issueCode(REDIRECT), REDIRECT);
    if (!first.ok) throw new Error(first.description);
    clock += 30_000;
    const second = oauth.refresh(first.grant.refresh_token);
    if (!second.ok) throw new Error(second.description);
    expect(oauth.checkAccessToken(first.grant.access_token)).toEqual({ ok: true, realmId: 'r1' });
    clock += 30_000;
    expect(oauth.checkAccessToken(first.grant.access_token)).toEqual({ ok: false, reason: 'expired' });
    expect(oauth.checkAccessToken(second.grant.access_token)).toEqual({ ok: true, realmId: 'r1' });
    expect(oauth.checkAccessToken('nope')).toEqual({ ok: false, reason: 'invalid' });
  });
});
