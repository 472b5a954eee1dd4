/**
 * Batch unlock from the admin page, in the built page against the whole sandbox: a pasted list (checked,
 * duplicates dropped) runs as a batch; then, after a scan, "select all N matching the filter" → the
 * combined preview → reason → progress → the report with its CSV, flags resolved; leaving the page and
 * coming back finds the finished batch. The proxy runs each batch; the page only polls it.
 */
import { readFile } from 'node:fs/promises';
import type { FrameLocator } from 'playwright-core';
import { axeViolations } from './support/axe';
import { describeInBrowser } from './support/chromium';
import { useE2eFixture } from './support/fixture';
import { adminFrame } from './support/pages';
import { saveScreenshot } from './support/sandbox';
import { simAccount, simState } from './support/sim-state';

jest.setTimeout(180_000);

const BOB = 'bob.mover@acme.example';

describeInBrowser('batch unlock: a pasted list, then every flagged account at once', () => {
  const fx = useE2eFixture();

  /** Waits for the report of the batch in the open progress dialog and answers the dialog. */
  async function finishedReport(app: FrameLocator, title: string) {
    const dialog = app.getByRole('dialog', { name: title });
    await dialog.getByTestId('batch-progress').getByText('Finished', { exact: true }).waitFor();
    await dialog
      .getByTestId('batch-completion')
      .getByText(/flags? resolved/)
      .waitFor();
    return dialog;
  }

  it('a pasted list is checked, previewed and run', async () => {
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const app = adminFrame(fx.page);
    await app.getByRole('button', { name: 'Unlock a list…' }).click();
    const paste = app.getByRole('dialog', { name: 'Unlock a list of accounts' });
    const list = paste.getByLabel('Emails or account IDs');
    await list.fill(`${BOB}\nnot an account\n`);
    await paste.getByText('Line 2: “not an account” is neither an email nor an account ID.').waitFor();
    expect(await paste.getByRole('button', { name: 'Preview' }).isDisabled()).toBe(true);
    await list.fill(`${BOB}\n${BOB.toUpperCase()}\n`);
    await paste.getByText('1 account ready, 1 duplicate removed.').waitFor();
    expect(await axeViolations(fx.page)).toEqual([]);
    await paste.getByRole('button', { name: 'Preview' }).click();

    const title = 'Unlock 1 account from a list';
    const preview = app.getByRole('dialog', { name: title });
    const summary = preview.getByTestId('batch-preview');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Will unlock1');
    // The preview is a dry run: nothing changed.
    expect(await simAccount(fx.e2e.control, BOB)).toMatchObject({ accountStatus: 'inactive', linked: true });
    await preview.getByLabel('Reason (required)').fill('Moved back to the product team (e2e batch)');
    await preview.getByRole('button', { name: 'Unlock 1 account' }).click();

    const report = await finishedReport(app, title);
    expect(await report.getByRole('table', { name: 'Accounts in this batch' }).textContent()).toContain(BOB);
    expect(await simAccount(fx.e2e.control, BOB)).toMatchObject({ accountStatus: 'active', linked: false });
    await report.getByRole('button', { name: 'Close', exact: true }).click();
    await report.waitFor({ state: 'hidden' });
    expect(fx.e2e.backgroundErrors).toEqual([]);
  });

  it('select all → preview → run → progress → report with CSV; the batch is there after a reload', async () => {
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const app = adminFrame(fx.page);
    await app.getByRole('tab', { name: 'Settings' }).click();
    await app.getByLabel('Project key').fill('ITSUP');
    await app.getByRole('button', { name: 'Save settings' }).click();
    await app.getByText('Flagged accounts will be posted to ITSUP as Task.').waitFor();
    await app.getByRole('tab', { name: 'Flagged accounts' }).click();
    await app.getByRole('button', { name: 'Scan now' }).click();
    await app.getByTestId('scan-status').getByText('Last scan completed').waitFor();
    await app.getByRole('button', { name: 'Refresh' }).click();

    const selectAll = app.getByRole('button', { name: /^Select all \d+ matching the filter$/ });
    await selectAll.and(app.getByRole('button', { name: /^Select all [1-9]\d* / })).waitFor();
    const n = Number(/\d+/.exec((await selectAll.textContent()) ?? '')?.[0]);
    expect(n).toBeGreaterThan(1);
    await selectAll.click();
    await app.getByTestId('selection-count').getByText(`${n} accounts selected.`).waitFor();
    // One row unticked and ticked again: the row checkboxes drive the same selection.
    const firstBox = app.getByRole('table', { name: 'Flagged accounts' }).getByRole('checkbox').first();
    await firstBox.uncheck();
    await app
      .getByTestId('selection-count')
      .getByText(`${n - 1} accounts selected.`)
      .waitFor();
    await firstBox.check();
    await app.getByRole('button', { name: 'Unlock selected…' }).click();

    const title = `Unlock ${n} selected accounts`;
    const preview = app.getByRole('dialog', { name: title });
    const summary = preview.getByTestId('batch-preview');
    await summary.waitFor();
    const text = (await summary.textContent()) ?? '';
    const willUnlock = Number(/Will unlock(\d+)/.exec(text)?.[1]);
    expect(willUnlock).toBeGreaterThan(0);
    expect(text).toMatch(/Upstream calls\d+/);
    expect(text).toMatch(/Time estimateabout \d+/);
    expect(await axeViolations(fx.page)).toEqual([]);
    await saveScreenshot(fx.page, 'batch-preview');
    await preview.getByLabel('Reason (required)').fill('Reorg moved them out of the synced group (e2e)');
    await preview.getByRole('button', { name: /^Unlock \d+ accounts?$/ }).click();

    const report = await finishedReport(app, title);
    const counts = report.getByRole('status').filter({ has: app.getByLabel('Accounts by outcome') });
    // The run reads each account again just before changing it, so it may find more blockers than the
    // preview did; it never unlocks more than the preview promised.
    const unlocked = Number(/Unlocked(\d+)/.exec((await counts.textContent()) ?? '')?.[1]);
    expect(unlocked).toBeGreaterThan(0);
    expect(unlocked).toBeLessThanOrEqual(willUnlock);
    expect(await report.getByTestId('batch-completion').textContent()).toMatch(
      new RegExp(`^${unlocked} flags? resolved, ${unlocked} Jira issues? commented\\.$`),
    );
    expect(await axeViolations(fx.page)).toEqual([]);
    await saveScreenshot(fx.page, 'batch-report');

    const [download] = await Promise.all([
      fx.page.waitForEvent('download'),
      report.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^scim-unlock-b-[a-z0-9]+-[\d-]+\.csv$/);
    const [header, ...rows] = (await readFile(await download.path(), 'utf8')).split('\r\n');
    expect(header).toBe(
      '"account","account id","outcome","outcome (words)","blockers","detail","attempts","resumed after a restart"',
    );
    const records = rows.filter((r) => r !== '');
    expect(records).toHaveLength(n);
    expect(records.filter((r) => r.includes(',"unlocked","Unlocked",'))).toHaveLength(unlocked);
    await report.getByRole('button', { name: 'Close', exact: true }).click();
    await report.waitFor({ state: 'hidden' });

    // The accounts the report calls unlocked are active in the simulator.
    const active = (await simState(fx.e2e.control)).accounts.filter((a) => a.accountStatus === 'active');
    expect(active.length).toBeGreaterThanOrEqual(unlocked);

    // Another visit finds the finished batch and its report.
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const again = adminFrame(fx.page);
    const card = again.getByTestId('current-batch');
    await card.getByText(title).waitFor();
    expect(await card.textContent()).toContain(`${n} of ${n} accounts done`);
    await card.getByRole('button', { name: 'Show the report' }).click();
    const reopened = await finishedReport(again, title);
    await saveScreenshot(fx.page, 'batch-card');
    await fx.page.keyboard.press('Escape');
    await reopened.waitFor({ state: 'hidden' });
    expect(fx.e2e.backgroundErrors).toEqual([]);
  });
});
