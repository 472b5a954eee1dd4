import { defineConfig } from 'vite';

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
