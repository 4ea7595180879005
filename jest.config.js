/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
    // fauxqs (the local stack's embedded SQS server) ships ESM only; jest's CommonJS runtime needs it
    // transpiled, and its package exports only an `import` condition, hence the mapping below.
    '^.+/node_modules/fauxqs/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, module: 'commonjs', esModuleInterop: true, target: 'ES2022' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!fauxqs/)'],
  moduleNameMapper: { '^fauxqs$': '<rootDir>/node_modules/fauxqs/dist/app.js' },
  setupFiles: ['<rootDir>/test/support/env.ts'],
  // Property tests: a fixed seed in CI, random locally, FC_SEED=<seed> replays (docs/development.md).
  setupFilesAfterEnv: ['<rootDir>/test/support/property-seed.setup.ts'],
  maxWorkers: 2,
  testTimeout: 20000,
};
