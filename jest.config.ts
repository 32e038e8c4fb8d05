/** @jest-config-loader-options {"transpileOnly": true} */
import type { Config } from 'jest';

// One jest run over every package and the examples. `@strata/*` maps to the sources so
// tests never run against a stale dist/ (builds use tsc -b and workspace links instead).
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples'],
  testMatch: ['**/test/**/*.test.ts', '**/examples/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
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
