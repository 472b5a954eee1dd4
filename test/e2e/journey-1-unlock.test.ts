/**
 * Journey 1 — an admin unlocks a SCIM-locked account from the admin page: look up bob.mover (locked by
 * SCIM in the demo seed), preview, unlock with a reason, see success; the audit tab shows it and exports
 * it as CSV; the simulator confirms the account is active and no longer linked. Real pages, real
 * resolvers, real proxy, real simulator; chromium drives the shell.
 */
import { readFile } from 'node:fs/promises';
import { axeViolations } from './support/axe';
import { describeInBrowser } from './support/chromium';
import { useE2eFixture } from './support/fixture';
import { adminFrame } from './support/pages';
import { saveScreenshot } from './support/sandbox';
import { simAccount } from './support/sim-state';

jest.setTimeout(120_000);

const BOB = 'bob.mover@acme.example';

describeInBrowser('journey 1: an admin unlocks a SCIM-locked account', () => {
  const fx = useE2eFixture();

  const bobInSimulator = () => simAccount(fx.e2e.control, BOB);

  it('looks up, previews, unlocks, audits, exports — and the account is active and unlinked', async () => {
    expect(await bobInSimulator()).toMatchObject({ accountStatus: 'inactive', linked: true });

    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const app = adminFrame(fx.page);
    await app.getByRole('tab', { name: 'Look up' }).click();
    await app.getByLabel('Email or account ID').fill(BOB);
    await app.getByRole('button', { name: 'Look up', exact: true }).click();
    await app.getByText(/^Diagnosis: /).waitFor();
    expect(await axeViolations(fx.page)).toEqual([]);

    await app.getByRole('button', { name: 'Unlock', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: 'Unlock the account' });
    await dialog.getByText('Preview: Dry run').waitFor();
    // The preview changed nothing.
    expect(await bobInSimulator()).toMatchObject({ accountStatus: 'inactive', linked: true });
    await dialog.getByLabel('Reason (required)').fill('Moved back to the product team (e2e journey 1)');
    await dialog.getByRole('button', { name: 'Unlock', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await app.getByText('Unlock result: Unlocked').waitFor();
    await saveScreenshot(fx.page, 'journey-1-unlock');

    const bob = await bobInSimulator();
    expect(bob).toMatchObject({ accountStatus: 'active', linked: false });

    await app.getByRole('tab', { name: 'Audit' }).click();
    const row = app
      .getByRole('table', { name: 'Audit log' })
      .getByRole('row')
      .filter({ hasText: bob.accountId });
    await row.first().waitFor();
    expect(await row.first().textContent()).toMatch(/unlock/i);
    // Unfiltered, the count comes from the server's counters.
    await app
      .getByTestId('audit-count')
      .filter({ hasText: /^\d+ entries · page 1 of 1$/ })
      .waitFor();
    await saveScreenshot(fx.page, 'journey-1-audit');

    // The audit exports as CSV: the built page's writer runs in the browser and the file downloads.
    const [download] = await Promise.all([
      fx.page.waitForEvent('download'),
      app.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^scim-unlock-audit-[\d-]+\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const [header, ...records] = csv.split('\r\n');
    expect(header).toBe(
      '"id","time","actor","action","account id","outcome","dry run","summary","remaining","request id","issue key"',
    );
    expect(records.filter((r) => r.includes(`,"unlock","${bob.accountId}","success","false",`))).toHaveLength(
      1,
    );
    await app.getByText(/^Exported \d+ entries to scim-unlock-audit-/).waitFor();

    // The filters run on the server: the account since yesterday (UTC) keeps the row; actor "app" (the
    // scheduled work) has no entry about it; a reversed range is refused before any call.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await app.getByLabel('Account ID').fill(bob.accountId);
    await app.getByLabel('From (UTC day)').fill(yesterday);
    await app.getByRole('button', { name: 'Filter', exact: true }).click();
    await row.first().waitFor();
    await app.getByLabel('Actor').fill('app');
    await app.getByRole('button', { name: 'Filter', exact: true }).click();
    await app.getByText('No audit entries').waitFor();
    await app.getByLabel('To (UTC day)').fill('2020-01-01');
    await app.getByRole('button', { name: 'Filter', exact: true }).click();
    await app.getByText('The “from” day is after the “to” day.').waitFor();
    expect(await axeViolations(fx.page)).toEqual([]);
    expect(fx.e2e.backgroundErrors).toEqual([]);
  });
});
