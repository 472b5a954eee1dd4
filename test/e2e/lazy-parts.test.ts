/**
 * The pages' code split (static/shared/ui/lazy.tsx) in chromium under the shell's Custom UI CSP: the admin
 * page fetches the first tab's chunk and not the others', every script comes from the frame's own
 * resources, nothing breaks the CSP; a tab whose chunk fails to load says so accessibly and loads on
 * "Try again"; the issue action's dialog loads as its own chunk the same way.
 */
import type { Page, Request } from 'playwright-core';
import { axeViolations } from './support/axe';
import { describeInBrowser } from './support/chromium';
import { useE2eFixture } from './support/fixture';
import { adminFrame, openIssueAction } from './support/pages';
import { simState } from './support/sim-state';

jest.setTimeout(120_000);

const FRAME_ASSET = /^\/_shell\/frames\/[0-9a-f-]+\/assets\/[^/]+\.js$/;
const BRIDGE_SCRIPT = /^\/_shell\/bridge\/[0-9a-f-]+\.js$/;

describeInBrowser('lazy tabs and dialog under the Custom UI CSP', () => {
  // The shared sandbox and browser; each test opens its own page to watch what it loads.
  const fx = useE2eFixture();
  let page: Page;
  let scripts: string[];
  let cspErrors: string[];

  beforeEach(async () => {
    page = await fx.browser.context.newPage();
    scripts = [];
    cspErrors = [];
    page.on('request', (req: Request) => {
      if (req.resourceType() === 'script') scripts.push(new URL(req.url()).pathname);
    });
    page.on('console', (msg) => {
      if (/Content Security Policy/i.test(msg.text())) cspErrors.push(msg.text());
    });
  });
  afterEach(async () => {
    await page.close();
  });

  const chunk = (name: string) => scripts.some((s) => FRAME_ASSET.test(s) && s.includes(`/assets/${name}-`));

  it('loads only the first tab at start-up, from the frame’s own resources, within the CSP', async () => {
    await page.goto(`${fx.e2e.shellUrl}/admin`);
    const app = adminFrame(page);
    await app.getByText('No flagged accounts').waitFor();

    expect(chunk('FlagsSection')).toBe(true);
    for (const tab of ['LookupSection', 'RequestsSection', 'IdpSection', 'AuditSection', 'SettingsSection']) {
      expect(chunk(tab)).toBe(false);
    }
    const frameScripts = scripts.filter(
      (s) => s.startsWith('/_shell/frames/') || s.startsWith('/_shell/bridge/'),
    );
    expect(frameScripts.filter((s) => !FRAME_ASSET.test(s) && !BRIDGE_SCRIPT.test(s))).toEqual([]);

    await app.getByRole('tab', { name: 'Audit' }).click();
    await app.getByRole('heading', { name: 'Audit log' }).waitFor();
    expect(chunk('AuditSection')).toBe(true);
    expect(cspErrors).toEqual([]);
  });

  it('says when a tab cannot be loaded, and loads it on "Try again"', async () => {
    let failNext = true;
    await page.route(/\/assets\/SettingsSection-[^/]+\.js$/, async (route) => {
      if (failNext) {
        failNext = false;
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await page.goto(`${fx.e2e.shellUrl}/admin`);
    const app = adminFrame(page);
    await app.getByText('No flagged accounts').waitFor();

    await app.getByRole('tab', { name: 'Settings' }).click();
    const alert = app.getByRole('alert').filter({ hasText: 'The code for this tab could not be loaded.' });
    await alert.waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await alert.getByRole('button', { name: 'Try again' }).click();
    await app.getByRole('button', { name: 'Save settings' }).waitFor();
    expect(await alert.count()).toBe(0);
  });

  it('loads the issue action’s dialog as its own chunk', async () => {
    const issue = (await simState(fx.e2e.control)).jira.issues[0];
    if (!issue) throw new Error('the sandbox seeded no Jira issue');
    const frame = await openIssueAction(page, fx.e2e.shellUrl, issue.key);
    await frame.getByRole('heading', { name: 'Request account unlock' }).waitFor();
    expect(chunk('IssueAction')).toBe(true);
    expect(cspErrors).toEqual([]);
  });
});
