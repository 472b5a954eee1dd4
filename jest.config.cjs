/** @type {import('jest').Config} */
// jose and @keycloak/keycloak-admin-client (with the ESM-only packages it imports) ship ESM
// only, and so does csv-stringify's browser build that the pages bundle; Jest's CommonJS runtime
// needs them transpiled, so they are exempted from transformIgnorePatterns.
const esmOnly = [
  'jose',
  '@keycloak/keycloak-admin-client',
  'url-template',
  'camelize-ts',
  '@microsoft/kiota-[a-z-]+',
  '@std-uritemplate/std-uritemplate',
  'tinyduration',
  'csv-stringify',
];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The built-artifact suite packs and installs once per run; it has its own config (test/artifact).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/artifact/'],
  transform: {
    '^.+\\.[cm]?[tj]sx?$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.map((p) => p.replace('/', '\\/')).join('|')})/)`],
  testTimeout: 30000,
};
