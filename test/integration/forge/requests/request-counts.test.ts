/**
 * The maintained request counts through the app's real handlers (local Forge runtime, simulator, proxy):
 * after create, join, approve, deny and "Unlock now", and with people acting at the same moment, the
 * counts per status equal what the records say, and the overview's pending count comes from them.
 */
import type {
  Overview,
  Page,
  RequestOutcome,
  RequestReceipt,
  RequestsPage,
  ScanStarted,
} from '../../../../src/contract/app/resolvers';
import { DEFAULT_SETTINGS, RequestStatus, type Flag } from '../../../../src/contract/app/records';
import { dataOf, startForgeHarness, type ForgeHarness, type JiraUser } from '../harness';

const BOB = 'bob.mover@acme.example';
const CARLA = 'carla.both@acme.example';
const NORA = 'nora.contractor@acme-labs.example';

type IssueRef = { key: string; id: string };

let h: ForgeHarness;
let paul: JiraUser;
let bobUser: JiraUser;
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

function issueOf(email: string): IssueRef {
  const issue = flagsByAccount.get(h.accountIdOf(email))?.issue;
  if (!issue) throw new Error(`${email} was not posted`);
  return issue;
}

async function ask(issue: IssueRef, reason: string, user: JiraUser): Promise<string> {
  return dataOf(await h.issueCall<RequestReceipt>('requestUnlock', issue, { reason }, user.accountId)).request
    .requestId;
}

/**
 * The counts the resolvers report, checked against the records themselves (every status listed in full)
 * and against the overview; returns only the statuses with requests.
 */
async function counts(): Promise<Partial<Record<RequestStatus, number>>> {
  const all = dataOf(await h.adminCall<RequestsPage>('listRequests', { limit: 50 }));
  expect(all.nextCursor).toBeNull();
  const actual = Object.fromEntries(RequestStatus.options.map((s) => [s, 0])) as Record<
    RequestStatus,
    number
  >;
  for (const r of all.items) actual[r.status] += 1;
  expect(all.counts).toEqual(actual);
  expect(all.total).toBe(all.items.length);
  for (const status of RequestStatus.options) {
    const page = dataOf(await h.adminCall<RequestsPage>('listRequests', { status, limit: 50 }));
    expect(page.items.map((r) => r.status)).toEqual(Array<string>(actual[status]).fill(status));
    expect(page.total).toBe(actual[status]);
  }
  expect(dataOf(await h.adminCall<Overview>('overview')).pendingRequests).toBe(actual.pending);
  return Object.fromEntries(Object.entries(actual).filter(([, n]) => n > 0));
}

test('create, join, approve, deny and unlock now move the counts exactly', async () => {
  expect(await counts()).toEqual({});
  const first = await ask(issueOf(BOB), 'new laptop', paul);
  expect(await counts()).toEqual({ pending: 1 });
  // A second person joins the open request: no new request, no count change.
  expect(await ask(issueOf(BOB), 'it is me', bobUser)).toBe(first);
  expect(await counts()).toEqual({ pending: 1 });

  const second = await ask(issueOf(CARLA), 'back from leave', paul);
  expect(await counts()).toEqual({ pending: 2 });
  const approved = dataOf(await h.adminCall<RequestOutcome>('approveRequest', { requestId: first }));
  expect(approved.request?.status).toBe('done');
  expect(await counts()).toEqual({ pending: 1, done: 1 });
  dataOf(await h.adminCall('denyRequest', { requestId: second, reason: 'not verified' }));
  expect(await counts()).toEqual({ done: 1, denied: 1 });

  // "Unlock now" settles an open request directly (pending → done without a stored approval).
  const third = await ask(issueOf(NORA), 'contract renewed', paul);
  expect(await counts()).toEqual({ pending: 1, done: 1, denied: 1 });
  const now = dataOf(
    await h.issueCall<RequestOutcome>('unlockNow', issueOf(NORA), { reason: 'renewed' }, h.admin.accountId),
  );
  expect(now.request).toMatchObject({ id: third, status: 'done' });
  expect(await counts()).toEqual({ done: 2, denied: 1 });
});

test('two people raising requests at the same moment, then two admins deciding at once: exact', async () => {
  const [a, b] = await Promise.all([
    ask(issueOf(BOB), 'asked by Paul', paul),
    ask(issueOf(CARLA), 'asked by Bob', bobUser),
  ]);
  expect(a).not.toBe(b);
  expect(await counts()).toEqual({ pending: 2 });
  await Promise.all([
    h.adminCall('denyRequest', { requestId: a, reason: 'no' }).then(dataOf),
    h.adminCall<RequestOutcome>('approveRequest', { requestId: b }).then(dataOf),
  ]);
  expect(await counts()).toEqual({ denied: 1, done: 1 });
});

test('pending requests are answered oldest first, all requests newest first, page by page', async () => {
  const ids = [];
  for (const email of [BOB, CARLA, NORA]) ids.push(await ask(issueOf(email), 'please', paul));
  const pagesOf = async (payload: Record<string, unknown>) => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = dataOf(
        await h.adminCall<RequestsPage>('listRequests', {
          ...payload,
          limit: 2,
          ...(cursor ? { cursor } : {}),
        }),
      );
      expect(page.total).toBe(3);
      seen.push(...page.items.map((r) => r.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    return seen;
  };
  expect(await pagesOf({ status: 'pending', sort: 'oldest' })).toEqual(ids);
  expect(await pagesOf({})).toEqual([...ids].reverse());
});
