import { defineConfig } from 'vite';

/**
 * One config for both pages: `vite build static/<page> --config static/vite.config.mts` sets the root.
 * Relative asset URLs let the same bundle run from the Forge CDN and from the local Jira shell; nothing is
 * loaded from another origin, as Custom UI's CSP requires.
 */
export default defineConfig({
  base: './',
  publicDir: false,
  // Several Atlaskit packages pull a nested react-dom 18 (analytics-next's peer range); one copy of
  // React and react-dom, the app's own (19), must serve the whole page.
  resolve: { dedupe: ['react', 'react-dom'] },
  oxc: { jsx: { runtime: 'automatic' } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: 'build',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Atlaskit is large; one admin bundle of ~1 MB is expected and served from the app's own resources.
    chunkSizeWarningLimit: 2500,
    assetsInlineLimit: 0,
  },
});
