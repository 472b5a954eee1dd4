/** @type {import('jest').Config} */
// The suite on the built artifact (README, "Tests"): one `npm pack` and one production-only install per
// run, in global-setup.ts; every test runs the installed `scim-unlock` as a process.
const path = require('node:path');
// The transform settings every layer shares, without the root config's per-layer projects.
const { displayName: _layer, testMatch: _match, ...shared } = require('../../jest.config.cjs').projects[0];

module.exports = {
  ...shared,
  rootDir: path.join(__dirname, '..', '..'),
  roots: ['<rootDir>/test/artifact'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/artifact/global-setup.ts',
  globalTeardown: '<rootDir>/test/artifact/global-teardown.ts',
  testTimeout: 60000,
};
