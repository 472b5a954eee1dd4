/**
 * Unlock requests from the issue action: pending → approved → done, pending → denied, with a comment on
 * the issue at each step; "Unlock now" for admins only; the caller must see the issue.
 */
import type {
  AdminUnlockContext,
  Page,
  RequestOutcome,
  RequestReceipt,
  RequesterUnlockContext,
  ScanStarted,
} from '../../../src/contract/app/resolvers';
import { DEFAULT_SETTINGS, type Flag, type UnlockRequestRecord } from '../../../src/contract/app/records';
import { dataOf, errorOf, startForgeHarness, type ForgeHarness } from './harness';

let h: ForgeHarness;
let flagsByAccount: Map<string, Flag>;

beforeAll(async () => {
  h = await startForgeHarness();
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
afterAll(async () => {
  await h?.close();
});

function issueOf(email: string): { key: string; id: string } {
  const issue = flagsByAccount.get(h.accountIdOf(email))?.issue;
  if (!issue) throw new Error(`${email} was not posted`);
  return issue;
}

async function commentAuthors(issueKey: string): Promise<string[]> {
  const res = await h.jira<{ comments: Array<{ author: { accountId: string } }> }>(
    `/rest/api/3/issue/${issueKey}/comment`,
  );
  return res.comments.map((c) => c.author.accountId);
}

async function commentTexts(issueKey: string): Promise<string[]> {
  const res = await h.jira<{ comments: Array<{ body: unknown }> }>(`/rest/api/3/issue/${issueKey}/comment`);
  const texts = (n: unknown): string => {
    if (n === null || typeof n !== 'object') return '';
    const node = n as { text?: string; content?: unknown[]; type?: string; attrs?: { id?: string } };
    const own = node.type === 'mention' ? `@${node.attrs?.id}` : (node.text ?? '');
    return own + (node.content ?? []).map(texts).join(' ');
  };
  return res.comments.map((c) => texts(c.body).replace(/\s+/g, ' '));
}

async function ask(issue: { key: string; id: string }, reason: string, accountId = h.member.accountId) {
  return dataOf(await h.issueCall<RequestReceipt>('requestUnlock', issue, { reason }, accountId)).request;
}

test('request → approve → done, with comments at each step', async () => {
  const issue = issueOf('bob.mover@acme.example');
  const bob = h.accountIdOf('bob.mover@acme.example');

  const ctx = dataOf(await h.issueCall<RequesterUnlockContext>('getUnlockContext', issue));
  expect(ctx).toEqual({
    view: 'requester',
    issue,
    source: 'flag',
    person: { displayName: 'Bob Mover', lock: 'locked' },
    myRequest: null,
  });

  expect(errorOf(await h.issueCall('requestUnlock', issue, {})).code).toBe('invalid-input');
  expect(errorOf(await h.issueCall('requestUnlock', issue, { reason: '   ' })).code).toBe('invalid-input');

  const receipt = dataOf(
    await h.issueCall<RequestReceipt>('requestUnlock', issue, { reason: 'I need Jira for the release' }),
  );
  expect(receipt).toEqual({
    request: {
      requestId: expect.any(String),
      status: 'pending',
      askedAt: expect.any(String),
      reason: 'I need Jira for the release',
    },
    commented: true,
  });
  // Asking again changes nothing: the same request, no second comment.
  const again = dataOf(await h.issueCall<RequestReceipt>('requestUnlock', issue, { reason: 'again' }));
  expect(again).toEqual({ request: receipt.request, commented: false });

  const pending = dataOf(await h.adminCall<Page<UnlockRequestRecord>>('listRequests', { status: 'pending' }));
  expect(pending.items).toEqual([
    expect.objectContaining({
      id: receipt.request.requestId,
      accountId: bob,
      requestedBy: h.member.accountId,
      additionalRequesters: [],
    }),
  ]);
  const created = { id: receipt.request.requestId };

  const outcome = dataOf(
    await h.adminCall<RequestOutcome>('approveRequest', {
      requestId: created.id,
      reason: 'Confirmed with HR',
    }),
  );
  expect(outcome.unlock?.outcome).toBe('unlocked');
  expect(outcome.request?.status).toBe('done');
  expect(outcome.request?.history.map((e) => [e.status, e.by])).toEqual([
    ['pending', h.member.accountId],
    ['approved', h.admin.accountId],
    ['done', h.admin.accountId],
  ]);
  expect(errorOf(await h.adminCall('approveRequest', { requestId: created.id })).code).toBe('conflict');

  const comments = await commentTexts(issue.key);
  expect(comments).toHaveLength(3);
  expect(comments[0]).toContain('I requested an account unlock');
  expect(comments.join('\n')).not.toContain('I need Jira for the release');
  expect(comments[1]).toContain(`@${h.admin.accountId} approved the unlock request`);
  expect(comments[2]).toContain('The account was unlocked.');
  expect(comments[2]).toContain(`Requested by @${h.member.accountId}`);
  const authors = await commentAuthors(issue.key);
  expect(authors).toEqual([
    h.member.accountId,
    h.sim.identity.jira.appAccountId,
    h.sim.identity.jira.appAccountId,
  ]);

  const flag = dataOf(await h.adminCall<Page<Flag>>('listFlags', { status: 'resolved' }));
  expect(flag.items.map((f) => f.accountId)).toContain(bob);
  const after = dataOf(await h.issueCall<RequesterUnlockContext>('getUnlockContext', issue));
  expect(after.person?.lock).toBe('not-locked');
  expect(after.myRequest).toEqual({ ...receipt.request, status: 'done' });
  const adminAfter = dataOf(
    await h.issueCall<AdminUnlockContext>('getUnlockContext', issue, {}, h.admin.accountId),
  );
  expect(adminAfter.diagnosis?.state).toBe('active');
  expect(adminAfter.openRequest).toBeNull();
});

test('request → deny with a reason, commented; a denied request cannot be approved', async () => {
  const issue = issueOf('carla.both@acme.example');
  const created = { id: (await ask(issue, 'please')).requestId };
  expect(errorOf(await h.adminCall('denyRequest', { requestId: created.id })).code).toBe('invalid-input');
  const denied = dataOf(
    await h.adminCall<UnlockRequestRecord>('denyRequest', {
      requestId: created.id,
      reason: 'Left the company',
    }),
  );
  expect(denied.status).toBe('denied');
  expect(denied.history.at(-1)).toMatchObject({
    status: 'denied',
    by: h.admin.accountId,
    why: 'Left the company',
  });
  expect(errorOf(await h.adminCall('approveRequest', { requestId: created.id })).code).toBe('conflict');
  const comments = await commentTexts(issue.key);
  expect(comments.at(-1)).toContain('denied the unlock request.');
  expect(comments.at(-1)).toContain('Left the company');
  // The requester sees their request denied, and may ask again once it is closed.
  const mine = dataOf(await h.issueCall<RequesterUnlockContext>('getUnlockContext', issue)).myRequest;
  expect(mine).toMatchObject({ requestId: created.id, status: 'denied', reason: 'please' });
  const again = await ask(issue, 'appeal');
  expect(again).toMatchObject({ status: 'pending', reason: 'appeal' });
  expect(again.requestId).not.toBe(created.id);
});

test('an approval whose unlock is blocked ends failed with what remains', async () => {
  const issue = issueOf('leo.exportcontrol@acme.example');
  const created = { id: (await ask(issue, 'travel')).requestId };
  const outcome = dataOf(await h.adminCall<RequestOutcome>('approveRequest', { requestId: created.id }));
  expect(outcome.request?.status).toBe('failed');
  const remaining = outcome.request?.remaining.join(' ') ?? '';
  expect(remaining).toContain('exportControl');
  const last = (await commentTexts(issue.key)).at(-1);
  expect(last).toContain('The unlock did not complete.');
  // What stands in the way is for administrators (the request record), not for everyone on the issue.
  expect(last).not.toContain('exportControl');
  expect(last).not.toContain(h.accountIdOf('leo.exportcontrol@acme.example'));
});

test('unlock now: admins only; it settles the open request', async () => {
  const issue = issueOf('nora.contractor@acme-labs.example');
  const created = { id: (await ask(issue, 'contract renewed')).requestId };
  const before = await h.simText();
  expect(errorOf(await h.issueCall('unlockNow', issue, { reason: 'me' })).code).toBe('forbidden');
  expect(await h.simText()).toBe(before);

  const ctx = dataOf(await h.issueCall<AdminUnlockContext>('getUnlockContext', issue, {}, h.admin.accountId));
  expect(ctx.view).toBe('admin');
  expect(ctx.openRequest?.id).toBe(created.id);
  const outcome = dataOf(
    await h.issueCall<RequestOutcome>('unlockNow', issue, { reason: 'renewed' }, h.admin.accountId),
  );
  expect(outcome.unlock?.outcome).toBe('unlocked');
  expect(outcome.request).toMatchObject({ id: created.id, status: 'done' });
});

test('the caller must see the issue; the reporter is used when no flag property exists', async () => {
  const secops = await h.jira<{ issues: Array<{ id: string; key: string }> }>(
    `/rest/api/3/search/jql?jql=${encodeURIComponent('project = SECOPS')}`,
  );
  const hidden = secops.issues[0];
  if (!hidden) throw new Error('the demo seed has a SECOPS issue');
  const before = h.kvsText();
  expect(errorOf(await h.issueCall('getUnlockContext', hidden)).code).toBe('forbidden');
  expect(errorOf(await h.issueCall('requestUnlock', hidden, { reason: 'x' })).code).toBe('forbidden');
  expect(h.kvsText()).toBe(before);

  const onboarding = await h.jira<{ issues: Array<{ id: string; key: string }> }>(
    `/rest/api/3/search/jql?jql=${encodeURIComponent('labels = onboarding')}`,
  );
  const laptop = onboarding.issues[0];
  if (!laptop) throw new Error('the demo seed has an onboarding issue');
  const ctx = dataOf(await h.issueCall<RequesterUnlockContext>('getUnlockContext', laptop));
  expect(ctx.source).toBe('reporter');
  expect(ctx.person).not.toBeNull();
  expect(errorOf(await h.issueCall('getUnlockContext', { key: 'bad key', id: '1' })).code).toBe(
    'invalid-input',
  );
});
