/**
 * Journey 2 — "Scan now": the admin chooses the project for findings, runs the scan, sees the flagged
 * accounts; each flagged account is posted once as a Jira issue (checked in the simulated Jira and in
 * the shell's issue list); a second scan posts nothing new. The scan runs through the app's real queue
 * on the local Forge runtime (the shell delivers queued events after the invocation, as Forge does).
 */
import type { Page } from 'playwright-core';
import { axeViolations } from './support/axe';
import { describeInBrowser, launchBrowser, type Browser } from './support/chromium';
import { adminFrame, requireBuiltPages } from './support/pages';
import { saveScreenshot, startE2eSandbox, type E2eSandbox } from './support/sandbox';
import { simState } from './support/sim-state';

jest.setTimeout(120_000);

describeInBrowser('journey 2: Scan now posts each flagged account once', () => {
  let e2e: E2eSandbox;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    requireBuiltPages();
    e2e = await startE2eSandbox();
    browser = await launchBrowser();
    page = await browser.context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await e2e?.close();
  });

  const postedIssues = async () =>
    (await simState(e2e.control)).jira.issues.filter((i) => i.labels.includes('scim-unlock'));

  it('flags, posts once, and posts nothing new on the second scan', async () => {
    await page.goto(`${e2e.shellUrl}/admin`);
    const app = adminFrame(page);

    await app.getByRole('tab', { name: 'Settings' }).click();
    await app.getByLabel('Project key').fill('ITSUP');
    await app.getByRole('button', { name: 'Save settings' }).click();
    await app.getByText('Flagged accounts will be posted to ITSUP as Task.').waitFor();

    await app.getByRole('tab', { name: 'Flagged accounts' }).click();
    await app.getByRole('button', { name: 'Scan now' }).click();
    const status = app.getByTestId('scan-status');
    await status.getByText('Last scan completed').waitFor();
    const first = (await status.textContent()) ?? '';
    const newlyFlagged = Number(/(\d+) newly flagged/.exec(first)?.[1]);
    expect(newlyFlagged).toBeGreaterThan(0);
    expect(first).toContain(`${newlyFlagged} issues posted`);

    const posted = await postedIssues();
    expect(posted).toHaveLength(newlyFlagged);
    const accounts = posted.map((i) => i.properties['scim-unlock-account']?.accountId);
    expect(new Set(accounts).size).toBe(posted.length);
    const bob = e2e.sandbox.sim.identity.jira.users.find((u) => u.email === 'bob.mover@acme.example');
    expect(accounts).toContain(bob?.accountId);

    await app.getByRole('button', { name: 'Refresh' }).click();
    const table = app.getByRole('table', { name: 'Flagged accounts' });
    await app.getByLabel('Filter accounts').fill('bob.mover');
    await table.getByRole('row').filter({ hasText: 'bob.mover@acme.example' }).waitFor();
    const bobIssue = posted.find((i) => i.properties['scim-unlock-account']?.accountId === bob?.accountId);
    expect(
      await table.getByRole('row').filter({ hasText: 'bob.mover@acme.example' }).textContent(),
    ).toContain(bobIssue?.key);
    expect(await axeViolations(page)).toEqual([]);

    await app.getByLabel('Filter accounts').fill('');
    await app.getByRole('button', { name: 'Scan now' }).click();
    // The second run's own result: completed, and nothing newly flagged or posted.
    await status
      .filter({ hasText: 'Last scan completed' })
      .filter({ hasText: /\b0 newly flagged, 0 issues posted/ })
      .waitFor();
    expect((await postedIssues()).map((i) => i.key)).toEqual(posted.map((i) => i.key));
    await saveScreenshot(page, 'journey-2-scan');

    // The findings are ordinary Jira issues: the shell's issue list shows them to a Jira user.
    await page.goto(`${e2e.shellUrl}/`);
    const itsup = page.getByRole('region', { name: 'Project ITSUP' });
    await itsup.getByRole('link', { name: bobIssue?.key ?? '(none)', exact: true }).waitFor();
    expect(await itsup.getByText(/^Account locked by SCIM: /).count()).toBe(posted.length);
    await saveScreenshot(page, 'journey-2-issues');
    expect(e2e.backgroundErrors).toEqual([]);
  });
});
