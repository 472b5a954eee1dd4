/**
 * Journey — IdP offboarding from the admin page: "Dry run now" on the demo realm (which covers only part
 * of the org) shows the circuit breaker's reason and changes nothing; with the realm made to cover the
 * org and two users disabled, the dry run shows the plan; "Apply now…" with a reason deactivates the
 * leaver, suspends the unmanaged account and links the ONE Jira issue that reports it. Real pages,
 * resolvers, queue, proxy, simulator (Keycloak included); chromium drives the shell.
 */
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { axeViolations } from './support/axe';
import { describeInBrowser } from './support/chromium';
import { useE2eFixture } from './support/fixture';
import { adminFrame } from './support/pages';
import { saveScreenshot } from './support/sandbox';
import { simAccount, simState } from './support/sim-state';

jest.setTimeout(120_000);

const IVY = 'ivy.invited@acme.example'; // managed, active; disabled in the demo realm
const JACK = 'jack.external@gmail.com'; // unmanaged, active membership

describeInBrowser('journey: IdP offboarding — dry run, plan, apply', () => {
  const fx = useE2eFixture();

  /** Every active managed account gets an enabled realm user; Ivy and Jack are disabled. */
  async function coverOrgInRealm(): Promise<void> {
    const { sim } = fx.e2e.sandbox;
    const kc = new KcAdminClient({ baseUrl: `${sim.url}/keycloak`, realmName: sim.identity.keycloak.realm });
    await kc.auth({
      grantType: 'client_credentials',
      clientId: sim.identity.keycloak.clientId,
      clientSecret: sim.identity.keycloak.clientSecret,
    });
    const have = new Set(
      (await kc.users.find({ max: 10_000, briefRepresentation: true })).map((u) => u.email?.toLowerCase()),
    );
    const { accounts } = (await fx.e2e.control.state()) as unknown as {
      accounts: Array<{ email: string; accountStatus: string; claimStatus: string }>;
    };
    for (const a of accounts) {
      if (a.claimStatus === 'managed' && a.accountStatus === 'active' && !have.has(a.email.toLowerCase())) {
        await kc.users.create({
          username: a.email.split('@')[0] ?? a.email,
          email: a.email,
          emailVerified: true,
          enabled: true,
        });
      }
    }
    for (const email of [IVY, JACK]) {
      const [u] = await kc.users.find({ email, exact: true });
      if (u?.id) await kc.users.update({ id: u.id }, { enabled: false });
      else
        await kc.users.create({
          username: email.split('@')[0] ?? email,
          email,
          emailVerified: true,
          enabled: false,
        });
    }
  }

  const idpIssues = async () =>
    (await simState(fx.e2e.control)).jira.issues.filter((i) => i.labels.includes('idp-offboarding'));

  it('shows the breaker’s reason, then the plan, then applies it with a reason and links the issue', async () => {
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const app = adminFrame(fx.page);

    await app.getByRole('tab', { name: 'Settings' }).click();
    await app.getByLabel('Project key').fill('ITSUP');
    await app.getByRole('button', { name: 'Save settings' }).click();
    await app.getByText('Flagged accounts will be posted to ITSUP as Task.').waitFor();

    await app.getByRole('tab', { name: 'IdP offboarding' }).click();
    const status = app.getByTestId('idp-status');
    await status.getByText('No IdP sync has run yet.').waitFor();
    const before = JSON.stringify((await simState(fx.e2e.control)).accounts);

    // The demo realm covers only part of the org: the breaker stops the run and says why.
    await app.getByRole('button', { name: 'Dry run now' }).click();
    await status.getByText(/^Stopped by the circuit breaker: /).waitFor();
    expect(await status.textContent()).toMatch(/look like leavers.*Nothing was applied\./);
    expect(JSON.stringify((await simState(fx.e2e.control)).accounts)).toBe(before);
    const abortIssue = await idpIssues();
    expect(abortIssue).toHaveLength(1);
    await app
      .getByTestId('idp-report')
      .getByRole('link', { name: abortIssue[0]?.key ?? '(none)' })
      .waitFor();
    expect(await axeViolations(fx.page)).toEqual([]);
    await saveScreenshot(fx.page, 'idp-offboarding-breaker');

    // A realm that covers the org: the dry run shows the plan, nothing changes.
    await coverOrgInRealm();
    await app.getByRole('button', { name: 'Dry run now' }).click();
    await status.getByText('Dry run: 1 to deactivate, 1 to suspend').waitFor();
    const plan = app.getByRole('table', { name: 'IdP offboarding plan' });
    const ivyRow = plan.getByRole('row').filter({ hasText: IVY });
    await ivyRow.waitFor();
    expect(await ivyRow.textContent()).toMatch(/Disabled in Keycloak.*Deactivate/);
    expect(await plan.getByRole('row').filter({ hasText: JACK }).textContent()).toContain('Suspend access');
    expect(JSON.stringify((await simState(fx.e2e.control)).accounts)).toBe(before);
    expect(await idpIssues()).toHaveLength(1);
    expect(await axeViolations(fx.page)).toEqual([]);
    await saveScreenshot(fx.page, 'idp-offboarding-plan');

    // Applying asks for a reason first.
    await app.getByRole('button', { name: 'Apply now…' }).click();
    const dialog = app.getByRole('dialog', { name: 'Apply the IdP offboarding plan' });
    await dialog.getByText(/said: Dry run: 1 to deactivate, 1 to suspend/).waitFor();
    expect(await axeViolations(fx.page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Apply now' }).click();
    await dialog.getByText('Enter a reason.').waitFor();
    await dialog.getByLabel('Reason (required)').fill('Leavers confirmed by HR (fx.e2e)');
    await dialog.getByRole('button', { name: 'Apply now' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await status.getByText('Applied: 1 deactivated, 1 suspended').waitFor();

    const applied = app.getByRole('table', { name: 'Applied changes' });
    await applied.getByRole('row').filter({ hasText: IVY }).waitFor();
    expect(await simAccount(fx.e2e.control, IVY)).toMatchObject({ accountStatus: 'inactive' });
    expect(await simAccount(fx.e2e.control, JACK)).toMatchObject({ accountStatus: 'active' });
    const issues = await idpIssues();
    expect(issues).toHaveLength(2);
    const report = issues.find((i) => i.summary.startsWith('IdP offboarding: '));
    expect(report?.summary).toMatch(/^IdP offboarding: 1 deactivated, 1 suspended \(realm /);
    await app
      .getByTestId('idp-report')
      .getByRole('link', { name: report?.key ?? '(none)' })
      .waitFor();
    expect(await axeViolations(fx.page)).toEqual([]);
    await saveScreenshot(fx.page, 'idp-offboarding-applied');
    expect(fx.e2e.backgroundErrors).toEqual([]);
  });
});
