/**
 * Walks over upstream pages are bounded: through the real proxy, with a loopback front that makes the
 * simulator's listings endless (fresh cursors, full pages of new users) on demand. The walk stops at
 * LISTING_MAX_PAGES with a typed error; the IdP sync reports it as the breaker rule `listing-stopped`,
 * audits it and releases its lock, so the next sync runs; an account mutation audits it as a refusal.
 */
import {
  ActionResponse,
  IdpSyncResponse,
  LookupResponse,
  PROBLEM_TYPES,
  ProblemDetails,
} from '../../../src/contract/proxy';
import { startEndlessFront, type EndlessFront } from './support/endless-front';
import { startHarness, type Harness } from './support/sim-proxy';
import { idOf } from './support/sim-state';

const MAX_PAGES = 5;
const BOB = 'bob.mover@acme.example';

async function start(front: EndlessFront): Promise<Harness> {
  return startHarness({
    env: (sim) => {
      front.target = sim.url;
      return {
        ATLASSIAN_API_BASE_URL: front.url,
        KEYCLOAK_URL: `${front.url}/keycloak`,
        KEYCLOAK_REALM: sim.identity.keycloak.realm,
        KEYCLOAK_CLIENT_ID: sim.identity.keycloak.clientId,
        KEYCLOAK_CLIENT_SECRET: sim.identity.keycloak.clientSecret,
        LISTING_MAX_PAGES: String(MAX_PAGES),
      };
    },
  });
}

let front: EndlessFront;
let h: Harness;

beforeAll(async () => {
  front = await startEndlessFront();
  h = await start(front);
});
afterAll(async () => {
  await h.close();
  await front.close();
});
beforeEach(async () => {
  front.mode = 'off';
  front.endlessAnswers = 0;
  await h.control.reset({ seed: 'demo' });
});

async function sync(body: unknown): Promise<IdpSyncResponse> {
  const res = await h.call('POST', '/v1/idp/sync', body);
  expect(res.status).toBe(200);
  return IdpSyncResponse.parse(res.body);
}

const logged = (text: string) => h.logLines.filter((l) => l.includes(text)).map((l) => JSON.parse(l));

test('an Org v2 search that hands out fresh cursors for ever stops the sync at the page bound; the next sync runs', async () => {
  front.mode = 'org-users';
  const before = await h.stateText();
  const auditBefore = h.auditEvents().length;

  const stopped = await sync({ dryRun: false });
  expect(stopped.aborted?.rule).toBe('listing-stopped');
  expect(stopped.aborted?.reason).toMatch(
    new RegExp(`org\\.searchUsers: listing stopped after ${MAX_PAGES} pages.*LISTING_MAX_PAGES`),
  );
  expect(stopped.applied).toEqual([]);
  expect(front.endlessAnswers).toBe(MAX_PAGES);
  expect(stopped.calls.filter((c) => c.operation === 'org.searchUsers')).toHaveLength(MAX_PAGES);
  expect(await h.stateText()).toBe(before);

  // The typed error reached the log with its operation, pages and reason …
  expect(logged('an Atlassian listing was stopped')[0]?.err).toMatchObject({
    name: 'AtlassianListingStoppedError',
    operationId: 'org.searchUsers',
    pagesRead: MAX_PAGES,
    why: 'page-limit',
  });
  // … and the run is in the audit trail: one line, nothing applied.
  expect(h.auditEvents().slice(auditBefore)).toEqual([
    expect.objectContaining({
      action: 'idp-sync',
      outcome: 'aborted',
      dryRun: false,
      target: { realm: h.sim.identity.keycloak.realm },
      reason: expect.stringMatching(/^IdP sync stopped by the circuit breaker \(listing-stopped\): /),
      steps: [],
    }),
  ]);

  // The lock was released: the next sync is not refused with 409, and its listings complete.
  front.mode = 'off';
  const next = await sync({ dryRun: true });
  expect(next.aborted?.rule).not.toBe('listing-stopped');
  expect(next.summary.matchedAccounts).toBeGreaterThan(0);
});

test('a Keycloak realm that reports a billion users is refused before any page is read; the next sync runs', async () => {
  front.mode = 'keycloak';
  const stopped = await sync({ dryRun: false });
  expect(stopped.aborted?.rule).toBe('listing-stopped');
  expect(stopped.aborted?.reason).toMatch(
    /keycloak\.listUsers: listing stopped after 0 pages: the realm's count of 1000000000 users needs \d+ pages, more than the 5/,
  );
  expect(stopped.calls.map((c) => c.operation)).toEqual(['keycloak.token', 'keycloak.countUsers']);
  expect(h.auditEvents().at(-1)).toMatchObject({ action: 'idp-sync', outcome: 'aborted' });

  front.mode = 'off';
  const next = await sync({ dryRun: true });
  expect(next.aborted?.rule).not.toBe('listing-stopped');
  expect(next.summary.keycloakUsers).toBeGreaterThan(0);
});

test('an endless directory listing fails a lookup with a typed 502 and a mutation with an audited refusal', async () => {
  // A proxy of its own: the directory list is cached once read, so no earlier call may have read it.
  const ownFront = await startEndlessFront();
  const own = await start(ownFront);
  try {
    await directoriesScenario(ownFront, own);
  } finally {
    await own.close();
    await ownFront.close();
  }
});

async function directoriesScenario(endless: EndlessFront, proxy: Harness): Promise<void> {
  endless.mode = 'org-directories';
  const lookup = await proxy.call('GET', `/v1/accounts/lookup?email=${encodeURIComponent(BOB)}`);
  expect(lookup.status).toBe(502);
  const problem = ProblemDetails.parse(lookup.body);
  expect(problem.type).toBe(PROBLEM_TYPES.upstream);
  expect(problem.upstream).toEqual({
    operation: 'org.listDirectories',
    status: 200,
    key: 'listing-stopped:page-limit',
  });
  expect(problem.detail).toMatch(/did not end within its bounds \(page-limit after 5 pages\)/);

  const before = await proxy.stateText();
  const unlock = await proxy.call('POST', `/v1/accounts/${idOf(BOB)}/unlock`, { reason: 'r' });
  expect(unlock.status).toBe(502);
  expect(proxy.auditEvents().at(-1)).toMatchObject({
    action: 'unlock',
    outcome: 'error',
    error: { type: PROBLEM_TYPES.upstream, status: 502 },
  });
  expect(await proxy.stateText()).toBe(before);

  // Nothing was cached from the stopped walk: once the upstream behaves, the same calls work.
  endless.mode = 'off';
  expect(
    LookupResponse.parse(
      (await proxy.call('GET', `/v1/accounts/lookup?email=${encodeURIComponent(BOB)}`)).body,
    ).account?.email,
  ).toBe(BOB);
  const dry = ActionResponse.parse(
    (await proxy.call('POST', `/v1/accounts/${idOf(BOB)}/unlock`, { reason: 'r', dryRun: true })).body,
  );
  expect(dry.outcome).toBe('planned');
}
