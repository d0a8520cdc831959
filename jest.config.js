// Tests run against real Redis, MariaDB, PostgreSQL and a local s3rver, started by the global setup.
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/shared',
    '<rootDir>/services',
    '<rootDir>/cli',
    '<rootDir>/e2e',
    '<rootDir>/fake-spotify',
  ],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/e2e/bench/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', {}],
    '^.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs' } }],
  },
  // hyparquet and hyparquet-writer ship only ES modules; jest's CommonJS runtime needs them transformed.
  transformIgnorePatterns: ['/node_modules/(?!(hyparquet|hyparquet-writer)/)'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
