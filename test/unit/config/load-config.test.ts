import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config';

const LIVE = {
  QUICKBOOKS_CLIENT_ID: 'ABcdefghij0123456789',
  QUICKBOOKS_CLIENT_SECRET: 'secret-secret-secret',
  SECRET_KEY: 'a'.repeat(32),
  ADMIN_API_KEY: 'b'.repeat(32),
};

function errorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('when the environment is empty, then every documented default applies and the mode is demo', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('demo');
    expect(config.http).toEqual({ port: 5002, host: '0.0.0.0', corsOrigins: '*', searchCacheBytes: 16 * 1024 * 1024, searchAuth: 'open' });
    expect(config.quickbooks.environment).toBe('sandbox');
    expect(config.quickbooks.redirectUri).toBe('http://localhost:5002/callback');
    expect(config.quickbooks.apiBaseUrl).toBe('https://sandbox-quickbooks.api.intuit.com');
    expect(config.quickbooks.authorizeUrl).toBe('https://appcenter.intuit.com/connect/oauth2');
    expect(config.quickbooks.tokenUrl).toBe('https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer');
    expect(config.quickbooks.revokeUrl).toBe('https://developer.api.intuit.com/v2/oauth2/tokens/revoke');
    expect(config.quickbooks.minorVersion).toBe(75);
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.schedules).toEqual({ cacheRefreshCron: '0 * * * *', tokenCheckCron: '*/5 * * * *', fullSyncCron: '30 3 * * *' });
    expect(config.logLevel).toBe('info');
    expect(config.demo).toEqual({ seed: 42, customers: 500, vendors: 100, items: 1000, invoices: 3000, estimates: 800, purchase_orders: 300, bills: 900 });
  });

  test('when SEARCH_CACHE_MB is set, then it is the response cache budget; 0 turns it off; garbage is refused', () => {
    expect(loadConfig({ SEARCH_CACHE_MB: '64' }).http.searchCacheBytes).toBe(64 * 1024 * 1024);
    expect(loadConfig({ SEARCH_CACHE_MB: '0' }).http.searchCacheBytes).toBe(0);
    expect(loadConfig({ SEARCH_AUTH: 'keys' }).http.searchAuth).toBe('keys');
    expect(() => loadConfig({ SEARCH_AUTH: 'closed' })).toThrow(/SEARCH_AUTH/);
    expect(loadConfig({ QUICKBOOKS_DEFAULT_REALM_ID: '123' }).quickbooks.defaultRealmId).toBe('123');
    expect(() => loadConfig({ QUICKBOOKS_DEFAULT_REALM_ID: 'abc' })).toThrow(/QUICKBOOKS_DEFAULT_REALM_ID/);
    expect(errorOf({ SEARCH_CACHE_MB: '-1' }).message).toContain('SEARCH_CACHE_MB');
    expect(errorOf({ SEARCH_CACHE_MB: 'lots' }).message).toContain('SEARCH_CACHE_MB');
  });

  test('when DATABASE_URL is set, then the store is PostgreSQL; a malformed one is refused naming the variable, never the password', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    const key = { SECRET_KEY: 'a'.repeat(32) };
    expect(loadConfig({ ...key, DATABASE_URL: 'postgres://qbo:s3cret@db:5432/qbo_cache' }).databaseUrl).toBe('postgres://qbo:s3cret@db:5432/qbo_cache');
    expect(loadConfig({ ...key, DATABASE_URL: 'postgresql://db/qbo_cache' }).databaseUrl).toBe('postgresql://db/qbo_cache');
    // Demo mode's key file is one DATA_DIR's: a shared database needs the one SECRET_KEY every process has.
    expect(errorOf({ DATABASE_URL: 'postgres://db/qbo_cache' }).message).toMatch(/^Invalid configuration: SECRET_KEY is required with DATABASE_URL/);
    for (const bad of ['mysql://qbo:hunter2@db/qbo', 'postgres://qbo:hunter2@/qbo', 'qbo:hunter2@db/qbo']) {
      const error = errorOf({ DATABASE_URL: bad });
      expect(error.message).toMatch(/^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL/);
      expect(error.message).not.toContain('hunter2');
    }
  });

  test('when the config is loaded, then it is deeply frozen', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.quickbooks)).toBe(true);
    expect(Object.isFrozen(config.http)).toBe(true);
  });

  test('when APP_MODE is auto and a client id is set, then the mode is live', () => {
    expect(loadConfig({ ...LIVE }).mode).toBe('live');
  });

  test('when APP_MODE is demo, then a configured client id does not switch to live', () => {
    expect(loadConfig({ ...LIVE, APP_MODE: 'demo' }).mode).toBe('demo');
  });

  test('when live mode lacks its required settings, then one error names every missing variable', () => {
    const err = errorOf({ APP_MODE: 'live' });
    expect(err.message).toBe(
      'Invalid configuration: QUICKBOOKS_CLIENT_ID, QUICKBOOKS_CLIENT_SECRET, SECRET_KEY, ADMIN_API_KEY are required in live mode',
    );
  });

  test('when live mode lacks only ADMIN_API_KEY, then the error names it alone', () => {
    const err = errorOf({ ...LIVE, ADMIN_API_KEY: undefined });
    expect(err.variable).toBe('ADMIN_API_KEY');
    expect(err.message).toMatch(/ADMIN_API_KEY is required in live mode/);
  });

  test('when a value is blank, then it counts as unset', () => {
    const config = loadConfig({ QUICKBOOKS_CLIENT_ID: '  ', PORT: '' });
    expect(config.mode).toBe('demo');
    expect(config.http.port).toBe(5002);
  });

  test('when QUICKBOOKS_ENVIRONMENT is production, then the production API host is the default', () => {
    expect(loadConfig({ QUICKBOOKS_ENVIRONMENT: 'production' }).quickbooks.apiBaseUrl).toBe('https://quickbooks.api.intuit.com');
  });

  test('when QUICKBOOKS_SANDBOX_BASE_URL is set, then it is accepted as an alias of QUICKBOOKS_API_BASE_URL', () => {
    const config = loadConfig({ QUICKBOOKS_SANDBOX_BASE_URL: 'http://127.0.0.1:8085/v3/company/' });
    expect(config.quickbooks.apiBaseUrl).toBe('http://127.0.0.1:8085');
  });

  test('when both base URL names are set, then QUICKBOOKS_API_BASE_URL wins', () => {
    const config = loadConfig({ QUICKBOOKS_API_BASE_URL: 'http://a.test', QUICKBOOKS_SANDBOX_BASE_URL: 'http://b.test' });
    expect(config.quickbooks.apiBaseUrl).toBe('http://a.test');
  });

  test('when an endpoint is not a URL, then the error names it', () => {
    expect(errorOf({ QUICKBOOKS_TOKEN_URL: 'not a url' }).message).toBe(
      'Invalid configuration: QUICKBOOKS_TOKEN_URL must be an http(s) URL',
    );
  });

  test('when PORT is not a number or out of range, then the error names PORT', () => {
    expect(errorOf({ PORT: 'eighty' }).variable).toBe('PORT');
    expect(errorOf({ PORT: '70000' }).message).toMatch(/PORT must be between 0 and 65535/);
  });

  test('when APP_MODE has an unknown value, then the error lists the allowed ones', () => {
    expect(errorOf({ APP_MODE: 'staging' }).message).toMatch(/APP_MODE must be one of auto, live, demo/);
  });

  test('when a cron string is invalid, then the error names the variable', () => {
    expect(errorOf({ CACHE_REFRESH_CRON: 'every hour' }).variable).toBe('CACHE_REFRESH_CRON');
    expect(errorOf({ TOKEN_CHECK_CRON: '*/5 * * *' }).variable).toBe('TOKEN_CHECK_CRON');
    expect(errorOf({ CACHE_REFRESH_CRON: '61 * * * *' }).variable).toBe('CACHE_REFRESH_CRON');
  });

  test('when a cron string is valid with six fields, then it is accepted', () => {
    expect(loadConfig({ TOKEN_CHECK_CRON: '0 */5 * * * *' }).schedules.tokenCheckCron).toBe('0 */5 * * * *');
  });

  test('when SECRET_KEY is too short, then the error says how to make one', () => {
    expect(errorOf({ SECRET_KEY: 'short' }).message).toMatch(/SECRET_KEY must be at least 16 characters/);
  });

  test('when only one headless bootstrap variable is set, then the other is named as missing', () => {
    expect(errorOf({ QUICKBOOKS_REALM_ID: '9341453050000000' }).variable).toBe('QUICKBOOKS_REFRESH_TOKEN');
    expect(errorOf({ QUICKBOOKS_REFRESH_TOKEN: 'RT1-abc' }).variable).toBe('QUICKBOOKS_REALM_ID');
  });

  test('when both headless bootstrap variables are set, then they form the bootstrap', () => {
    const config = loadConfig({ QUICKBOOKS_REALM_ID: '9341453050000000', QUICKBOOKS_REFRESH_TOKEN: 'RT1-abc' });
    expect(config.quickbooks.bootstrap).toEqual({ realmId: '9341453050000000', refreshToken: 'RT1-abc' });
  });

  test('when QUICKBOOKS_REALM_ID is not numeric, then it is rejected', () => {
    expect(errorOf({ QUICKBOOKS_REALM_ID: 'abc', QUICKBOOKS_REFRESH_TOKEN: 'x' }).variable).toBe('QUICKBOOKS_REALM_ID');
  });

  test('when live mode has no CORS_ORIGINS, then no origin is allowed', () => {
    expect(loadConfig({ ...LIVE }).http.corsOrigins).toEqual([]);
  });

  test('when CORS_ORIGINS lists origins, then they are parsed and trailing slashes dropped', () => {
    const config = loadConfig({ ...LIVE, CORS_ORIGINS: 'https://app.example.com, http://localhost:3000/' });
    expect(config.http.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:3000']);
  });

  test('when CORS_ORIGINS has a path, then it is rejected as not an origin', () => {
    expect(errorOf({ CORS_ORIGINS: 'https://app.example.com/page' }).variable).toBe('CORS_ORIGINS');
  });

  test('when LOG_LEVEL is unknown, then it is rejected', () => {
    expect(errorOf({ LOG_LEVEL: 'verbose' }).variable).toBe('LOG_LEVEL');
  });

  test('when QUICKBOOKS_MINOR_VERSION is set, then it is a number', () => {
    expect(loadConfig({ QUICKBOOKS_MINOR_VERSION: '78' }).quickbooks.minorVersion).toBe(78);
  });

  test('when demo sizes are set, then they are used', () => {
    expect(loadConfig({ DEMO_CUSTOMERS: '2345' }).demo.customers).toBe(2345);
  });
});
