import { SimControlClient } from '../../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../../src/sandbox/sim/server';
import { call, contractProblems, credsOf, PATCH_OP, type Creds } from './sim-http';

/**
 * The core scenario, as an IdP (SCIM) and an org admin (Org v2, SCIM links, user management) would
 * drive it: provision → move out of the synced group → locked → unlock three documented ways.
 * Every exchange is also checked against the published spec of its operation.
 */

const EMAIL = 'riley.rolechange@acme.example';
const EXT = 'urn:scim:schemas:extension:atlassian-external:1.0';

let sim: RunningSimulator;
let c: Creds;

beforeAll(async () => {
  sim = await startSimulator({ seed: { seed: 'empty' } });
  c = credsOf(sim);
});
afterAll(() => sim.close());
beforeEach(() => new SimControlClient(sim.url, sim.identity.controlToken).reset({ seed: 'empty' }));

const scim = (dir: { id: string }) => `/scim/directory/${dir.id}`;

async function provisionInGroup(dir: { id: string; key: string }, groupName: string) {
  const groupBody = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: groupName };
  const group = await call(sim, 'POST', `${scim(dir)}/Groups`, { token: dir.key, body: groupBody });
  expect(group.status).toBe(201);
  expect(contractProblems('scim.createGroup', group, groupBody)).toEqual([]);
  const groupId = (group.body as { id: string }).id;

  const userBody = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: EMAIL,
    externalId: `ext-${groupName}`,
    emails: [{ value: EMAIL, type: 'work', primary: true }],
    name: { givenName: 'Riley', familyName: 'Rolechange' },
    displayName: 'Riley Rolechange',
    active: true,
  };
  const created = await call(sim, 'POST', `${scim(dir)}/Users`, { token: dir.key, body: userBody });
  expect(created.status).toBe(201);
  expect(contractProblems('scim.createUser', created, userBody)).toEqual([]);
  const user = created.body as { id: string; [EXT]: { atlassianAccountId: string } };

  const addBody = {
    schemas: [PATCH_OP],
    Operations: [{ op: 'add', path: 'members', value: [{ value: user.id }] }],
  };
  const added = await call(sim, 'PATCH', `${scim(dir)}/Groups/${groupId}`, { token: dir.key, body: addBody });
  expect(added.status).toBe(200);
  expect(contractProblems('scim.patchGroup', added)).toEqual([]);
  expect((added.body as { members: Array<{ value: string }> }).members.map((m) => m.value)).toEqual([
    user.id,
  ]);
  return { scimUserId: user.id, accountId: user[EXT].atlassianAccountId, groupId };
}

/** What an IdP sends when someone is moved out of the synced group. */
async function moveOutOfGroup(dir: { id: string; key: string }, groupId: string, scimUserId: string) {
  const removeBody = {
    schemas: [PATCH_OP],
    Operations: [{ op: 'remove', path: `members[value eq "${scimUserId}"]` }],
  };
  const removed = await call(sim, 'PATCH', `${scim(dir)}/Groups/${groupId}`, {
    token: dir.key,
    body: removeBody,
  });
  expect(removed.status).toBe(200);
  expect((removed.body as { members: unknown[] }).members).toEqual([]);
  // go-atlassian style lower-case `operations` with Entra's capitalised op and string boolean.
  const deactivateBody = {
    schemas: [PATCH_OP],
    operations: [{ op: 'Replace', path: 'active', value: 'False' }],
  };
  const patched = await call(sim, 'PATCH', `${scim(dir)}/Users/${scimUserId}`, {
    token: dir.key,
    body: deactivateBody,
  });
  expect(patched.status).toBe(200);
  expect(contractProblems('scim.patchUser', patched)).toEqual([]);
  expect(patched.body).toMatchObject({ active: false, groups: [] });
}

async function searchByEmail() {
  const body = { emails: [EMAIL] };
  const res = await call(sim, 'POST', `/admin/v2/orgs/${c.orgId}/directories/-/users/search`, {
    token: c.org,
    body,
  });
  expect(res.status).toBe(200);
  expect(contractProblems('org.searchUsers', res, body)).toEqual([]);
  const data = (res.body as { data: Array<Record<string, unknown>> }).data;
  expect(data).toHaveLength(1);
  return data[0];
}

async function links(accountId: string) {
  const res = await call(
    sim,
    'GET',
    `/admin/user-provisioning/v1/org/${c.orgId}/user/${accountId}/get-scim-links`,
    {
      token: c.org,
    },
  );
  expect(res.status).toBe(200);
  expect(contractProblems('scimLinks.getByAccountId', res)).toEqual([]);
  return (res.body as { scimLinks: Array<Record<string, unknown>> }).scimLinks;
}

async function enable(accountId: string) {
  const res = await call(sim, 'POST', `/users/${accountId}/manage/lifecycle/enable`, { token: c.org });
  expect(contractProblems('um.enable', res)).toEqual([]);
  return res;
}

/** Provision, move out, and check the account is locked by its SCIM link. */
async function lockedAccount() {
  const okta = await provisionInGroup(c.okta, 'jira-software-users');
  expect(await searchByEmail()).toMatchObject({
    accountId: okta.accountId,
    accountStatus: 'active',
    claimStatus: 'managed',
    managementSource: 'synced',
  });
  await moveOutOfGroup(c.okta, okta.groupId, okta.scimUserId);
  expect(await searchByEmail()).toMatchObject({ accountStatus: 'inactive', status: 'deactivated' });
  expect(await links(okta.accountId)).toEqual([
    {
      scimUserId: okta.scimUserId,
      atlassianAccountId: okta.accountId,
      orgId: c.orgId,
      directoryId: c.okta.id,
    },
  ]);

  const manage = await call(sim, 'GET', `/users/${okta.accountId}/manage`, { token: c.org });
  expect(manage.status).toBe(200);
  expect(contractProblems('um.getManage', manage)).toEqual([]);
  expect(manage.body).toMatchObject({
    'lifecycle.enablement': { allowed: false, reason: { key: 'externalDirectory.scim' } },
  });
  const refused = await enable(okta.accountId);
  expect(refused.status).toBe(403);
  expect(refused.body).toEqual({
    key: 'forbidden.action',
    context: { allowed: false, reason: { key: 'externalDirectory.scim' } },
  });
  return okta;
}

async function expectEnabledAfterUnlock(accountId: string) {
  const enabled = await enable(accountId);
  expect(enabled.status).toBe(204);
  expect(enabled.body).toBeUndefined();
  expect(await searchByEmail()).toMatchObject({ accountId, accountStatus: 'active', status: 'active' });
}

test('unlock by admin unlink: link cleared, SCIM record kept, enable succeeds', async () => {
  const okta = await lockedAccount();
  const unlinked = await call(
    sim,
    'PATCH',
    `/admin/user-provisioning/v1/org/${c.orgId}/scimDirectoryId/${c.okta.id}/scimUserId/${okta.scimUserId}/unlink`,
    { token: c.org, body: {} },
  );
  expect(unlinked.status).toBe(204);
  expect(contractProblems('scimLinks.unlink', unlinked)).toEqual([]);
  expect(await links(okta.accountId)).toEqual([]);

  const record = await call(sim, 'GET', `${scim(c.okta)}/Users/${okta.scimUserId}`, { token: c.okta.key });
  expect(record.status).toBe(200);
  expect(contractProblems('scim.getUser', record)).toEqual([]);
  expect(record.body).toMatchObject({ id: okta.scimUserId, active: false });
  expect(record.body).not.toHaveProperty(EXT);

  // The email lookup still finds the now unlinked record: that is how admins find strays.
  const byEmailBody = { email: EMAIL };
  const byEmail = await call(
    sim,
    'POST',
    `/admin/user-provisioning/v1/org/${c.orgId}/get-scim-links-for-email`,
    {
      token: c.org,
      body: byEmailBody,
    },
  );
  expect(byEmail.status).toBe(200);
  expect(contractProblems('scimLinks.getForEmail', byEmail, byEmailBody)).toEqual([]);
  expect(byEmail.body).toEqual({
    scimLinks: [
      { scimUserId: okta.scimUserId, atlassianAccountId: null, orgId: c.orgId, directoryId: c.okta.id },
    ],
  });

  await expectEnabledAfterUnlock(okta.accountId);
});

test('unlock by SCIM DELETE: record and link gone, old id 404, enable succeeds', async () => {
  const okta = await lockedAccount();
  const deleted = await call(sim, 'DELETE', `${scim(c.okta)}/Users/${okta.scimUserId}`, {
    token: c.okta.key,
  });
  expect(deleted.status).toBe(204);
  expect(deleted.body).toBeUndefined();
  expect(contractProblems('scim.deleteUser', deleted)).toEqual([]);

  const gone = await call(sim, 'GET', `${scim(c.okta)}/Users/${okta.scimUserId}`, { token: c.okta.key });
  expect(gone.status).toBe(404);
  expect(contractProblems('scim.getUser', gone)).toEqual([]);
  expect(gone.body).toMatchObject({
    schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
    status: '404',
  });
  expect(await links(okta.accountId)).toEqual([]);
  expect(await searchByEmail()).toMatchObject({ accountStatus: 'inactive' });

  await expectEnabledAfterUnlock(okta.accountId);
});

test('unlock by onlyDeleteUserInDB: records in every directory removed, enable succeeds', async () => {
  const okta = await lockedAccount();
  // The same person is also synced from the second directory: one account, two links.
  const entra = await provisionInGroup(c.entra, 'contractors');
  expect(entra.accountId).toBe(okta.accountId);
  await moveOutOfGroup(c.entra, entra.groupId, entra.scimUserId);
  expect(await links(okta.accountId)).toHaveLength(2);

  const res = await call(
    sim,
    'DELETE',
    `/admin/user-provisioning/v1/org/${c.orgId}/user/${okta.accountId}/onlyDeleteUserInDB`,
    { token: c.org },
  );
  expect(res.status).toBe(204);
  expect(contractProblems('scimLinks.onlyDeleteUserInDB', res)).toEqual([]);
  expect(await links(okta.accountId)).toEqual([]);
  for (const [dir, id] of [
    [c.okta, okta.scimUserId],
    [c.entra, entra.scimUserId],
  ] as const) {
    expect((await call(sim, 'GET', `${scim(dir)}/Users/${id}`, { token: dir.key })).status).toBe(404);
  }
  // Deleting "only in the SCIM DB" leaves the account as it was: still inactive until enabled.
  expect(await searchByEmail()).toMatchObject({ accountStatus: 'inactive' });

  const again = await call(
    sim,
    'DELETE',
    `/admin/user-provisioning/v1/org/${c.orgId}/user/${okta.accountId}/onlyDeleteUserInDB`,
    { token: c.org },
  );
  expect(again.status).toBe(404);
  expect(contractProblems('scimLinks.onlyDeleteUserInDB', again)).toEqual([]);

  await expectEnabledAfterUnlock(okta.accountId);
});

test('IdP reactivation (active=true) is the other way out and needs no admin action', async () => {
  const okta = await lockedAccount();
  const body = { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] };
  const res = await call(sim, 'PATCH', `${scim(c.okta)}/Users/${okta.scimUserId}`, {
    token: c.okta.key,
    body,
  });
  expect(res.status).toBe(200);
  expect(await searchByEmail()).toMatchObject({ accountStatus: 'active' });
  expect(await links(okta.accountId)).toHaveLength(1);
});
