import { assessHealth, type HealthFacts } from '../../../src/health';

const HOUR = 60 * 60 * 1000;
const now = new Date('2026-11-23T12:00:00Z');
const policy = { refreshIntervalMs: HOUR, refreshTokenWarningMs: 14 * 24 * HOUR };
const fresh: HealthFacts = {
  connection: 'connected',
  cacheUpdatedAt: new Date(now.getTime() - 5 * 60_000),
  lastSyncFailed: false,
  syncRunning: false,
  refreshTokenExpiresAt: new Date(now.getTime() + 90 * 24 * HOUR),
};

describe('assessHealth', () => {
  test('when connected with a fresh cache, then healthy with no reasons and the cache age in minutes', () => {
    expect(assessHealth(fresh, policy, now)).toEqual({ status: 'healthy', reasons: [], cacheAgeMinutes: 5 });
  });

  test('when not connected but a cache is served, then degraded', () => {
    const result = assessHealth({ ...fresh, connection: 'not_connected' }, policy, now);
    expect(result.status).toBe('degraded');
    expect(result.reasons).toEqual(['not connected to QuickBooks']);
  });

  test('when reconnect is required, then degraded and it says so', () => {
    const result = assessHealth({ ...fresh, connection: 'reconnect_required' }, policy, now);
    expect(result.status).toBe('degraded');
    expect(result.reasons[0]).toMatch(/reconnect required/);
  });

  test('when the last sync failed, then degraded', () => {
    expect(assessHealth({ ...fresh, lastSyncFailed: true }, policy, now).status).toBe('degraded');
  });

  test('when the cache is older than two refresh intervals, then degraded', () => {
    const old = { ...fresh, cacheUpdatedAt: new Date(now.getTime() - 2 * HOUR - 1) };
    expect(assessHealth(old, policy, now).reasons).toEqual(['the cache is older than two refresh intervals']);
  });

  test('when the cache is exactly two refresh intervals old, then still healthy', () => {
    const edge = { ...fresh, cacheUpdatedAt: new Date(now.getTime() - 2 * HOUR) };
    expect(assessHealth(edge, policy, now).status).toBe('healthy');
  });

  test('when the refresh token expires within the warning window, then degraded', () => {
    const soon = { ...fresh, refreshTokenExpiresAt: new Date(now.getTime() + 3 * 24 * HOUR) };
    expect(assessHealth(soon, policy, now).reasons).toEqual(['the refresh token expires soon: reconnect the company']);
  });

  test('when nothing is cached and not connected, then unhealthy', () => {
    const result = assessHealth({ ...fresh, connection: 'not_connected', cacheUpdatedAt: null }, policy, now);
    expect(result.status).toBe('unhealthy');
    expect(result.cacheAgeMinutes).toBeNull();
  });

  test('when nothing is cached yet but the first sync runs, then degraded, not unhealthy', () => {
    const result = assessHealth({ ...fresh, cacheUpdatedAt: null, syncRunning: true }, policy, now);
    expect(result.status).toBe('degraded');
    expect(result.reasons).toEqual(['the first sync is running']);
  });

  test('when nothing is cached and the last sync failed, then unhealthy', () => {
    expect(assessHealth({ ...fresh, cacheUpdatedAt: null, lastSyncFailed: true }, policy, now).status).toBe('unhealthy');
  });
});
