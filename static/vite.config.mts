import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const FEATURE_GATES = '@atlaskit/feature-gate-js-client/feature-gates';
const FEATURE_GATES_OFF = fileURLToPath(new URL('./shared/feature-gates-off.ts', import.meta.url));

/**
 * Serves static/shared/feature-gates-off.ts for Atlaskit's feature-gate client (see that file). Only
 * @atlaskit/platform-feature-flags may import it, and only the one module that calls `checkGate`; any other
 * importer fails the build, so a new use of the client is looked at before it is answered "off".
 */
function featureGatesOff(): Plugin {
  return {
    name: 'scim-unlock:feature-gates-off',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!source.startsWith('@atlaskit/feature-gate-js-client')) return null;
      if (
        source === FEATURE_GATES &&
        importer?.includes('/@atlaskit/platform-feature-flags/dist/esm/resolveBooleanFlag.js')
      ) {
        return FEATURE_GATES_OFF;
      }
      this.error(
        `${importer ?? 'an entry'} imports ${source}; static/shared/feature-gates-off.ts only stands in for the checkGate call of @atlaskit/platform-feature-flags. Check what the new importer needs before extending it.`,
      );
    },
  };
}

/**
 * One config for both pages: `vite build static/<page> --config static/vite.config.mts` sets the root.
 * Relative asset URLs let the same bundle run from the Forge CDN and from the local Jira shell; nothing is
 * loaded from another origin, as Custom UI's CSP requires.
 */
export default defineConfig({
  base: './',
  publicDir: false,
  // One copy of React and react-dom, the app's own, must serve the whole page: a package that ever nests
  // its own copy (a stale peer range) would otherwise bundle a second React that hooks cannot share.
  resolve: { dedupe: ['react', 'react-dom'] },
  plugins: [featureGatesOff()],
  oxc: { jsx: { runtime: 'automatic' } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'build',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Page weight is checked against tools/size/budget.json by `npm run size`, not by Vite's warning.
    chunkSizeWarningLimit: 2500,
    assetsInlineLimit: 0,
  },
});
