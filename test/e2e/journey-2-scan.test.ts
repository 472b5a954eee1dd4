/**
 * Journey 2 — "Scan now": the admin chooses the project for findings, runs the scan, sees the flagged
 * accounts; each flagged account is posted once as a Jira issue (checked in the simulated Jira and in
 * the shell's issue list); a second scan posts nothing new. The scan runs through the app's real queue
 * on the local Forge runtime (the shell delivers queued events after the invocation, as Forge does).
 */
import { axeViolations } from './support/axe';
import { describeInBrowser } from './support/chromium';
import { useE2eFixture } from './support/fixture';
import { adminFrame } from './support/pages';
import { saveScreenshot } from './support/sandbox';
import { simState } from './support/sim-state';

jest.setTimeout(120_000);

describeInBrowser('journey 2: Scan now posts each flagged account once', () => {
  const fx = useE2eFixture();

  const postedIssues = async () =>
    (await simState(fx.e2e.control)).jira.issues.filter((i) => i.labels.includes('scim-unlock'));

  it('flags, posts once, and posts nothing new on the second scan', async () => {
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const app = adminFrame(fx.page);

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
    const bob = fx.e2e.sandbox.sim.identity.jira.users.find((u) => u.email === 'bob.mover@acme.example');
    expect(accounts).toContain(bob?.accountId);

    await app.getByRole('button', { name: 'Refresh' }).click();
    const table = app.getByRole('table', { name: 'Flagged accounts' });
    // The tab shows one server page (open flags, last seen first); Bob's row is on one of the pages.
    const bobRow = table.getByRole('row').filter({ hasText: 'bob.mover@acme.example' });
    const summary = app.getByTestId('flag-page-summary');
    for (let page = 1; page <= 10; page++) {
      await summary.getByText(`Page ${page}:`).waitFor();
      await table.getByRole('row').nth(1).waitFor();
      if ((await bobRow.count()) > 0) break;
      await app.getByRole('button', { name: 'Next page' }).click();
    }
    await bobRow.waitFor();
    const bobIssue = posted.find((i) => i.properties['scim-unlock-account']?.accountId === bob?.accountId);
    expect(
      await table.getByRole('row').filter({ hasText: 'bob.mover@acme.example' }).textContent(),
    ).toContain(bobIssue?.key);
    expect(await axeViolations(fx.page)).toEqual([]);

    await app.getByRole('button', { name: 'Scan now' }).click();
    // The second run's own result: completed, and nothing newly flagged or posted.
    await status
      .filter({ hasText: 'Last scan completed' })
      .filter({ hasText: /\b0 newly flagged, 0 issues posted/ })
      .waitFor();
    expect((await postedIssues()).map((i) => i.key)).toEqual(posted.map((i) => i.key));
    await saveScreenshot(fx.page, 'journey-2-scan');

    // The findings are ordinary Jira issues: the shell's issue list shows them to a Jira user.
    await fx.page.goto(`${fx.e2e.shellUrl}/`);
    const itsup = fx.page.getByRole('region', { name: 'Project ITSUP' });
    await itsup.getByRole('link', { name: bobIssue?.key ?? '(none)', exact: true }).waitFor();
    expect(await itsup.getByText(/^Account locked by SCIM: /).count()).toBe(posted.length);
    await saveScreenshot(fx.page, 'journey-2-issues');
    expect(fx.e2e.backgroundErrors).toEqual([]);
  });
});
