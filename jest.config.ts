/** @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from 'jest';

// One jest run over every package and the examples. `@strata/*` maps to the sources so
// tests never run against a stale dist/ (builds use tsc -b and workspace links instead).
//
// The serial group: `*.serial.test.ts` files stop and restart database servers of their own
// (never the shared ones) and load the machine heavily, so the main run leaves them out and
// `STRATA_SERIAL=1 jest` runs only them, one file at a time.
const serial = process.env.STRATA_SERIAL === '1';

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples'],
  testMatch: serial ? ['**/test/**/*.serial.test.ts'] : ['**/test/**/*.test.ts', '**/examples/**/*.test.ts'],
  testPathIgnorePatterns: serial
    ? ['/node_modules/', '/dist/']
    : ['/node_modules/', '/dist/', '\\.serial\\.test\\.ts$'],
  ...(serial ? { maxWorkers: 1 } : {}),
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
  },
  moduleNameMapper: {
    '^@strata/(core|annotations|validation|cli)$': '<rootDir>/packages/$1/src',
    '^@strata/core/sequelize$': '<rootDir>/packages/core/src/sequelize',
  },
  globalSetup: '<rootDir>/test-support/global-setup.ts',
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test-support/summary-reporter.js'],
};

export default config;
