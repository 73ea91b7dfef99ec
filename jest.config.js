// Two projects: `unit` (test/unit, test/synth: no server, no terraform) and `server` (everything
// that needs a ClickHouse or Terraform; its globalSetup finds or starts the server). `npm test`
// runs both; `npm run test:unit` only the first. Time limits: test/support/timeouts.ts
// (CHX_TEST_TIME_SCALE scales them all).
const scale = Math.max(1, Number(process.env.CHX_TEST_TIME_SCALE ?? '1') || 1);
const common = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
};

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: Math.round(180000 * scale),
  // Integration tests share one server; two workers keep a 2-core machine responsive.
  maxWorkers: 2,
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/test/unit', '<rootDir>/test/synth'] },
    {
      ...common,
      displayName: 'server',
      roots: ['<rootDir>/test/live', '<rootDir>/test/integration', '<rootDir>/test/e2e', '<rootDir>/test/reliability'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
