/** @atlaskit/tokens' theme artifacts: each module's default export is the theme's CSS (static/shared/ui/theme.ts). */
declare module '@atlaskit/tokens/dist/esm/artifacts/themes/*' {
  const css: string;
  export default css;
}
