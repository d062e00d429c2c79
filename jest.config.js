/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Integration tests start real servers and child processes; two workers match the 2-core CI machine.
  maxWorkers: 2,
  testTimeout: 30000,
  // Integration suites run the real clients against the simulator over loopback HTTP.
  setupFiles: ['<rootDir>/test/support/env.ts'],
  // One throwaway PostgreSQL 15 cluster for the whole run (its admin URL in QBO_TEST_PG_ADMIN_URL); skipped with a
  // warning on a machine without PostgreSQL. Both files are TypeScript: jest runs them through the transform above.
  globalSetup: '<rootDir>/test/support/postgres-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/postgres-global-teardown.ts',
};
