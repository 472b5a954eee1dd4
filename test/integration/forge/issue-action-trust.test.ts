/**
 * The issue action as an attacker with an ordinary Jira account would try it: writing the account
 * property on an issue, reading someone else's diagnosis and request, asking for a protected account,
 * squatting on a request, and commenting where they may not. The app runs on the local Forge runtime
 * against the simulator's Jira (which enforces its permissions) and the real proxy.
 */
import { kvs } from '@forge/kvs';
import type {
  AdminUnlockContext,
  Page,
  RequestOutcome,
  RequestReceipt,
  RequesterUnlockContext,
  ScanStarted,
} from '../../../src/contract/app/resolvers';
import { ACCOUNT_PROPERTY_KEY } from '../../../src/forge/platform/jira';
import {
  DEFAULT_SETTINGS,
  type AuditEntry,
  type Flag,
  type UnlockRequestRecord,
} from '../../../src/contract/app/records';
import { KEYS } from '../../../src/forge/platform/repository';
import { dataOf, errorOf, startForgeHarness, type ForgeHarness, type JiraUser } from './harness';

const BOB = 'bob.mover@acme.example';
const CARLA = 'carla.both@acme.example';
const ALICE = 'alice.admin@acme.example';

type IssueRef = { key: string; id: string };

let h: ForgeHarness;
let paul: JiraUser;
let bobUser: JiraUser;
let alice: JiraUser;
let flagsByAccount: Map<string, Flag>;

beforeAll(async () => {
  h = await startForgeHarness();
  const user = (email: string) => {
    const u = h.sim.identity.jira.users.find((x) => x.email === email);
    if (!u) throw new Error(`${email} is a Jira user of the demo identity`);
    return u;
  };
  paul = user('paul.agent@acme.example');
  bobUser = user(BOB);
  alice = user(ALICE);
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.reset();
  const settings = {
    ...DEFAULT_SETTINGS,
    scanEnabled: true,
    projectKey: 'ITSUP',
    scanPagesPerInvocation: 50,
  };
  dataOf(await h.adminCall('saveSettings', { settings }));
  dataOf(await h.adminCall<ScanStarted>('scanNow'));
  await h.drain();
  const page = dataOf(await h.adminCall<Page<Flag>>('listFlags', { status: 'open', limit: 50 }));
  flagsByAccount = new Map(page.items.map((f) => [f.accountId, f]));
});

function flagOf(email: string): Flag & { issue: IssueRef } {
  const flag = flagsByAccount.get(h.accountIdOf(email));
  if (!flag?.issue) throw new Error(`${email} was not posted`);
  return { ...flag, issue: flag.issue };
}

/** Jira REST as one of the site's users, the way anyone with an API token can call it. */
async function jiraAs(user: JiraUser, method: string, path: string, body?: unknown) {
  const res = await fetch(`${h.sim.url}/ex/jira/${h.sim.identity.jira.cloudId}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${user.token}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

async function createIssueAs(
  user: JiraUser,
  fields: Record<string, unknown>,
  properties: Array<{ key: string; value: unknown }> = [],
): Promise<IssueRef> {
  const res = await jiraAs(user, 'POST', '/rest/api/3/issue', {
    fields: { project: { key: 'ITSUP' }, issuetype: { name: 'Task' }, summary: 'Please help', ...fields },
    properties,
  });
  expect(res.status).toBe(201);
  const { id, key } = res.body as IssueRef;
  return { id, key };
}

async function comments(issueKey: string): Promise<Array<{ author: string; text: string }>> {
  const res = await h.jira<{ comments: Array<{ author: { accountId: string }; body: unknown }> }>(
    `/rest/api/3/issue/${issueKey}/comment`,
  );
  const textOf = (n: unknown): string => {
    if (n === null || typeof n !== 'object') return '';
    const node = n as { text?: string; content?: unknown[]; type?: string; attrs?: { id?: string } };
    const own = node.type === 'mention' ? `@${node.attrs?.id}` : (node.text ?? '');
    return own + (node.content ?? []).map(textOf).join(' ');
  };
  return res.comments.map((c) => ({ author: c.author.accountId, text: textOf(c.body).replace(/\s+/g, ' ') }));
}

async function ask(issue: IssueRef, reason: string, user: JiraUser) {
  return dataOf(await h.issueCall<RequestReceipt>('requestUnlock', issue, { reason }, user.accountId));
}

async function requesterView(issue: IssueRef, user: JiraUser) {
  return dataOf(await h.issueCall<RequesterUnlockContext>('getUnlockContext', issue, {}, user.accountId));
}

async function allRequests(): Promise<UnlockRequestRecord[]> {
  return dataOf(await h.adminCall<Page<UnlockRequestRecord>>('listRequests', { limit: 50 })).items;
}

/** What the IdP sends when it deactivates someone: SCIM PATCH active=false in their directory. */
async function deactivateInIdp(email: string): Promise<void> {
  const okta = h.sim.identity.directories[0];
  if (!okta) throw new Error('the demo identity has directories');
  const base = `${h.sim.url}/scim/directory/${okta.id}/Users`;
  const headers = { authorization: `Bearer ${okta.scimKey}`, 'content-type': 'application/json' };
  const list = await fetch(`${base}?filter=${encodeURIComponent(`userName eq "${email}"`)}`, { headers });
  const found = ((await list.json()) as { Resources: Array<{ id: string }> }).Resources[0];
  if (!found) throw new Error(`${email} has no SCIM user in the first directory`);
  const patched = await fetch(`${base}/${found.id}`, {
    method: 'PATCH',
    headers,
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    }),
  });
  expect(patched.status).toBe(200);
}

describe('the account an issue speaks for', () => {
  test('a property a user writes on their own issue does not choose the account: the reporter does', async () => {
    const bob = flagOf(BOB);
    const spoof = { accountId: bob.accountId, episode: bob.episode };
    // Both ways Jira lets an ordinary user write it: in the create request, and with PUT afterwards.
    const created = await createIssueAs(paul, {}, [{ key: ACCOUNT_PROPERTY_KEY, value: spoof }]);
    const edited = await createIssueAs(paul, {});
    const put = await jiraAs(
      paul,
      'PUT',
      `/rest/api/3/issue/${edited.key}/properties/${ACCOUNT_PROPERTY_KEY}`,
      spoof,
    );
    expect(put.status).toBe(201);

    for (const issue of [created, edited]) {
      const view = await requesterView(issue, paul);
      expect(view).toMatchObject({
        view: 'requester',
        source: 'reporter',
        person: { displayName: 'Paul Agent' },
      });
      expect(JSON.stringify(view)).not.toContain('Bob');
      // An admin opening the same issue sees the reporter's account too.
      const admin = dataOf(
        await h.issueCall<AdminUnlockContext>('getUnlockContext', issue, {}, h.admin.accountId),
      );
      expect(admin).toMatchObject({ view: 'admin', source: 'reporter', accountId: paul.accountId });
      // Paul's own account is active: nothing to request, and nothing is opened for Bob.
      expect(
        errorOf(await h.issueCall('requestUnlock', issue, { reason: 'squat' }, paul.accountId)).code,
      ).toBe('conflict');
    }
    expect(await allRequests()).toEqual([]);
  });

  test('the app’s own record wins over a property rewritten on the issue it posted', async () => {
    const bob = flagOf(BOB);
    const carla = flagOf(CARLA);
    const put = await jiraAs(
      paul,
      'PUT',
      `/rest/api/3/issue/${bob.issue.key}/properties/${ACCOUNT_PROPERTY_KEY}`,
      {
        accountId: carla.accountId,
        episode: carla.episode,
      },
    );
    expect(put.status).toBe(200);
    const view = await requesterView(bob.issue, paul);
    expect(view).toMatchObject({ source: 'flag', person: { displayName: 'Bob Mover', lock: 'locked' } });
    const receipt = await ask(bob.issue, 'Bob needs Jira', paul);
    const [request] = await allRequests();
    expect(request).toMatchObject({ id: receipt.request.requestId, accountId: bob.accountId });
  });

  test('an issue posted before the app kept issue records is recognised by the scan’s claim, not by its property', async () => {
    const bob = flagOf(BOB);
    // An issue posted by an earlier version has no posted-issue record, only the scan's posting claim.
    await h.rt.invokeFunction(async () => kvs.delete(KEYS.postedIssue(bob.issue.id)), {});
    expect(await requesterView(bob.issue, paul)).toMatchObject({
      source: 'flag',
      person: { displayName: 'Bob Mover' },
    });

    // The same property copied onto another issue matches no claim for that issue id.
    const copy = await createIssueAs(paul, {}, [
      { key: ACCOUNT_PROPERTY_KEY, value: { accountId: bob.accountId, episode: bob.episode } },
    ]);
    expect(await requesterView(copy, paul)).toMatchObject({
      source: 'reporter',
      person: { displayName: 'Paul Agent' },
    });
  });
});

test('a non-admin sees the name, locked or not, and their own request; nothing else', async () => {
  const bob = flagOf(BOB);
  const bobsOwnIssue = await createIssueAs(bobUser, { summary: 'I cannot sign in' });
  await ask(bob.issue, 'Paul: Bob is needed for the release', paul);
  await ask(bobsOwnIssue, 'Bob: confidential, medical leave ended', bobUser);

  const lookup = dataOf(
    await h.adminCall<{ scimLinks: Array<{ directoryId: string; groups: unknown }> }>('lookup', {
      accountId: bob.accountId,
    }),
  );
  const view = await requesterView(bob.issue, paul);
  expect(view).toEqual({
    view: 'requester',
    issue: bob.issue,
    source: 'flag',
    person: { displayName: 'Bob Mover', lock: 'locked' },
    myRequest: {
      requestId: expect.any(String),
      status: 'pending',
      askedAt: expect.any(String),
      reason: 'Paul: Bob is needed for the release',
    },
  });
  const text = JSON.stringify(view);
  for (const secret of [
    bob.accountId,
    'Bob: confidential',
    bobUser.accountId,
    'locked-by-scim',
    'blocker',
    ...lookup.scimLinks.map((l) => l.directoryId),
    ...h.sim.identity.directories.map((d) => d.name),
  ]) {
    expect(text).not.toContain(secret);
  }
  // Bob sees his own reason and not Paul's.
  const bobsView = await requesterView(bob.issue, bobUser);
  expect(bobsView.myRequest?.reason).toBe('Bob: confidential, medical leave ended');
  expect(JSON.stringify(bobsView)).not.toContain('Paul: Bob is needed');

  // The Jira administrator keeps the full picture.
  const admin = dataOf(
    await h.issueCall<AdminUnlockContext>('getUnlockContext', bob.issue, {}, h.admin.accountId),
  );
  expect(admin.diagnosis?.state).toBe('locked-by-scim');
  expect(admin.openRequest?.additionalRequesters.map((r) => r.reason)).toEqual([
    'Bob: confidential, medical leave ended',
  ]);
});

test('a request for a protected account is refused when it is asked, without saying why', async () => {
  await deactivateInIdp(ALICE);
  const aliceIssue = await createIssueAs(alice, { summary: 'Locked out' });
  const before = h.kvsText();
  const refused = errorOf(
    await h.issueCall('requestUnlock', aliceIssue, { reason: 'let me in' }, paul.accountId),
  );
  expect(refused.code).toBe('policy-refused');
  expect(refused.message).not.toMatch(/protected/i);
  expect(await allRequests()).toEqual([]);
  expect(h.kvsText()).not.toBe(before); // only the audit entry below
  const audit = dataOf(
    await h.adminCall<Page<AuditEntry>>('listAudit', { accountId: h.accountIdOf(ALICE), limit: 10 }),
  );
  expect(audit.items[0]).toMatchObject({
    action: 'request-created',
    outcome: 'blocked',
    actor: paul.accountId,
  });
  expect((await comments(aliceIssue.key)).length).toBe(0);
  // The requester still learns only that Alice is locked.
  const view = await requesterView(aliceIssue, paul);
  expect(view.person).toEqual({ displayName: 'Alice Admin', lock: 'locked' });
});

test('a second person asking joins the open request; the decision answers both', async () => {
  const bob = flagOf(BOB);
  const bobsOwnIssue = await createIssueAs(bobUser, { summary: 'I cannot sign in' });
  const first = await ask(bob.issue, 'squatting with a silly reason', paul);
  const second = await ask(bobsOwnIssue, 'I need my account back', bobUser);
  expect(second.request.requestId).toBe(first.request.requestId);
  expect(second.request).toMatchObject({ status: 'pending', reason: 'I need my account back' });

  const [request, ...others] = await allRequests();
  expect(others).toEqual([]);
  expect(request).toMatchObject({
    requestedBy: paul.accountId,
    additionalRequesters: [
      { accountId: bobUser.accountId, reason: 'I need my account back', issue: bobsOwnIssue },
    ],
  });

  const outcome = dataOf(
    await h.adminCall<RequestOutcome>('approveRequest', { requestId: first.request.requestId, reason: 'ok' }),
  );
  expect(outcome.request?.status).toBe('done');
  for (const [who, issue] of [
    [paul, bob.issue],
    [bobUser, bobsOwnIssue],
  ] as const) {
    expect((await requesterView(issue, who)).myRequest?.status).toBe('done');
    const last = (await comments(issue.key)).at(-1);
    expect(last?.text).toContain('The account was unlocked.');
    expect(last?.text).toContain(`Requested by @${who.accountId}`);
  }
});

test('people asking at the same moment all end up on one request', async () => {
  const bob = flagOf(CARLA);
  const askers = [paul, bobUser, alice];
  const receipts = await Promise.all(askers.map((u) => ask(bob.issue, `asked by ${u.displayName}`, u)));
  const ids = new Set(receipts.map((r) => r.request.requestId));
  expect(ids.size).toBe(1);
  const [request, ...others] = await allRequests();
  expect(others).toEqual([]);
  const everyone = [request?.requestedBy, ...(request?.additionalRequesters.map((r) => r.accountId) ?? [])];
  expect(everyone.sort()).toEqual(askers.map((u) => u.accountId).sort());
  for (const [i, u] of askers.entries())
    expect(receipts[i]?.request.reason).toBe(`asked by ${u.displayName}`);
});

test('the requester’s note is posted as the requester, so Jira’s "Add comments" permission applies', async () => {
  // PEOPLE: everyone browses, only administrators create and comment.
  const res = await jiraAs(alice, 'POST', '/rest/api/3/issue', {
    fields: {
      project: { key: 'PEOPLE' },
      issuetype: { name: 'Task' },
      summary: 'Bob cannot sign in',
      reporter: { accountId: bobUser.accountId },
    },
  });
  expect(res.status).toBe(201);
  const issue = res.body as IssueRef;
  const direct = await jiraAs(paul, 'POST', `/rest/api/3/issue/${issue.key}/comment`, {
    body: {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x' }] }],
    },
  });
  expect(direct.status).toBe(400);

  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const receipt = await ask({ key: issue.key, id: issue.id }, 'Bob is back from leave', paul);
  const warned = [...warn.mock.calls];
  warn.mockRestore();
  expect(await comments(issue.key)).toEqual([]);
  expect(receipt).toMatchObject({ request: { status: 'pending' }, commented: false });
  // The refusal is logged without the comment's content.
  expect(warned).toEqual([['comment as the caller failed', { issueKey: issue.key, error: 'JiraError' }]]);

  // Where Paul may comment, the note is his own comment, and it never carries his reason.
  const bob = flagOf(CARLA);
  const mine = await ask(bob.issue, 'reason only admins may read', paul);
  expect(mine.commented).toBe(true);
  const [note] = await comments(bob.issue.key);
  expect(note?.author).toBe(paul.accountId);
  expect(note?.text).not.toContain('reason only admins may read');
});
