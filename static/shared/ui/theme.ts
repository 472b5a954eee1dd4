import { getThemeHtmlAttrs } from '@atlaskit/tokens/get-theme-html-attrs';
import { enableTheme } from '../bridge';

type ColorMode = 'light' | 'dark';

/**
 * Atlassian's default themes, as setGlobalTheme would pick them for a fixed colour mode: the mode's colour
 * theme plus shape, spacing, typography and motion (@atlaskit/tokens' getThemePreferences).
 */
const THEME_STATE = {
  light: 'light',
  dark: 'dark',
  shape: 'shape',
  spacing: 'spacing',
  typography: 'typography',
  motion: 'motion',
} as const;

type ThemeId = (typeof THEME_STATE)[keyof typeof THEME_STATE];

/**
 * The token stylesheets this page can use, one chunk each, fetched only when applied. setGlobalTheme's
 * loader reaches every theme @atlaskit/tokens ships (increased contrast, test and custom themes, ~20
 * chunks and a theme generator), so the pages import the six they use from the package's theme
 * artifacts instead; the version is pinned in package.json, and test/e2e/theme-dark.test.ts checks the
 * dark values a page renders with.
 */
const THEME_CSS: Record<ThemeId, () => Promise<{ default: string }>> = {
  light: () => import('@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-light.js'),
  dark: () => import('@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-dark.js'),
  shape: () => import('@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-shape.js'),
  spacing: () => import('@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-spacing.js'),
  typography: () => import('@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-typography.js'),
  motion: () => import('@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-motion.js'),
};

function hostMode(): ColorMode | null {
  const mode = document.documentElement.getAttribute('data-color-mode');
  return mode === 'light' || mode === 'dark' ? mode : null;
}

function tokensPresent(): boolean {
  return getComputedStyle(document.documentElement).getPropertyValue('--ds-surface').trim() !== '';
}

const loading = new Map<ThemeId, Promise<void>>();

/** Appends a theme's stylesheet once, as <style data-theme="…"> like @atlaskit/tokens does. */
function loadTheme(id: ThemeId): Promise<void> {
  let pending = loading.get(id);
  if (!pending) {
    pending = THEME_CSS[id]().then(({ default: css }) => {
      const style = document.createElement('style');
      style.textContent = css;
      style.dataset.theme = id;
      document.head.appendChild(style);
    });
    // A failed fetch may be retried by the next change of mode.
    pending.catch(() => loading.delete(id));
    loading.set(id, pending);
  }
  return pending;
}

/**
 * The tokens' selectors key on <html data-theme>; the host owns data-color-mode, so only data-theme is
 * written, and only when it differs (a write of data-color-mode would wake the observer below again).
 */
async function applyTokens(mode: ColorMode): Promise<void> {
  const attrs = getThemeHtmlAttrs({ ...THEME_STATE, colorMode: mode });
  const dataTheme = attrs['data-theme'];
  const root = document.documentElement;
  if (dataTheme !== undefined && root.getAttribute('data-theme') !== dataTheme) {
    root.setAttribute('data-theme', dataTheme);
  }
  const themes: ThemeId[] = [THEME_STATE[mode], 'shape', 'spacing', 'typography', 'motion'];
  await Promise.all(themes.map(loadTheme));
}

/**
 * Opts in to Jira's light/dark theme. Jira sets the colour mode on <html> and normally supplies the
 * design-token stylesheet too; when a host sets the mode without the stylesheet, the tokens are loaded
 * here so the page still follows it. Components carry light fallbacks, so no host theme means light.
 */
export async function startTheme(): Promise<void> {
  await enableTheme();
  const apply = () => {
    const mode = hostMode();
    if (mode !== null && !tokensPresent()) void applyTokens(mode).catch(() => undefined);
  };
  apply();
  new MutationObserver(apply).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-color-mode'],
  });
}
