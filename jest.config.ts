// Loaded by scripts/test.ts (`npm test`), which passes it to jest as JSON: jest 29 can only read a
// jest.config.ts through ts-node, which this project does not use. Transform: @swc/jest (no
// TypeScript compiler API; type-checking is `tsc --noEmit` in npm test).
import type { Config } from 'jest';

// ES-module-only packages (OpenID Connect: the client and the tests' provider): jest 29 requires modules,
// so they are compiled to CommonJS like the tests; Node itself loads them with require (Node >= 20.19).
const ESM_ONLY = '(openid-client|oauth4webapi|jose|oidc-provider)';

const config: Config = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
    [`/node_modules/${ESM_ONLY}/.+\\.js$`]: ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}/)`],
  testTimeout: 120_000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
};

export default config;
