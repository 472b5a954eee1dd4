/**
 * The local Jira shell's bridge, driven in chromium with a probe page standing in for the app's bundle
 * (the same callBridge calls @forge/bridge makes). Proves what every journey relies on: the context is
 * the platform's (user, module, issue), invoke runs the real resolvers as the signed-in user, flags /
 * navigation / close reach the host, unknown calls reject, and the frame's CSP blocks inline script.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { loadHostedModules } from '../../src/sandbox/shell';
import { describeInBrowser } from './support/chromium';
import { useE2eFixture } from './support/fixture';
import { signInAs } from './support/sandbox';

jest.setTimeout(120_000);

const PROBE_DIR = path.join(__dirname, 'fixtures', 'bridge-probe');

describeInBrowser('local Jira shell: the Custom UI bridge', () => {
  const real = loadHostedModules(process.cwd());
  const fx = useE2eFixture({
    shellModules: {
      adminPage: { ...real.adminPage, resourceDir: PROBE_DIR },
      issueAction: { ...real.issueAction, resourceDir: PROBE_DIR },
    },
  });

  const contextOf = async (frame: ReturnType<Page['frameLocator']>) => {
    const text = frame.locator('#context');
    await text.filter({ hasText: 'moduleKey' }).waitFor();
    return JSON.parse((await text.textContent()) ?? '') as Record<string, unknown>;
  };

  it('gives the admin page the platform context and runs its resolvers as the signed-in admin', async () => {
    const { jira } = fx.e2e.sandbox.sim.identity;
    const alice = jira.users.find((u) => u.displayName === 'Alice Admin');
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const frame = fx.page.frameLocator('iframe[title="SCIM Unlock"]');
    await frame.getByText('bridge ready').waitFor();
    expect(await contextOf(frame)).toMatchObject({
      accountId: alice?.accountId,
      cloudId: jira.cloudId,
      siteUrl: jira.siteUrl,
      moduleKey: 'scim-unlock-admin',
      extension: { type: 'jira:adminPage' },
      theme: { colorMode: 'light' },
    });
    await frame.getByRole('button', { name: 'Invoke' }).click();
    await frame.locator('#invoke-result').filter({ hasText: '"data"' }).waitFor();
    expect(await frame.locator('#invoke-result').textContent()).toContain('"data":{');
    // Forge's CSP: no inline script in a Custom UI frame.
    expect(await frame.locator('#inline-marker').textContent()).toBe('inline script blocked');

    await frame.getByRole('button', { name: 'Unknown call' }).click();
    await frame.locator('#errors').filter({ hasText: 'frobnicate' }).waitFor();
    await frame.getByRole('button', { name: 'Show flag' }).click();
    await fx.page.getByRole('status').filter({ hasText: 'Probe flag' }).waitFor();
  });

  it('opens the issue action in a modal with the issue in its context, as the non-admin', async () => {
    await fx.page.goto(`${fx.e2e.shellUrl}/`);
    await signInAs(fx.page, 'Paul Agent');
    await expect(fx.page.getByRole('link', { name: /Apps: SCIM Unlock/ }).count()).resolves.toBe(0);
    await fx.page.getByRole('link', { name: 'ITSUP-1' }).click();
    await fx.page.getByRole('button', { name: 'More actions' }).click();
    await fx.page.getByRole('button', { name: 'Request account unlock' }).click();
    const dialog = fx.page.getByRole('dialog', { name: 'Request account unlock' });
    const frame = dialog.frameLocator('iframe');
    const context = await contextOf(frame);
    expect(context).toMatchObject({
      moduleKey: 'scim-unlock-request',
      extension: { type: 'jira:issueAction', issue: { key: 'ITSUP-1' }, project: { key: 'ITSUP' } },
    });
    await frame.getByLabel('Function key').fill('getUnlockContext');
    await frame.getByRole('button', { name: 'Invoke' }).click();
    await frame.locator('#invoke-result').filter({ hasText: 'ITSUP-1' }).waitFor();
    // As the non-admin: the requester view, decided by the resolver from who is signed in.
    expect(await frame.locator('#invoke-result').textContent()).toContain('"view":"requester"');

    // An admin resolver through the issue action's module is not reachable: the module has none.
    await frame.getByLabel('Function key').fill('getSettings');
    await frame.getByRole('button', { name: 'Invoke' }).click();
    await frame.locator('#errors').filter({ hasText: 'getSettings' }).waitFor();

    await frame.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('keeps the admin page from non-admins and refuses a frame opened for another user', async () => {
    const res = await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    expect(res?.status()).toBe(403);
    await fx.page.getByRole('heading', { name: "You don't have access to this page" }).waitFor();

    // A frame opened by the admin stops working once someone else signs in.
    await signInAs(fx.page, 'Alice Admin');
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const frame = fx.page.frameLocator('iframe[title="SCIM Unlock"]');
    await contextOf(frame);
    const other = await fx.browser.context.newPage();
    await other.goto(`${fx.e2e.shellUrl}/`);
    await signInAs(other, 'Bob Mover');
    await frame.getByRole('button', { name: 'Invoke' }).click();
    await frame.locator('#errors').filter({ hasText: 'signed-in user changed' }).waitFor();
    await other.close();
  });

  it('navigates the host when the frame asks for an issue', async () => {
    await signInAs(fx.page, 'Alice Admin');
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const frame = fx.page.frameLocator('iframe[title="SCIM Unlock"]');
    await contextOf(frame);
    await frame.getByRole('button', { name: 'Open ITSUP-1' }).click();
    await fx.page.waitForURL(`${fx.e2e.shellUrl}/browse/ITSUP-1`);
    await fx.page.getByRole('heading', { name: 'Laptop setup for a new starter' }).waitFor();
    expect(fx.e2e.backgroundErrors).toEqual([]);
  });
});
