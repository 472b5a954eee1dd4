/**
 * The incident card: the IdP (Okta in the simulator) deactivates eight users over a few minutes, as it
 * does when a group is removed from the Atlassian app assignment; after "Scan now" the Flagged accounts
 * tab shows ONE card above the table — count, directory, time range, both recoveries in plain words, the
 * members (collapsed), the incident's single Jira issue and "Unlock all 8…". Real pages, resolvers,
 * queue, proxy and simulator; chromium drives the shell.
 */
import { createAtlassianClients } from '../../src/atlassian';
import { axeViolations } from './support/axe';
import { describeInBrowser } from './support/chromium';
import { useE2eFixture } from './support/fixture';
import { adminFrame } from './support/pages';
import type { E2eSandbox } from './support/sandbox';
import { saveScreenshot } from './support/sandbox';
import { simState } from './support/sim-state';

jest.setTimeout(120_000);

interface DirectoryDump {
  directories: Array<{
    users: Array<{ id: string; userName: string; active: boolean; accountId: string | null }>;
  }>;
}

/** Eight active Okta-only staff, deactivated 30 s apart on the simulator's clock. */
async function oktaDeactivatesEight(e2e: E2eSandbox): Promise<string[]> {
  const { sim } = e2e.sandbox;
  const [okta, entra] = ((await e2e.control.state()) as unknown as DirectoryDump).directories;
  const inEntra = new Set((entra?.users ?? []).map((u) => u.userName));
  const staff = (okta?.users ?? [])
    .filter(
      (u) =>
        u.active && u.accountId !== null && /\d@acme\.example$/.test(u.userName) && !inEntra.has(u.userName),
    )
    .slice(0, 8);
  if (staff.length < 8) throw new Error('not enough Okta staff in the demo');
  const oktaId = sim.identity.directories[0]?.id ?? '';
  const clients = createAtlassianClients({
    baseUrl: sim.url,
    orgId: sim.identity.org.id,
    orgApiKey: sim.identity.org.apiKey,
    scimKeys: Object.fromEntries(sim.identity.directories.map((d) => [d.id, d.scimKey])),
  });
  for (const u of staff) {
    await e2e.control.advanceClock(30_000);
    await clients.scim(oktaId).patchUser(u.id, [{ op: 'replace', path: 'active', value: false }]);
  }
  return staff.map((u) => u.userName);
}

describeInBrowser('the incident card', () => {
  let members: string[] = [];
  const fx = useE2eFixture({
    prepare: async (e2e) => {
      members = await oktaDeactivatesEight(e2e);
    },
  });

  it('shows one card with the count, directory, time range, both recoveries and Unlock all', async () => {
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const app = adminFrame(fx.page);
    await app.getByRole('tab', { name: 'Settings' }).click();
    await app.getByLabel('Project key').fill('ITSUP');
    await app.getByRole('button', { name: 'Save settings' }).click();
    await app.getByText('Flagged accounts will be posted to ITSUP as Task.').waitFor();

    await app.getByRole('tab', { name: 'Flagged accounts' }).click();
    await app.getByRole('button', { name: 'Scan now' }).click();
    await app.getByTestId('scan-status').getByText('Last scan completed').waitFor();

    const card = app.getByTestId('incident-card');
    await card.waitFor();
    expect(await card.count()).toBe(1);
    const headline = card.getByRole('heading', { level: 4 });
    expect(await headline.textContent()).toMatch(
      /^8 accounts deactivated by Okta Workforce between \d\d:\d\d and \d\d:\d\d UTC on \d{4}-\d\d-\d\d$/,
    );
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Re-assign the users in Okta Workforce');
    expect(text).toContain('right when removing them was a mistake');
    expect(text).toContain('reactivates their accounts itself and keeps managing them');
    expect(text).toContain('Unlock them here');
    expect(text).toContain('right when they should no longer be managed by Okta Workforce');

    // The one Jira issue the scan posted for the whole incident.
    const incidentIssues = (await simState(fx.e2e.control)).jira.issues.filter((i) =>
      i.summary.startsWith('SCIM incident: 8 accounts'),
    );
    expect(incidentIssues).toHaveLength(1);
    await card.getByRole('link', { name: incidentIssues[0]?.key ?? '(none)' }).waitFor();

    // Members are collapsed until asked for.
    const list = card.getByRole('list', { name: 'Accounts in this incident' });
    expect(await list.isVisible()).toBe(false);
    await card.getByText('Show the 8 accounts').click();
    await list.waitFor();
    const items = (await list.getByRole('listitem').allTextContents()).join('\n');
    for (const email of members) expect(items).toContain(email);

    expect(await axeViolations(fx.page)).toEqual([]);
    await saveScreenshot(fx.page, 'incident-card');

    // "Unlock all" hands the members to the page's batch flow: its preview reads exactly those 8.
    await card.getByRole('button', { name: 'Unlock all 8…' }).click();
    const preview = app.getByRole('dialog', { name: /^Unlock 8 accounts deactivated by / });
    await preview.getByText('8 accounts are checked first; nothing changes until you confirm.').waitFor();
    await preview.getByTestId('batch-preview').waitFor();
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await preview.waitFor({ state: 'detached' });
    expect(fx.e2e.backgroundErrors).toEqual([]);
  });
});
