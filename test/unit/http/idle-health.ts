import { createLifecycle, type AppDeps } from '../../../src/http';

/** Health dependencies of an app with nothing connected and nothing loaded, at a fixed time (tests of the HTTP stack). */
export function idleHealth(): AppDeps['health'] {
  return {
    mode: 'demo',
    version: '1.2.3',
    policy: { refreshIntervalMs: 3_600_000, refreshTokenWarningMs: 1 },
    lifecycle: createLifecycle(),
    now: () => new Date('2026-11-23T12:00:00Z'),
    companies: () => [
      { realmId: null, servesStored: false, isDefault: true, facts: { connection: 'not_connected', cacheUpdatedAt: null, lastSyncFailed: false, syncRunning: false, refreshTokenExpiresAt: null } },
    ],
    replica: () => ({ id: 'test-replica', companies: {} }),
  };
}
