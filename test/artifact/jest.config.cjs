/** @type {import('jest').Config} */
// The suite on the built artifact (README, "Tests"): one `npm pack` and one production-only install per
// run, in global-setup.ts; every test runs the installed `scim-unlock` as a process.
const base = require('../../jest.config.cjs');
const path = require('node:path');

module.exports = {
  ...base,
  rootDir: path.join(__dirname, '..', '..'),
  roots: ['<rootDir>/test/artifact'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/artifact/global-setup.ts',
  globalTeardown: '<rootDir>/test/artifact/global-teardown.ts',
  testTimeout: 60000,
};
