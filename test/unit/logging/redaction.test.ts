import { captureLogs } from '../../support/log-capture';
import { redactUrl } from '../../../src/logging';

describe('log redaction', () => {
  test('when tokens, secrets and credentials are logged, then none of their values reach the output', () => {
    const { logger, text } = captureLogs();
    logger.info(
      {
        req: { headers: { authorization: 'Bearer admin-key-123', 'x-api-key': 'admin-key-456', cookie: 'sid=abc' } },
        tokens: { accessToken: 'AT-secret-1', refreshToken: 'RT1-secret-2' },
        body: { access_token: 'AT-secret-3', refresh_token: 'RT1-secret-4', client_secret: 'cs-5' },
        config: { secretKey: 'sk-6', adminApiKey: 'ak-7' },
      },
      'something happened',
    );
    logger.flush();
    const out = text();
    for (const secret of ['admin-key-123', 'admin-key-456', 'sid=abc', 'AT-secret-1', 'RT1-secret-2', 'AT-secret-3', 'RT1-secret-4', 'cs-5', 'sk-6', 'ak-7']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('[redacted]');
  });

  test('when an axios-like error with request headers is logged, then only safe fields are kept', () => {
    const { logger, text } = captureLogs();
    const err = Object.assign(new Error('Request failed with status code 401'), {
      config: { headers: { Authorization: 'Bearer AT-leak' }, data: 'grant_type=refresh_token&refresh_token=RT-leak' },
      response: { data: { fault: {} } },
      code: 'ERR_BAD_REQUEST',
    });
    logger.error({ err }, 'call failed');
    const line = JSON.parse(text().trim()) as { err: Record<string, unknown> };
    expect(text()).not.toMatch(/AT-leak|RT-leak/);
    expect(line.err.message).toBe('Request failed with status code 401');
    expect(line.err.code).toBe('ERR_BAD_REQUEST');
  });

  test('when a URL carries an OAuth code or state, then they are redacted', () => {
    expect(redactUrl('/callback?code=AB12&state=xyz&realmId=123')).toBe('/callback?code=[redacted]&state=[redacted]&realmId=123');
  });
});
