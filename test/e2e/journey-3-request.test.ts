/**
 * Journey 3 — a non-admin requests an unlock from a flagged issue; the admin approves it on the admin
 * page; the issue gets the outcome comment. The non-admin cannot reach admin actions: no admin page in
 * the shell, no admin frame, and the admin resolvers refuse them server-side. The non-admin's view of the
 * account is the requester view: the name and "Locked", no diagnosis or ids; their reason stays off the
 * issue, and their note on it is their own comment.
 *
 * Setup (not the journey): the scan has posted the demo's flagged accounts to ITSUP — done through the
 * sandbox's Forge gateway as the admin, exactly what the admin page's "Save settings" and "Scan now"
 * invoke, then the queue is delivered.
 */
import { axeViolations } from './support/axe';
import { describeInBrowser } from './support/chromium';
import { useE2eFixture } from './support/fixture';
import { adminFrame, openIssueAction } from './support/pages';
import { saveScreenshot, sandboxUser, signInAs } from './support/sandbox';
import { simAccount, simState } from './support/sim-state';

jest.setTimeout(120_000);

const BOB = 'bob.mover@acme.example';

describeInBrowser('journey 3: a non-admin requests an unlock, the admin approves it', () => {
  let issueKey: string;

  const gateway = async (functionKey: string, payload: unknown, accountId: string) => {
    const { gatewayUrl, gatewayToken } = fx.e2e.sandbox.forge;
    const res = await fetch(`${gatewayUrl}/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gatewayToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ moduleKey: 'scim-unlock-admin', functionKey, payload, accountId }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { data?: unknown; error?: { code: string } };
  };

  const fx = useE2eFixture({
    prepare: async (e2e) => {
      const alice = sandboxUser(e2e, 'alice.admin@acme.example').accountId;
      const settings = await gateway('getSettings', {}, alice);
      await gateway(
        'saveSettings',
        { settings: { ...(settings.data as object), projectKey: 'ITSUP' } },
        alice,
      );
      expect(await gateway('scanNow', {}, alice)).toHaveProperty('data');
      await e2e.sandbox.forge.rt.queue.drain();
      const bob = sandboxUser(e2e, BOB).accountId;
      const issue = (await simState(e2e.control)).jira.issues.find(
        (i) => i.properties['scim-unlock-account']?.accountId === bob,
      );
      if (!issue) throw new Error('the scan did not post bob');
      issueKey = issue.key;
    },
  });

  it('keeps admin actions out of the non-admin’s reach', async () => {
    await fx.page.goto(`${fx.e2e.shellUrl}/`);
    await signInAs(fx.page, 'Paul Agent');
    expect(await fx.page.getByRole('link', { name: /SCIM Unlock/ }).count()).toBe(0);
    const res = await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    expect(res?.status()).toBe(403);
    await fx.page.getByRole('heading', { name: "You don't have access to this page" }).waitFor();
    expect((await fx.page.goto(`${fx.e2e.shellUrl}/_shell/open/adminPage`))?.status()).toBe(403);
    // And the resolvers themselves refuse, whoever calls them.
    const paul = sandboxUser(fx.e2e, 'paul.agent@acme.example').accountId;
    expect(await gateway('approveRequest', { requestId: 'r'.repeat(10) }, paul)).toMatchObject({
      error: { code: 'forbidden' },
    });
  });

  it('requests from the issue, approves on the admin page, and comments the outcome', async () => {
    const bob = sandboxUser(fx.e2e, BOB).accountId;
    const reason = 'Bob moved teams and needs Jira again (e2e journey 3)';
    const action = await openIssueAction(fx.page, fx.e2e.shellUrl, issueKey);
    await action.getByText('The scan that flagged this account').waitFor();
    expect(await action.getByText('Bob Mover').count()).toBeGreaterThan(0);
    await action.getByText('Locked', { exact: true }).waitFor();
    expect(await action.getByRole('button', { name: 'Unlock now' }).count()).toBe(0);
    // The requester view carries no diagnosis and no ids.
    expect(await action.getByText(/Diagnosis/).count()).toBe(0);
    expect(await action.getByText('Account ID').count()).toBe(0);
    expect(await action.getByText(bob).count()).toBe(0);
    await action.getByLabel('Reason').fill(reason);
    expect(await axeViolations(fx.page)).toEqual([]);
    await action.getByRole('button', { name: 'Request unlock' }).click();
    await action.getByText('Unlock requested').waitFor();
    await action.getByRole('button', { name: 'Close' }).click();
    const activity = fx.page.locator('#activity');
    const note = activity.getByRole('article', { name: 'Comment by Paul Agent' });
    await note.getByText(/I requested an account unlock/).waitFor();
    expect(await activity.getByText(reason).count()).toBe(0);

    // Reopened, the action shows Paul his own request.
    const reopened = await openIssueAction(fx.page, fx.e2e.shellUrl, issueKey);
    await reopened.getByText('Your unlock request').waitFor();
    await reopened.getByText(`“${reason}”`, { exact: false }).waitFor();
    expect(await reopened.getByRole('button', { name: 'Request unlock' }).count()).toBe(0);
    await saveScreenshot(fx.page, 'journey-3-requested');
    await reopened.getByRole('button', { name: 'Close' }).click();

    await signInAs(fx.page, 'Alice Admin');
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const app = adminFrame(fx.page);
    await app.getByRole('tab', { name: 'Requests (1)' }).click();
    // The count comes from the server's counters: one pending request, then none once it is approved.
    await app
      .getByTestId('request-count')
      .filter({ hasText: /^1 request · page 1 of 1$/ })
      .waitFor();
    await app.getByRole('button', { name: `Approve request for ${bob} (${issueKey})` }).click();
    const dialog = app.getByRole('dialog', { name: `Approve the request for ${bob}` });
    await dialog.getByText('Preview: Dry run').waitFor();
    await dialog.getByRole('button', { name: 'Approve and unlock' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await app.getByText('Unlock result: Unlocked').waitFor();
    await app
      .getByTestId('request-count')
      .filter({ hasText: /^0 requests · page 1 of 1$/ })
      .waitFor();
    await saveScreenshot(fx.page, 'journey-3-approved');

    expect(await simAccount(fx.e2e.control, BOB)).toMatchObject({
      accountStatus: 'active',
      linked: false,
    });

    // The requester sees the decision and the outcome on the issue.
    await signInAs(fx.page, 'Paul Agent');
    await fx.page.goto(`${fx.e2e.shellUrl}/browse/${issueKey}`);
    const comments = fx.page.locator('#activity').getByRole('article');
    await comments.filter({ hasText: 'The account was unlocked.' }).waitFor();
    const texts = await comments.allTextContents();
    expect(
      texts.map((t) => /requested an account unlock|approved the unlock request|was unlocked/.exec(t)?.[0]),
    ).toEqual(['requested an account unlock', 'approved the unlock request', 'was unlocked']);
    await saveScreenshot(fx.page, 'journey-3-issue');
    expect(fx.e2e.backgroundErrors).toEqual([]);
  });
});
