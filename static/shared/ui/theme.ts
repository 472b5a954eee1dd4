import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { enableTheme } from '../bridge';

type ColorMode = 'light' | 'dark';

function hostMode(): ColorMode | null {
  const mode = document.documentElement.getAttribute('data-color-mode');
  return mode === 'light' || mode === 'dark' ? mode : null;
}

function tokensPresent(): boolean {
  return getComputedStyle(document.documentElement).getPropertyValue('--ds-surface').trim() !== '';
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
    if (mode !== null && !tokensPresent()) {
      void setGlobalTheme({ colorMode: mode, light: 'light', dark: 'dark' }).catch(() => undefined);
    }
  };
  apply();
  new MutationObserver(apply).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['data-color-mode'],
  });
}
