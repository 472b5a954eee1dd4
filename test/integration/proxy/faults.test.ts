/**
 * Unlock under injected upstream faults (simulator fault plans: 429 storms, 5xx, dropped connections)
 * and one lost answer. The rules under test: reads retry; a mutation is never repeated blindly (only
 * after the state was read back and showed it still needed); the outcome is `unlocked` only when the
 * read-back proves it, else a truthful `partial` naming what is done and what is not.
 * Retry waits resolve at once (injected sleep), so nothing here waits on a clock.
 */
import { UnlockResponse, PROBLEM_TYPES, ProblemDetails } from '../../../src/contract/proxy';
import type { FaultStep } from '../../../src/sandbox/sim/control-client';
import { blindRepeats, isMutation, mutationCounts } from './support/call-log';
import { startHarness, TOKEN, type Harness } from './support/sim-proxy';
import { accountIn, idOf, readState, type SimState } from './support/sim-state';

const BOB = 'bob.mover@acme.example';
const PASS: FaultStep = { latencyMs: 0 };

async function unlock(h: Harness, email: string) {
  const res = await h.call('POST', `/v1/accounts/${idOf(email)}/unlock`, { reason: 'fault test' });
  return { res, body: res.status === 200 ? UnlockResponse.parse(res.body) : null };
}

describe('unlock under upstream faults', () => {
  let h: Harness;
  /**
   * A trick played on the next request whose path ends with `suffix`: its answer is lost after the
   * simulator applied it, or an identical request (a concurrent duplicate) is delivered just before it.
   */
  let trick: { suffix: string; kind: 'lose-answer' | 'concurrent-duplicate' } | null = null;

  beforeAll(async () => {
    h = await startHarness({
      http: {
        fetch: async (input, init) => {
          const played = trick !== null && String(input).endsWith(trick.suffix) ? trick : null;
          if (played) trick = null;
          if (played?.kind === 'concurrent-duplicate') await (await fetch(input, init)).text();
          const res = await fetch(input, init);
          if (played?.kind === 'lose-answer') {
            await res.text();
            throw new TypeError('fetch failed', {
              cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
            });
          }
          return res;
        },
      },
    });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    trick = null;
    await h.control.clearFaults();
    await h.control.reset({ seed: 'demo' });
    await h.control.clearCalls();
  });

  test('reads retry through a 429 storm; each mutation is sent once and the unlock completes', async () => {
    await h.control.setFaults({
      api: 'org',
      sequence: [1, 2, 3].map(() => ({ status: 429, retryAfter: '0' })),
    });
    await h.control.setFaults({
      api: 'scimLinks',
      sequence: [{ status: 429, rateLimitReset: new Date().toISOString() }],
    });
    const { body } = await unlock(h, BOB);
    expect(body?.outcome).toBe('unlocked');
    const { calls } = await h.control.calls();
    expect(calls.filter((c) => c.status === 429)).toHaveLength(4);
    expect(Object.values(mutationCounts(calls))).toEqual([1, 1]);
    // The answer's call list is every attempt, retries included, exactly as the upstream saw them.
    expect(body?.calls.length).toBe(calls.length);
    expect(body?.calls.filter((c) => c.status === 429)).toHaveLength(4);
  });

  test.each<[string, 'scimLinks' | 'userManagement', FaultStep]>([
    ['a 429 on the unlink', 'scimLinks', { status: 429, retryAfter: '2' }],
    ['a 503 on the unlink', 'scimLinks', { status: 503 }],
    ['a dropped connection on the unlink', 'scimLinks', { drop: true }],
    ['a 502 on the lifecycle enable', 'userManagement', { status: 502 }],
    ['a dropped connection on the lifecycle enable', 'userManagement', { drop: true }],
  ])(
    '%s: the state is read back, then one informed resend completes the unlock',
    async (_name, api, fault) => {
      // The first request of the family is the initial read (get-scim-links / GET manage); the second is the mutation.
      await h.control.setFaults({ api, sequence: [PASS, fault] });
      const { body } = await unlock(h, BOB);
      expect(body?.outcome).toBe('unlocked');
      const step = body?.steps.find(
        (s) => s.action === (api === 'scimLinks' ? 'unlink-scim-link' : 'enable-account'),
      );
      expect(step).toMatchObject({ status: 'done', call: { status: 204 } });
      expect(step?.detail).toMatch(/Sent again after the state showed the first attempt had not applied/);

      const { calls } = await h.control.calls();
      const counts = mutationCounts(calls);
      expect(Object.values(counts).sort()).toEqual([1, 2]);
      expect(blindRepeats(calls)).toEqual([]);
      expect(body?.calls.length).toBe(calls.length);
      expect(accountIn(await readState(h.control), BOB)).toMatchObject({
        accountStatus: 'active',
        linked: false,
      });
    },
  );

  test('an answer lost after the change applied: the read-back shows it done, and it is not sent again', async () => {
    trick = { suffix: '/unlink', kind: 'lose-answer' };
    const { body } = await unlock(h, BOB);
    expect(body?.outcome).toBe('unlocked');
    const step = body?.steps.find((s) => s.action === 'unlink-scim-link');
    expect(step).toMatchObject({ status: 'done', call: { status: null } });
    expect(step?.detail).toMatch(/state read back shows the change applied/);
    const { calls } = await h.control.calls();
    expect(Object.values(mutationCounts(calls))).toEqual([1, 1]);
  });

  test('a concurrent duplicate deleted the records first: the 404 is checked against the state, not resent', async () => {
    trick = { suffix: '/onlyDeleteUserInDB', kind: 'concurrent-duplicate' };
    const res = await h.call('POST', `/v1/accounts/${idOf(BOB)}/unlock`, {
      reason: 'double click',
      method: 'delete',
    });
    const body = UnlockResponse.parse(res.body);
    expect(body.outcome).toBe('unlocked');
    const step = body.steps.find((s) => s.action === 'delete-scim-records');
    expect(step).toMatchObject({ status: 'done', call: { status: 404 } });
    expect(step?.detail).toMatch(/HTTP 404.*state read back shows the change applied/);
    const { calls } = await h.control.calls();
    // The duplicate's DELETE and the proxy's own; the proxy did not send a third.
    expect(calls.filter((c) => c.path.endsWith('/onlyDeleteUserInDB')).map((c) => c.status)).toEqual([
      204, 404,
    ]);
  });

  test('an enable that keeps failing ends as partial, naming what is done; a second unlock finishes', async () => {
    // um: initial GET manage, enable (503), re-read GET manage, enable again (503); later requests pass.
    await h.control.setFaults({
      api: 'userManagement',
      sequence: [PASS, { status: 503 }, PASS, { status: 503 }],
    });
    const { body } = await unlock(h, BOB);
    expect(body?.outcome).toBe('partial');
    expect(body?.steps.map((s) => [s.action, s.status])).toEqual([
      ['unlink-scim-link', 'done'],
      ['enable-account', 'failed'],
      ['restore-membership', 'skipped'],
      ['verify', 'failed'],
    ]);
    expect(body?.steps[1]?.detail).toMatch(/HTTP 503.*did not apply/);
    expect(body?.account).toMatchObject({ accountStatus: 'inactive' });
    const { calls } = await h.control.calls();
    const enables = calls.filter((c) => isMutation(c) && c.path.endsWith('/lifecycle/enable'));
    expect(enables.map((c) => c.status)).toEqual([503, 503]);
    expect(blindRepeats(calls)).toEqual([]);
    expect(accountIn(await readState(h.control), BOB)).toMatchObject({
      accountStatus: 'inactive',
      linked: false,
    });

    const again = await unlock(h, BOB);
    expect(again.body?.outcome).toBe('unlocked');
    expect(again.body?.steps[0]).toMatchObject({ action: 'unlink-scim-link', status: 'skipped' });
  });

  test('when the state cannot be read at all, nothing is changed and the caller gets a 503 problem', async () => {
    await h.control.setFaults({ api: 'org', probability: { p: 1, fault: { status: 503 } } });
    const before = await h.stateText();
    const auditBefore = h.auditEvents().length;
    const { res } = await unlock(h, BOB);
    expect(res.status).toBe(503);
    expect(ProblemDetails.parse(res.body).type).toBe(PROBLEM_TYPES.upstreamUnavailable);
    await h.control.clearFaults();
    expect(await h.stateText()).toBe(before);
    expect((await h.control.calls()).calls.filter(isMutation)).toEqual([]);
    expect(
      h
        .auditEvents()
        .slice(auditBefore)
        .map((e) => e.outcome),
    ).toEqual(['error']);
  });

  describe.each<[string, FaultStep]>([
    ['429 storm', { status: 429, retryAfter: '0' }],
    ['5xx storm', { status: 503 }],
    ['dropped connections', { drop: true }],
  ])('random %s on every API', (_name, fault) => {
    const people = [
      'bob.mover@acme.example',
      'carla.both@acme.example',
      'dan.deactivated@acme.example',
      'nora.contractor@acme-labs.example',
      'gina.suspended@acme.example',
      'erin.unlinked@acme.example',
    ];

    test('every answer is unlocked or a truthful partial (or a clean refusal); no mutation is repeated blindly', async () => {
      const before = await readState(h.control);
      await h.control.setFaults({ api: 'all', probability: { p: 0.35, fault, seed: 11 } });
      const answers = [];
      for (const email of people) answers.push({ email, ...(await unlock(h, email)) });
      await h.control.clearFaults();
      const after = await readState(h.control);
      const { calls } = await h.control.calls();

      expect(blindRepeats(calls)).toEqual([]);
      for (const { email, res, body } of answers) {
        const now = accountIn(after, email);
        if (body === null) {
          // A refusal (the state could not be read): the account is exactly as it was.
          expect(res.status).toBe(503);
          expect(now).toEqual(accountIn(before, email));
          continue;
        }
        expect(['unlocked', 'partial']).toContain(body.outcome);
        if (body.outcome === 'unlocked') {
          expect(now.accountStatus).toBe('active');
          // An active account keeps its links (gina: only her suspended membership is restored).
          if (accountIn(before, email).accountStatus === 'inactive') expect(now.linked).toBe(false);
          expect(Object.values(now.memberships)).not.toContain('suspended');
        }
        // Every step reported done is true upstream.
        for (const s of body.steps.filter((x) => x.status === 'done'))
          expect(holds(s, now, after)).toBe(true);
      }
      for (const secret of [
        h.sim.identity.org.apiKey,
        TOKEN,
        ...h.sim.identity.directories.map((d) => d.scimKey),
      ]) {
        expect(h.logLines.join('')).not.toContain(secret);
        for (const a of answers) expect(a.res.text).not.toContain(secret);
      }
    });
  });
});

function holds(
  step: { action: string; target: string },
  account: ReturnType<typeof accountIn>,
  state: SimState,
): boolean {
  switch (step.action) {
    case 'unlink-scim-link': {
      const m = /SCIM user (\S+)$/.exec(step.target);
      return !state.directories.some((d) =>
        d.users.some((u) => u.id === m?.[1] && u.accountId === account.accountId),
      );
    }
    case 'delete-scim-records':
      return !account.linked;
    case 'enable-account':
      return account.accountStatus === 'active';
    case 'restore-membership': {
      const dir = step.target.replace(/^directory /, '');
      return account.memberships[dir] === 'active';
    }
    case 'verify':
      return account.accountStatus === 'active';
    default:
      return false;
  }
}
