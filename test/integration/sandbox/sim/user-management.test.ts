import { SimControlClient } from '../../../../src/sandbox/sim/control-client';
import { accountIdFor } from '../../../../src/sandbox/sim/ids';
import { startSimulator, type RunningSimulator } from '../../../../src/sandbox/sim/server';
import { DEMO_PEOPLE, type DemoPersonKey } from '../../../../src/sandbox/sim/seeds/demo-people';
import { call, contractProblems, credsOf, type Creds } from './sim-http';

/** User management lifecycle on the demo org: the documented refusals and the toggles. */

let sim: RunningSimulator;
let c: Creds;
beforeAll(async () => {
  sim = await startSimulator({ seed: { seed: 'demo' } });
  c = credsOf(sim);
});
afterAll(() => sim.close());
beforeEach(() => new SimControlClient(sim.url, sim.identity.controlToken).reset({ seed: 'demo' }));

const id = (k: DemoPersonKey) => accountIdFor(DEMO_PEOPLE[k].email);
const lifecycle = (action: 'enable' | 'disable', accountId: string) =>
  call(sim, 'POST', `/users/${accountId}/manage/lifecycle/${action}`, {
    token: c.org,
    ...(action === 'disable' ? { body: { message: 'Left the company' } } : {}),
  });
const status = async (accountId: string) => {
  const res = await call(sim, 'POST', `/admin/v2/orgs/${c.orgId}/directories/-/users/search`, {
    token: c.org,
    body: { accountIds: [accountId] },
  });
  return (res.body as { data: Array<{ accountStatus: string }> }).data[0]?.accountStatus;
};
const forbidden = (reason: string) => ({
  key: 'forbidden.action',
  context: { allowed: false, reason: { key: reason } },
});

test.each<[string, 'enable' | 'disable', DemoPersonKey | '712020:nobody', number, unknown]>([
  ['enable a SCIM-linked account', 'enable', 'bob', 403, forbidden('externalDirectory.scim')],
  ['disable a SCIM-linked account', 'disable', 'hank', 403, forbidden('externalDirectory.scim')],
  [
    'enable export-controlled leo while still linked: the link is reported first',
    'enable',
    'leo',
    403,
    forbidden('externalDirectory.scim'),
  ],
  [
    'enable an external (unclaimed domain) account',
    'enable',
    'jack',
    403,
    { key: 'forbidden.targetUnverified' },
  ],
  ['enable an unknown account', 'enable', '712020:nobody', 404, { key: 'accountNotFound' }],
])('%s → %i', async (_name, action, who, expected, body) => {
  const accountId = who.startsWith('712020:') ? who : id(who as DemoPersonKey);
  const res = await lifecycle(action, accountId);
  expect(res.status).toBe(expected);
  expect(contractProblems(action === 'enable' ? 'um.enable' : 'um.disable', res)).toEqual([]);
  if (body) expect(res.body).toEqual(body);
});

async function unlinkAll(accountId: string) {
  const res = await call(
    sim,
    'GET',
    `/admin/user-provisioning/v1/org/${c.orgId}/user/${accountId}/get-scim-links`,
    {
      token: c.org,
    },
  );
  for (const l of (res.body as { scimLinks: Array<{ scimUserId: string; directoryId: string }> }).scimLinks) {
    const path = `/admin/user-provisioning/v1/org/${c.orgId}/scimDirectoryId/${l.directoryId}/scimUserId/${l.scimUserId}/unlink`;
    expect((await call(sim, 'PATCH', path, { token: c.org })).status).toBe(204);
  }
}

test('export control: still refused once unlinked, with its own reason', async () => {
  await unlinkAll(id('leo'));
  const res = await lifecycle('enable', id('leo'));
  expect([res.status, res.body]).toEqual([403, forbidden('blocked.exportControl')]);
  expect(await status(id('leo'))).toBe('inactive');
});

test('pending deletion: 409 conflict.lifecycleErrors once unlinked', async () => {
  await unlinkAll(id('mia'));
  const res = await lifecycle('enable', id('mia'));
  expect(res.status).toBe(409);
  expect(contractProblems('um.enable', res)).toEqual([]);
  expect(res.body).toMatchObject({
    key: 'conflict.lifecycleErrors',
    context: { accountId: id('mia'), errorCodes: [{ code: 'account.pendingDeletion' }] },
  });
});

test('carla needs both links removed before enable works', async () => {
  const links = await call(
    sim,
    'GET',
    `/admin/user-provisioning/v1/org/${c.orgId}/user/${id('carla')}/get-scim-links`,
    {
      token: c.org,
    },
  );
  const [first] = (links.body as { scimLinks: Array<{ scimUserId: string; directoryId: string }> }).scimLinks;
  const unlinkOne = `/admin/user-provisioning/v1/org/${c.orgId}/scimDirectoryId/${first?.directoryId}/scimUserId/${first?.scimUserId}/unlink`;
  expect((await call(sim, 'PATCH', unlinkOne, { token: c.org })).status).toBe(204);
  expect((await lifecycle('enable', id('carla'))).status).toBe(403);
  await unlinkAll(id('carla'));
  expect((await lifecycle('enable', id('carla'))).status).toBe(204);
});

test('disable and enable toggle an unlinked managed account (invited ivy)', async () => {
  const disabled = await lifecycle('disable', id('ivy'));
  expect([disabled.status, disabled.body]).toEqual([204, undefined]);
  expect(contractProblems('um.disable', disabled)).toEqual([]);
  expect(await status(id('ivy'))).toBe('inactive');
  expect((await lifecycle('enable', id('ivy'))).status).toBe(204);
  expect(await status(id('ivy'))).toBe('active');
});

test('frank (SCIM-deleted) can be enabled directly', async () => {
  expect((await lifecycle('enable', id('frank'))).status).toBe(204);
  expect(await status(id('frank'))).toBe('active');
});

test('GET manage with a privileges filter returns just those', async () => {
  const res = await call(
    sim,
    'GET',
    `/users/${id('frank')}/manage?privileges=lifecycle.enablement&privileges=email.set`,
    {
      token: c.org,
    },
  );
  expect(res.status).toBe(200);
  expect(contractProblems('um.getManage', res)).toEqual([]);
  expect(res.body).toEqual({ 'lifecycle.enablement': { allowed: true }, 'email.set': { allowed: true } });
});
