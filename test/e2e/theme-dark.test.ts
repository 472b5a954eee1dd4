/**
 * Dark theme in the local Jira shell, in chromium: the header's switch turns the shell dark, the admin
 * page (which enables theming through @forge/bridge and @atlaskit/tokens) is told so by getContext and
 * renders with the dark token values, and both the admin page and the issue action stay free of
 * serious or critical accessibility violations in dark. The switch is remembered across pages and
 * turns back to light.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Frame, Page } from 'playwright-core';
import { describeInBrowser } from './support/chromium';
import { useE2eFixture } from './support/fixture';
import { adminFrame, openIssueAction } from './support/pages';
import { saveScreenshot } from './support/sandbox';

jest.setTimeout(120_000);

/** @atlaskit/tokens 20.7's dark `color.surface` (#1F1F21) and `color.text` (#CECFD2), as computed. */
const DARK_SURFACE = 'rgb(31, 31, 33)';
const DARK_TEXT = 'rgb(206, 207, 210)';
const LIGHT_SURFACE = 'rgb(255, 255, 255)';

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

/** The Frame behind an iframe, to evaluate in it. */
async function frameOf(page: Page, selector: string): Promise<Frame> {
  const handle = await page.locator(selector).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error(`${selector} has no frame`);
  return frame;
}

interface Rendered {
  colorMode: string | null;
  contextMode: unknown;
  surfaceToken: string;
  background: string;
  color: string;
}

/** Waits until the page's theme is applied (the token stylesheet is loaded), then reads it. */
async function renderedTheme(frame: Frame): Promise<Rendered> {
  await frame.waitForFunction(
    () => getComputedStyle(document.documentElement).getPropertyValue('--ds-surface').trim() !== '',
  );
  return frame.evaluate(async () => {
    const bridge = (window as unknown as { __bridge: { callBridge(name: string): Promise<unknown> } })
      .__bridge;
    const context = (await bridge.callBridge('getContext')) as { theme?: { colorMode?: unknown } };
    const root = getComputedStyle(document.documentElement);
    const body = getComputedStyle(document.body);
    return {
      colorMode: document.documentElement.getAttribute('data-color-mode'),
      contextMode: context.theme?.colorMode,
      surfaceToken: root.getPropertyValue('--ds-surface').trim().toUpperCase(),
      background: body.backgroundColor,
      color: body.color,
    };
  });
}

describeInBrowser('local Jira shell: dark theme', () => {
  const fx = useE2eFixture();

  it('renders the admin page dark after the switch, with no serious accessibility violations', async () => {
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const themeSwitch = fx.page.getByRole('switch', { name: 'Dark theme' });
    expect(await themeSwitch.getAttribute('aria-checked')).toBe('false');
    await adminFrame(fx.page).getByRole('tab', { name: 'Flagged accounts' }).waitFor();
    expect(await renderedTheme(await frameOf(fx.page, 'iframe[title="SCIM Unlock"]'))).toMatchObject({
      colorMode: 'light',
      contextMode: 'light',
      background: LIGHT_SURFACE,
    });

    await themeSwitch.click();
    await fx.page.locator('html[data-color-mode="dark"]').waitFor({ state: 'attached' });
    expect(fx.page.url()).toBe(`${fx.e2e.shellUrl}/admin`);
    expect(await fx.page.getByRole('switch', { name: 'Dark theme' }).getAttribute('aria-checked')).toBe(
      'true',
    );
    expect(await fx.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(DARK_SURFACE);

    const app = adminFrame(fx.page);
    await app.getByRole('tab', { name: 'Flagged accounts' }).waitFor();
    await app.getByText('No flagged accounts').waitFor();
    expect(await renderedTheme(await frameOf(fx.page, 'iframe[title="SCIM Unlock"]'))).toEqual({
      colorMode: 'dark',
      contextMode: 'dark',
      surfaceToken: '#1F1F21',
      background: DARK_SURFACE,
      color: DARK_TEXT,
    });
    expect(await seriousViolations(fx.page)).toEqual([]);

    await app.getByRole('tab', { name: 'Look up' }).click();
    await app.getByLabel('Email or account ID').fill('bob.mover@acme.example');
    await app.getByRole('button', { name: 'Look up', exact: true }).click();
    await app.getByText(/^Diagnosis: /).waitFor();
    expect(await seriousViolations(fx.page)).toEqual([]);
    await saveScreenshot(fx.page, 'admin-dark');
  });

  it('keeps dark on the issue view and its action, then switches back to light', async () => {
    // The "•••" menu closes on Escape and on a click elsewhere, as Jira's dropdowns do.
    await fx.page.goto(`${fx.e2e.shellUrl}/browse/ITSUP-1`);
    const more = fx.page.getByRole('button', { name: 'More actions' });
    const item = fx.page.getByRole('button', { name: 'Request account unlock' });
    await more.click();
    await item.waitFor();
    await fx.page.keyboard.press('Escape');
    await item.waitFor({ state: 'hidden' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    await item.waitFor();
    await fx.page.getByRole('heading', { name: 'Description' }).click();
    await item.waitFor({ state: 'hidden' });

    const action = await openIssueAction(fx.page, fx.e2e.shellUrl, 'ITSUP-1');
    await action.getByText(/^Diagnosis: /).waitFor();
    const frame = await frameOf(fx.page, 'dialog iframe');
    expect(await renderedTheme(frame)).toMatchObject({
      colorMode: 'dark',
      contextMode: 'dark',
      background: DARK_SURFACE,
    });
    expect(await seriousViolations(fx.page)).toEqual([]);
    await fx.page
      .getByRole('dialog', { name: 'Request account unlock' })
      .getByRole('button', { name: 'Close' })
      .first()
      .click();

    await fx.page.getByRole('switch', { name: 'Dark theme' }).click();
    await fx.page.locator('html[data-color-mode="light"]').waitFor({ state: 'attached' });
    expect(fx.page.url()).toBe(`${fx.e2e.shellUrl}/browse/ITSUP-1`);
    expect(await fx.page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(LIGHT_SURFACE);
    expect(fx.e2e.backgroundErrors).toEqual([]);
  });
});
