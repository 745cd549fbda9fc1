// Loaded by scripts/test.ts (`npm test`), which passes it to jest as JSON: jest 29 can only read a
// jest.config.ts through ts-node, which this project does not use. Transform: @swc/jest (no
// TypeScript compiler API; type-checking is `tsc --noEmit` in npm test).
import type { Config } from 'jest';

const config: Config = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  testTimeout: 120_000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
};

export default config;
