/**
 * The re-lock watch on the admin page: the admin sets the watch period in Settings (a bad value is
 * refused on the field), scans, unlocks Bob from Look up; the simulator's identity provider then
 * re-provisions Bob over SCIM; the next "Scan now" shows "1 re-locked by the IdP" and Bob's flag carries
 * the Re-locked lozenge with what to fix in the IdP.
 */
import { createAtlassianClients } from '../../src/atlassian';
import { axeViolations } from './support/axe';
import { describeInBrowser } from './support/chromium';
import { useE2eFixture } from './support/fixture';
import { adminFrame } from './support/pages';
import { saveScreenshot } from './support/sandbox';

jest.setTimeout(120_000);

const BOB = 'bob.mover@acme.example';

describeInBrowser('re-lock watch: an unlocked account re-provisioned by the IdP', () => {
  const fx = useE2eFixture();

  /** Okta pushes Bob again: the unlinked record kept by the unlock is replaced, linking him by email. */
  async function oktaReprovisionsBob(): Promise<void> {
    const { sim } = fx.e2e.sandbox;
    const okta = sim.identity.directories.find((d) => d.name === 'Okta Workforce');
    if (!okta) throw new Error('the demo org has an Okta directory');
    const scim = createAtlassianClients({
      baseUrl: sim.url,
      orgId: sim.identity.org.id,
      orgApiKey: sim.identity.org.apiKey,
      scimKeys: { [okta.id]: okta.scimKey },
    }).scim(okta.id);
    const old = (await scim.listUsers({ filter: { userName: BOB } })).resources[0];
    if (old) await scim.deleteUser(old.id);
    await scim.createUser({ userName: BOB, emails: [{ value: BOB, primary: true }], active: true });
  }

  it('counts the re-lock and marks the flag', async () => {
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const app = adminFrame(fx.page);

    await app.getByRole('tab', { name: 'Settings' }).click();
    const days = app.getByLabel('Watch for re-locks (days)');
    expect(await days.inputValue()).toBe('14');
    await days.fill('91');
    await app.getByLabel('Project key').fill('ITSUP');
    await app.getByRole('button', { name: 'Save settings' }).click();
    await app.getByText('Enter a whole number of days from 0 (off) to 90.').waitFor();
    await days.fill('14');
    await app.getByRole('button', { name: 'Save settings' }).click();
    await app.getByText('Flagged accounts will be posted to ITSUP as Task.').waitFor();

    await app.getByRole('tab', { name: 'Flagged accounts' }).click();
    await app.getByRole('button', { name: 'Scan now' }).click();
    const status = app.getByTestId('scan-status');
    await status.getByText('Last scan completed').waitFor();

    await app.getByRole('tab', { name: 'Look up' }).click();
    await app.getByLabel('Email or account ID').fill(BOB);
    await app.getByRole('button', { name: 'Look up', exact: true }).click();
    await app.getByText(/^Diagnosis: /).waitFor();
    await app.getByRole('button', { name: 'Unlock', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: 'Unlock the account' });
    await dialog.getByText('Preview: Dry run').waitFor();
    await dialog.getByLabel('Reason (required)').fill('Moved back to the product team (e2e re-lock)');
    await dialog.getByRole('button', { name: 'Unlock', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await app.getByText('Unlock result: Unlocked').waitFor();

    await oktaReprovisionsBob();

    await app.getByRole('tab', { name: 'Flagged accounts' }).click();
    await app.getByRole('button', { name: 'Scan now' }).click();
    await status.filter({ hasText: '1 re-locked by the IdP' }).waitFor();
    await app.getByTestId('relock-count').getByText('1 re-locked by the IdP').waitFor();

    // The tab shows one server page (open flags, last seen first); Bob's row is on one of the pages.
    const row = app
      .getByRole('table', { name: 'Flagged accounts' })
      .getByRole('row')
      .filter({ hasText: BOB });
    const summary = app.getByTestId('flag-page-summary');
    for (let page = 1; page <= 10; page++) {
      await summary.getByText(`Page ${page}:`).waitFor();
      await app.getByRole('table', { name: 'Flagged accounts' }).getByRole('row').nth(1).waitFor();
      if ((await row.count()) > 0) break;
      await app.getByRole('button', { name: 'Next page' }).click();
    }
    await row.getByText('Re-locked', { exact: true }).waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('Okta Workforce linked this account again');
    expect(text).toContain('remove the user from the Atlassian app assignment');
    expect(await axeViolations(fx.page)).toEqual([]);
    await saveScreenshot(fx.page, 'relock-watch');
    expect(fx.e2e.backgroundErrors).toEqual([]);
  });
});
