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
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[cm]?[tj]sx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }],
  },
  transformIgnorePatterns: [`node_modules/(?!(${esmOnly.map((p) => p.replace('/', '\\/')).join('|')})/)`],
};
// One project per test layer, so `npm run test:unit` (or `jest --selectProjects unit`) runs one layer:
// unit = pure, in-process; contract = the simulator against Atlassian's OpenAPI documents; integration =
// real HTTP between real parts on loopback; e2e = the whole sandbox driven through headless chromium.
// The built-artifact suite (test/artifact) packs and installs once per run and has its own config.
const layers = ['unit', 'contract', 'integration', 'e2e'];
module.exports = {
  testTimeout: 30000,
  projects: layers.map((layer) => ({
    ...shared,
    displayName: layer,
    rootDir: __dirname,
    testMatch: [`<rootDir>/test/${layer}/**/*.test.ts`],
  })),
};
