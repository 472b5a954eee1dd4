/**
 * The shell's colour mode, as Jira's "Theme" preference: light or dark, chosen with the switch in the
 * header and kept in a cookie (like the signed-in user). The host pages are drawn in it, and a frame
 * opened under it gets it in `view.getContext().theme` and on its <html> when the page enables theming.
 */
export type ColorMode = 'light' | 'dark';

export const THEME_COOKIE = 'shell_theme';

/** The cookie's mode; anything else (none, tampered) is light, Jira's default. */
export function colorModeOf(cookie: string | undefined): ColorMode {
  return cookie === 'dark' ? 'dark' : 'light';
}

/** A submitted mode, or null when it is not one. */
export function parseColorMode(value: unknown): ColorMode | null {
  return value === 'light' || value === 'dark' ? value : null;
}

/**
 * The Partial<ThemeState> of @atlaskit/tokens that the context carries: Atlassian's default light and
 * dark themes, with the mode the user chose.
 */
export function themeState(colorMode: ColorMode) {
  return { colorMode, light: 'light', dark: 'dark', spacing: 'spacing', typography: 'typography' } as const;
}

/** The `data-theme` attribute the tokens key on, e.g. "dark:dark light:light spacing:spacing ...". */
export function dataThemeAttribute(state: ReturnType<typeof themeState>): string {
  return `dark:${state.dark} light:${state.light} spacing:${state.spacing} typography:${state.typography}`;
}
