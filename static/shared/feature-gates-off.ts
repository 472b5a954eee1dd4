/**
 * Stands in for `@atlaskit/feature-gate-js-client/feature-gates` in the pages' bundles (static/vite.config.mts).
 * Atlaskit components ask @atlaskit/platform-feature-flags for their gates, which asks this client, a
 * Statsig SDK (~29 kB gzipped) that only Atlassian's own products initialise. Uninitialised, as in every
 * Custom UI frame, its checkGate answers false for every gate; this module gives the same answer without
 * the SDK. test/unit/static/feature-gates-off.test.ts pins that equivalence against the real client.
 */
const FeatureGates = {
  checkGate(_gateName: string): boolean {
    return false;
  },
};

export default FeatureGates;
