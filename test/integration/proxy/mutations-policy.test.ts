/**
 * The halves (unlink, reactivate), deactivate, and the policy around every mutation, through the real
 * proxy against the real simulator: protected accounts, directories outside ALLOWED_DIRECTORIES,
 * preconditions only Atlassian knows (export control), and the one audit line each attempt writes.
 */
import { createAtlassianClients } from '../../../src/atlassian/clients/create-clients';
import {
  ActionResponse,
  LookupResponse,
  PROBLEM_TYPES,
  ProblemDetails,
  UnlockResponse,
} from '../../../src/contract/proxy';
import { startHarness, TOKEN, type Harness } from './support/sim-proxy';
import { accountIn, idOf, linkedRecords, readState } from './support/sim-state';

const ALICE = 'alice.admin@acme.example';
const BOB = 'bob.mover@acme.example';
const CARLA = 'carla.both@acme.example';
const NORA = 'nora.contractor@acme-labs.example';
const IVY = 'ivy.invited@acme.example';
const JACK = 'jack.external@gmail.com';
const PAUL = 'paul.agent@acme.example';
const LEO = 'leo.exportcontrol@acme.example';
const MIA = 'mia.pendingdeletion@acme.example';
const CHEN = 'chen.ahmed44@acme-labs.example'; // active, SCIM-synced in Entra only

describe('mutations and policy', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.control.reset({ seed: 'demo' }));

  test('a protected account is refused with 403 for every mutation, and nothing changes', async () => {
    const before = await h.stateText();
    for (const action of ['unlock', 'unlink', 'reactivate', 'deactivate']) {
      const res = await h.call('POST', `/v1/accounts/${idOf(ALICE)}/${action}`, { reason: 'try it' });
      expect(res.status).toBe(403);
      expect(ProblemDetails.parse(res.body).type).toBe(PROBLEM_TYPES.protectedAccount);
    }
    expect(await h.stateText()).toBe(before);
  });

  test('reactivate alone is blocked while a SCIM link holds the account', async () => {
    const before = await h.stateText();
    const res = ActionResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(BOB)}/reactivate`, { reason: 'back' })).body,
    );
    expect(res.outcome).toBe('blocked');
    expect(res.blockers.map((b) => b.code)).toContain('scim-link-present');
    expect(res.blockers.find((b) => b.code === 'scim-link-present')?.message).toMatch(/SCIM/);
    expect(res.steps).toEqual([]);
    expect(await h.stateText()).toBe(before);
  });

  test('unlink alone removes the link but leaves the account inactive; reactivate then succeeds', async () => {
    const unlink = ActionResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(BOB)}/unlink`, { reason: 'step one' })).body,
    );
    expect(unlink.outcome).toBe('done');
    let state = await readState(h.control);
    expect(accountIn(state, BOB)).toMatchObject({ accountStatus: 'inactive', linked: false });

    const again = ActionResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(BOB)}/unlink`, { reason: 'step one' })).body,
    );
    expect(again.outcome).toBe('no-op');

    const reactivate = ActionResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(BOB)}/reactivate`, { reason: 'step two' })).body,
    );
    expect(reactivate.outcome).toBe('done');
    state = await readState(h.control);
    expect(accountIn(state, BOB)).toMatchObject({ accountStatus: 'active', linked: false });
  });

  test('unlink limited to one directory keeps the other link', async () => {
    const res = ActionResponse.parse(
      (
        await h.call('POST', `/v1/accounts/${idOf(CARLA)}/unlink`, {
          reason: 'leaving Entra only',
          directoryId: h.entra,
        })
      ).body,
    );
    expect(res.outcome).toBe('done');
    expect(linkedRecords(await readState(h.control), CARLA).map((r) => r.directoryId)).toEqual([h.okta]);
  });

  test('deactivate: lifecycle disable for a managed account, suspend for an unmanaged one', async () => {
    const managed = ActionResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(IVY)}/deactivate`, { reason: 'left', message: 'Bye' })).body,
    );
    expect(managed.outcome).toBe('done');
    expect(managed.steps.map((s) => [s.action, s.status, s.call?.operation ?? null])).toEqual([
      ['disable-account', 'done', 'um.disable'],
      ['verify', 'done', null],
    ]);

    const unmanaged = ActionResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(JACK)}/deactivate`, { reason: 'contract over' })).body,
    );
    expect(unmanaged.outcome).toBe('done');
    const suspends = unmanaged.steps.filter((s) => s.action === 'suspend-membership');
    expect(suspends.length).toBeGreaterThan(0);
    expect(suspends.every((s) => s.status === 'done' && s.call?.operation === 'org.suspendUser')).toBe(true);

    const state = await readState(h.control);
    expect(accountIn(state, IVY).accountStatus).toBe('inactive');
    const jack = accountIn(state, JACK);
    expect(jack.accountStatus).toBe('active');
    expect(Object.values(jack.memberships).every((m) => m === 'suspended')).toBe(true);
  });

  test('deactivate refuses an account its IdP manages over SCIM', async () => {
    const before = await h.stateText();
    const res = ActionResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(PAUL)}/deactivate`, { reason: 'left' })).body,
    );
    expect(res.outcome).toBe('blocked');
    expect(res.blockers.map((b) => b.code)).toEqual(['managed-by-scim']);
    expect(await h.stateText()).toBe(before);
  });

  test('pending deletion blocks the unlock before anything is sent', async () => {
    const before = await h.stateText();
    const res = UnlockResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(MIA)}/unlock`, { reason: 'r' })).body,
    );
    expect(res.outcome).toBe('blocked');
    expect(res.blockers.map((b) => b.code)).toContain('pending-deletion');
    expect(await h.stateText()).toBe(before);
  });

  test('a refusal only Atlassian knows (export control) ends as a truthful partial', async () => {
    const res = UnlockResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(LEO)}/unlock`, { reason: 'r' })).body,
    );
    expect(res.outcome).toBe('partial');
    expect(res.steps.map((s) => [s.action, s.status])).toEqual([
      ['unlink-scim-link', 'done'],
      ['enable-account', 'failed'],
      ['restore-membership', 'skipped'],
      ['verify', 'failed'],
    ]);
    expect(res.steps[1]?.detail).toMatch(/403.*blocked\.exportControl/);
    expect(res.steps[1]?.call?.status).toBe(403);
    const leo = accountIn(await readState(h.control), LEO);
    expect(leo).toMatchObject({ accountStatus: 'inactive', linked: false });
    expect(res.account).toMatchObject({ accountStatus: 'inactive' });
  });

  test('an unknown account is blocked as not found, without any mutation', async () => {
    const res = UnlockResponse.parse(
      (await h.call('POST', '/v1/accounts/712020:no-such-account/unlock', { reason: 'r' })).body,
    );
    expect(res).toMatchObject({ outcome: 'blocked', account: null });
    expect(res.blockers.map((b) => b.code)).toEqual(['not-found']);
  });

  test('every mutation attempt writes exactly one audit line, and no secret reaches logs, audit or answers', async () => {
    const startLines = h.auditEvents().length;
    const attempts = [
      { path: `/v1/accounts/${idOf(BOB)}/unlock`, body: { reason: 'dry', dryRun: true }, outcome: 'planned' },
      { path: `/v1/accounts/${idOf(ALICE)}/unlink`, body: { reason: 'protected' }, outcome: 'error' },
      { path: `/v1/accounts/${idOf(PAUL)}/deactivate`, body: { reason: 'blocked' }, outcome: 'blocked' },
      { path: `/v1/accounts/${idOf(BOB)}/unlock`, body: { reason: 'real' }, outcome: 'unlocked' },
      { path: `/v1/accounts/${idOf(BOB)}/unlock`, body: { reason: 'again' }, outcome: 'already-active' },
      { path: `/v1/accounts/${idOf(LEO)}/unlock`, body: { reason: 'partial' }, outcome: 'partial' },
    ];
    const answers = [];
    for (const a of attempts) {
      answers.push(await h.call('POST', a.path, a.body));
      // Reads are not audited.
      answers.push(await h.call('GET', `/v1/accounts/lookup?email=${encodeURIComponent(BOB)}`));
    }
    answers.push(await h.call('POST', '/v1/scan/deactivated-by-sync', { limit: 5 }));

    const events = h.auditEvents().slice(startLines);
    expect(events.map((e) => e.outcome)).toEqual(attempts.map((a) => a.outcome));
    const mutationAnswers = answers.filter((_, i) => i % 2 === 0 && i < attempts.length * 2);
    events.forEach((e, i) => {
      expect(e).toMatchObject({
        event: 'audit',
        actor: { kind: 'token', id: 'tests' },
        installationId: null,
        requestId: mutationAnswers[i]?.requestId,
        reason: attempts[i]?.body.reason,
        dryRun: attempts[i]?.body.dryRun === true,
      });
      expect(e.target).toMatchObject({ accountId: expect.any(String) });
    });
    // Steps carry the upstream status of each call; the protected refusal carries its problem type.
    expect(events[3]?.steps).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ operation: 'um.enable', status: 'done', upstreamStatus: 204 }),
      ]),
    );
    expect(events[3]?.target).toEqual({ accountId: idOf(BOB), email: BOB });
    expect(events[1]?.error).toEqual({ type: PROBLEM_TYPES.protectedAccount, status: 403 });
    // The same lines went to stdout.
    expect(h.auditLines.length).toBe(h.auditEvents().length);

    const secrets = [
      h.sim.identity.org.apiKey,
      h.sim.identity.controlToken,
      TOKEN,
      ...h.sim.identity.directories.map((d) => d.scimKey),
    ];
    const outputs = [
      h.logLines.join(''),
      h.auditLines.join(''),
      JSON.stringify(h.auditEvents()),
      ...answers.map((a) => a.text),
    ];
    for (const secret of secrets) for (const text of outputs) expect(text).not.toContain(secret);
  });
});

describe('ALLOWED_DIRECTORIES and SCIM keys limited to one directory', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: (sim) => ({
        ALLOWED_DIRECTORIES: sim.identity.directories[0]!.id,
        SCIM_DIRECTORY_KEYS: JSON.stringify({
          [sim.identity.directories[0]!.id]: sim.identity.directories[0]!.scimKey,
        }),
      }),
    });
  });
  afterAll(() => h.close());
  beforeEach(() => h.control.reset({ seed: 'demo' }));

  test('an unlock that would touch a disallowed directory is blocked and nothing is sent', async () => {
    await h.control.clearCalls();
    const before = await h.stateText();
    for (const email of [CARLA, NORA]) {
      const res = UnlockResponse.parse(
        (await h.call('POST', `/v1/accounts/${idOf(email)}/unlock`, { reason: 'r' })).body,
      );
      expect(res.outcome).toBe('blocked');
      expect(res.blockers.map((b) => b.code)).toContain('directory-not-allowed');
    }
    expect(await h.stateText()).toBe(before);
    const { calls } = await h.control.calls();
    expect(calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/users/search'))).toEqual([]);
  });

  /**
   * Takes an account out of SCIM (the admin unlink, sent straight to the simulator with the org key) so
   * that it belongs to the Entra directory by membership only: the lifecycle calls then have no
   * per-directory step that the allowlist would catch, only the account-wide enable or disable.
   */
  async function unlinkedInEntraOnly(email: string): Promise<void> {
    const clients = createAtlassianClients({
      baseUrl: h.sim.url,
      orgId: h.sim.identity.org.id,
      orgApiKey: h.sim.identity.org.apiKey,
    });
    for (const link of await clients.scimLinks.getScimLinks(idOf(email)))
      await clients.scimLinks.unlink(link.directoryId, link.scimUserId);
    const account = accountIn(await readState(h.control), email);
    expect(account).toMatchObject({ linked: false, memberships: { [h.entra]: 'active' } });
    expect(Object.keys(account.memberships)).toEqual([h.entra]);
  }

  test('account-wide lifecycle calls on an account only in a disallowed directory are blocked, dry runs and diagnosis included', async () => {
    await unlinkedInEntraOnly(NORA); // inactive: unlock and reactivate would enable the whole account
    await unlinkedInEntraOnly(CHEN); // active and managed: deactivate would disable the whole account
    await h.control.clearCalls();
    const before = await h.stateText();

    const lookup = LookupResponse.parse(
      (await h.call('GET', `/v1/accounts/lookup?email=${encodeURIComponent(NORA)}`)).body,
    );
    expect(lookup.diagnosis.canUnlock).toBe(false);
    expect(lookup.diagnosis.blockers.map((b) => b.code)).toEqual(['directory-not-allowed']);
    expect(lookup.diagnosis.blockers[0]?.message).toContain(h.entra);

    const attempts: Array<[string, string, Record<string, unknown>]> = [
      [NORA, 'unlock', { reason: 'r', dryRun: true }],
      [NORA, 'unlock', { reason: 'r' }],
      [NORA, 'reactivate', { reason: 'r', dryRun: true }],
      [NORA, 'reactivate', { reason: 'r' }],
      [CHEN, 'deactivate', { reason: 'r', dryRun: true }],
      [CHEN, 'deactivate', { reason: 'r' }],
    ];
    for (const [email, action, body] of attempts) {
      const res = ActionResponse.parse(
        (await h.call('POST', `/v1/accounts/${idOf(email)}/${action}`, body)).body,
      );
      expect([email, action, res.outcome, res.blockers.map((b) => b.code)]).toEqual([
        email,
        action,
        'blocked',
        ['directory-not-allowed'],
      ]);
      expect(res.steps).toEqual([]);
    }
    expect(await h.stateText()).toBe(before);
    const { calls } = await h.control.calls();
    expect(calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/users/search'))).toEqual([]);
    expect(
      h
        .auditEvents()
        .slice(-attempts.length)
        .map((e) => e.outcome),
    ).toEqual(attempts.map(() => 'blocked'));
  });

  test('naming a disallowed directory is refused with 403 before any upstream call', async () => {
    await h.control.clearCalls();
    const res = await h.call('POST', `/v1/accounts/${idOf(CARLA)}/unlink`, {
      reason: 'r',
      directoryId: h.entra,
    });
    expect(res.status).toBe(403);
    expect(ProblemDetails.parse(res.body).type).toBe(PROBLEM_TYPES.directoryNotAllowed);
    expect((await h.control.calls()).calls).toEqual([]);
  });

  test('a link in a directory without a configured key is reported as unknown, not as inactive', async () => {
    const res = await h.call('GET', `/v1/accounts/lookup?email=${encodeURIComponent(CARLA)}`);
    const links = (res.body as { scimLinks: Array<{ directoryId: string; record: string; active: unknown }> })
      .scimLinks;
    expect(links.find((l) => l.directoryId === h.entra)).toMatchObject({ record: 'no-key', active: null });
    expect(links.find((l) => l.directoryId === h.okta)).toMatchObject({ record: 'known', active: false });
    const { calls } = await h.control.calls();
    expect(calls.some((c) => c.path.startsWith(`/scim/directory/${h.entra}/`))).toBe(false);
  });
});
