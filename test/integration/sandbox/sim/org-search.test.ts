import { accountIdFor } from '../../../../src/sandbox/sim/ids';
import { startSimulator, type RunningSimulator } from '../../../../src/sandbox/sim/server';
import { DEMO_PEOPLE } from '../../../../src/sandbox/sim/seeds/demo-people';
import { call, contractProblems, credsOf, type Creds } from './sim-http';

/** Org v2 users/search filters and cursor paging, and the other Org v2 reads, on the demo org. */

let sim: RunningSimulator;
let c: Creds;
beforeAll(async () => {
  sim = await startSimulator({ seed: { seed: 'demo' } });
  c = credsOf(sim);
});
afterAll(() => sim.close());

interface User {
  accountId: string;
  email: string;
  accountStatus: string;
  membershipStatus: string;
  status: string;
  claimStatus: string;
  managementSource: string | null;
}
interface Page {
  data: User[];
  links: { next?: string; self?: string; prev?: string };
}

async function search(body: Record<string, unknown>, directory = '-', requestIsValid = true) {
  const res = await call(sim, 'POST', `/admin/v2/orgs/${c.orgId}/directories/${directory}/users/search`, {
    token: c.org,
    body,
  });
  expect(contractProblems('org.searchUsers', res, requestIsValid ? body : undefined)).toEqual([]);
  return res;
}

async function searchAll(body: Record<string, unknown>, directory = '-'): Promise<User[]> {
  const all: User[] = [];
  let cursor: string | undefined;
  do {
    const res = await search({ ...body, ...(cursor ? { cursor } : {}) }, directory);
    expect(res.status).toBe(200);
    const page = res.body as Page;
    all.push(...page.data);
    cursor = page.links.next;
  } while (cursor);
  return all;
}

test('default page is 50, cursors walk every account exactly once', async () => {
  const first = (await search({})).body as Page;
  expect(first.data).toHaveLength(50);
  expect(typeof first.links.next).toBe('string');
  expect(first.links.next).not.toMatch(/^https?:/);
  const all = await searchAll({ limit: 100 });
  expect(all.length).toBeGreaterThanOrEqual(200);
  expect(new Set(all.map((u) => u.accountId)).size).toBe(all.length);
});

test.each([
  ['limit 0', { limit: 0 }],
  ['limit 101', { limit: 101 }],
  ['emails with searchTerm', { emails: ['bob.mover@acme.example'], searchTerm: 'bob' }],
  ['unknown accountStatus', { accountStatus: ['locked'] }],
  ['a cursor from nowhere', { cursor: 'garbage' }],
])('400 for %s', async (_name, body) => {
  const res = await search(body, '-', false);
  expect(res.status).toBe(400);
  expect(res.body).toEqual({ errors: [expect.objectContaining({ status: '400' })] });
});

test('a cursor from another query is refused', async () => {
  const page = (await search({ accountStatus: ['active'], limit: 5 })).body as Page;
  const res = await search({ accountStatus: ['inactive'], limit: 5, cursor: page.links.next }, '-', false);
  expect(res.status).toBe(400);
});

test('emails: exact, case-insensitive', async () => {
  const users = await searchAll({ emails: ['BOB.MOVER@acme.example', 'nobody@acme.example'] });
  expect(users.map((u) => u.email)).toEqual(['bob.mover@acme.example']);
});

test('accountIds', async () => {
  const ids = [accountIdFor(DEMO_PEOPLE.kate.email), accountIdFor(DEMO_PEOPLE.alice.email)];
  const users = await searchAll({ accountIds: ids });
  expect(users.map((u) => u.accountId).sort()).toEqual([...ids].sort());
});

test('accountStatus inactive + claimStatus managed: the candidates a scan looks at', async () => {
  const users = await searchAll({ accountStatus: ['inactive'], claimStatus: 'managed', limit: 7 });
  expect(users.length).toBeGreaterThan(10);
  expect(users.every((u) => u.accountStatus === 'inactive' && u.claimStatus === 'managed')).toBe(true);
  const emails = users.map((u) => u.email);
  for (const p of ['bob', 'carla', 'dan', 'erin', 'frank', 'leo', 'mia', 'nora'] as const) {
    expect(emails).toContain(DEMO_PEOPLE[p].email);
  }
  expect(emails).not.toContain(DEMO_PEOPLE.hank.email);
});

test('status and membershipStatus in one directory', async () => {
  const suspended = await searchAll({ membershipStatus: ['suspended'] }, c.okta.id);
  expect(suspended.map((u) => u.email)).toEqual([DEMO_PEOPLE.gina.email]);
  const forDeletion = await searchAll({ status: ['for_deletion'] });
  expect(forDeletion.map((u) => u.email)).toEqual([DEMO_PEOPLE.mia.email]);
  const deactivated = await searchAll({ status: ['deactivated'] }, c.entra.id);
  expect(deactivated.map((u) => u.email)).toEqual(expect.arrayContaining([DEMO_PEOPLE.nora.email]));
  expect(deactivated.every((u) => u.accountStatus === 'inactive')).toBe(true);
});

test('claimStatus unmanaged lists externals only', async () => {
  const users = await searchAll({ claimStatus: 'unmanaged' });
  expect(users.map((u) => u.email)).toEqual(
    expect.arrayContaining([DEMO_PEOPLE.jack.email, DEMO_PEOPLE.kate.email]),
  );
  expect(users.every((u) => !/@acme(-labs)?\.example$/.test(u.email))).toBe(true);
});

test('searchTerm matches name or email substrings', async () => {
  const users = await searchAll({ searchTerm: 'pendingdel' });
  expect(users.map((u) => u.email)).toEqual([DEMO_PEOPLE.mia.email]);
});

test('directories: list, filter by account', async () => {
  const res = await call(sim, 'GET', `/admin/v2/orgs/${c.orgId}/directories`, { token: c.org });
  expect(res.status).toBe(200);
  expect(contractProblems('org.listDirectories', res)).toEqual([]);
  expect((res.body as { data: unknown[] }).data).toEqual([
    { directoryId: c.okta.id, name: 'Okta Workforce' },
    { directoryId: c.entra.id, name: 'Entra Contractors' },
  ]);
  const nora = accountIdFor(DEMO_PEOPLE.nora.email);
  const filtered = await call(sim, 'GET', `/admin/v2/orgs/${c.orgId}/directories?accountId=${nora}`, {
    token: c.org,
  });
  expect((filtered.body as { data: unknown[] }).data).toEqual([
    { directoryId: c.entra.id, name: 'Entra Contractors' },
  ]);
});

test('user details carry deactivatedOn for a deactivated account', async () => {
  const bob = accountIdFor(DEMO_PEOPLE.bob.email);
  const res = await call(sim, 'GET', `/admin/v2/orgs/${c.orgId}/directories/${c.okta.id}/users/${bob}`, {
    token: c.org,
  });
  expect(res.status).toBe(200);
  expect(contractProblems('org.getUser', res)).toEqual([]);
  expect(res.body).toMatchObject({
    data: { accountId: bob, accountStatus: 'inactive', deactivatedOn: expect.any(String) },
  });
  const notMember = await call(
    sim,
    'GET',
    `/admin/v2/orgs/${c.orgId}/directories/${c.entra.id}/users/${bob}`,
    {
      token: c.org,
    },
  );
  expect(notMember.status).toBe(404);
});

test('suspend and restore toggle directory membership, 204 without body', async () => {
  const hank = accountIdFor(DEMO_PEOPLE.hank.email);
  const base = `/admin/v2/orgs/${c.orgId}/directories/${c.okta.id}/users/${hank}`;
  const suspended = await call(sim, 'POST', `${base}/suspend`, { token: c.org });
  expect([suspended.status, suspended.body]).toEqual([204, undefined]);
  expect(contractProblems('org.suspendUser', suspended)).toEqual([]);
  expect((await searchAll({ accountIds: [hank] }, c.okta.id))[0]).toMatchObject({
    membershipStatus: 'suspended',
    status: 'suspended',
    accountStatus: 'active',
  });
  const restored = await call(sim, 'POST', `${base}/restore`, { token: c.org });
  expect([restored.status, restored.body]).toEqual([204, undefined]);
  expect(contractProblems('org.restoreUser', restored)).toEqual([]);
  expect((await searchAll({ accountIds: [hank] }, c.okta.id))[0]).toMatchObject({
    membershipStatus: 'active',
  });

  const unknown = await call(
    sim,
    'POST',
    `/admin/v2/orgs/${c.orgId}/directories/${c.okta.id}/users/712020:nobody/suspend`,
    {
      token: c.org,
    },
  );
  expect(unknown.status).toBe(404);
});
