/**
 * Authorisation of every admin resolver (admin vs non-admin vs anonymous) and property-based payload
 * fuzzing: any payload yields data or a typed error, never an exception; a rejected payload writes nothing.
 */
import fc from 'fast-check';
import {
  ADMIN_FUNCTIONS,
  ISSUE_ACTION_FUNCTIONS,
  type AdminFunction,
} from '../../../src/contract/app/resolvers';
import { DEFAULT_SETTINGS } from '../../../src/contract/app/records';
import { dataOf, errorOf, startForgeHarness, type ForgeHarness } from './harness';

let h: ForgeHarness;
beforeAll(async () => {
  h = await startForgeHarness();
});
afterAll(async () => {
  await h?.close();
});

const BOB = 'bob.mover@acme.example';

/** A valid payload per admin function, so a refusal can only come from authorisation. */
function validPayload(fn: AdminFunction): unknown {
  const accountId = h.accountIdOf(BOB);
  const requestId = 'r1234567890123abcdef';
  switch (fn) {
    case 'overview':
    case 'getSettings':
    case 'scanNow':
    case 'getIdpSync':
      return {};
    case 'runIdpSync':
      return { dryRun: true };
    case 'lookup':
      return { email: BOB };
    case 'unlock':
    case 'unlink':
    case 'reactivate':
      return { accountId, reason: 'authz test' };
    case 'listFlags':
    case 'listIncidents':
    case 'listRequests':
    case 'listAudit':
      return {};
    case 'dismissFlag':
      return { accountId, reason: 'authz test' };
    case 'approveRequest':
      return { requestId };
    case 'denyRequest':
      return { requestId, reason: 'authz test' };
    case 'saveSettings':
      return { settings: { ...DEFAULT_SETTINGS, scanEnabled: true, projectKey: 'ITSUP' } };
  }
}

describe.each(ADMIN_FUNCTIONS.map((fn) => [fn]))('%s', (fn) => {
  test('a non-admin and an anonymous caller are refused and nothing changes', async () => {
    const kvsBefore = h.kvsText();
    const simBefore = await h.simText();
    for (const accountId of [h.member.accountId, null]) {
      expect(errorOf(await h.adminCall(fn, validPayload(fn), accountId)).code).toBe('forbidden');
    }
    // Invalid payloads too: authorisation comes first, so nothing about the payload leaks.
    expect(errorOf(await h.adminCall(fn, { junk: 1 }, h.member.accountId)).code).toBe('forbidden');
    expect(h.kvsText()).toBe(kvsBefore);
    expect(await h.simText()).toBe(simBefore);
  });

  test('an admin is let through', async () => {
    const answer = await h.adminCall(fn, validPayload(fn));
    if ('error' in answer) expect(answer.error.code).not.toBe('forbidden');
  });
});

test('a Jira outage during the admin check is a typed upstream error, never a pass', async () => {
  dataOf(await h.adminCall('overview'));
  await h.control.setFaults({ api: 'jira', sequence: [{ status: 503 }] });
  const answer = await h.adminCall('overview');
  await h.control.clearFaults();
  expect(errorOf(answer).code).not.toBe('forbidden');
  dataOf(await h.adminCall('overview'));
});

const payloads = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.record({
    accountId: fc.oneof(fc.string(), fc.constant('../x'), fc.constant('a'.repeat(200))),
    reason: fc.oneof(fc.string({ maxLength: 600 }), fc.constant('')),
    dryRun: fc.anything({ maxDepth: 1 }),
    method: fc.oneof(fc.constant('delete'), fc.string()),
    directoryId: fc.string(),
  }),
  fc.record({
    requestId: fc.oneof(fc.string(), fc.constant('r1234567890123abcdef')),
    reason: fc.string({ maxLength: 20 }),
  }),
  fc.record({ cursor: fc.string({ maxLength: 5000 }), limit: fc.integer(), status: fc.string() }),
  fc.record({ settings: fc.anything({ maxDepth: 2 }) }),
);

test('fuzzed admin payloads: typed answers only; rejected ones write nothing', async () => {
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...ADMIN_FUNCTIONS), payloads, async (fn, payload) => {
      const kvsBefore = h.kvsText();
      const answer = await h.adminCall(fn, payload);
      expect(answer).toEqual(expect.any(Object));
      if ('error' in answer) {
        errorOf(answer);
        if (answer.error.code === 'invalid-input') expect(h.kvsText()).toBe(kvsBefore);
      } else {
        expect(Object.keys(answer)).toEqual(['data']);
      }
    }),
    { numRuns: 150, seed: 42 },
  );
});

test('fuzzed issue-action payloads and issue contexts: typed answers only', async () => {
  const laptop = (
    await h.jira<{ issues: Array<{ id: string; key: string }> }>(
      `/rest/api/3/search/jql?jql=${encodeURIComponent('labels = onboarding')}`,
    )
  ).issues[0];
  if (!laptop) throw new Error('the demo seed has an onboarding issue');
  const issues = fc.oneof(
    fc.constant(laptop),
    fc.record({ key: fc.string(), id: fc.string() }),
    fc.record({ key: fc.constant(laptop.key), id: fc.oneof(fc.string(), fc.integer().map(String)) }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ISSUE_ACTION_FUNCTIONS),
      issues,
      payloads,
      async (fn, issue, payload) => {
        const kvsBefore = h.kvsText();
        const answer = await h.issueCall(fn, issue, payload);
        if ('error' in answer) {
          errorOf(answer);
          if (['invalid-input', 'forbidden'].includes(answer.error.code)) expect(h.kvsText()).toBe(kvsBefore);
        }
      },
    ),
    { numRuns: 80, seed: 7 },
  );
});
