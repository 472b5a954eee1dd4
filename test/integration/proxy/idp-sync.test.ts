/**
 * POST /v1/idp/sync through the real proxy against the simulator (Atlassian and Keycloak over real
 * HTTP): leavers deactivated or suspended, protected and SCIM-managed accounts untouched, the circuit
 * breaker (empty listing, a listing failing midway, over the cap), dry runs, idempotent reruns and the
 * optional reactivation of only what the sync itself deactivated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createAtlassianClients } from '../../../src/atlassian/clients/create-clients';
import {
  ActionResponse,
  IDP_PROBLEM_TYPES,
  IdpSyncResponse,
  ProblemDetails,
} from '../../../src/contract/proxy';
import { PROTECTED_EMAIL, startHarness, type Harness } from './support/sim-proxy';
import {
  admin,
  BOB,
  HANK,
  IVY,
  JACK,
  keycloakEnv,
  OLIVIA,
  scenarioRealm,
  setEnabled,
  type SimAccountRow,
} from './support/keycloak-scenario';
import { accountIn, idOf, readState } from './support/sim-state';

async function sync(h: Harness, body: unknown = {}): Promise<IdpSyncResponse> {
  const res = await h.call('POST', '/v1/idp/sync', body);
  if (res.status !== 200) throw new Error(`sync answered ${res.status}: ${res.text}`);
  return IdpSyncResponse.parse(res.body);
}

const actionOf = (r: IdpSyncResponse, email: string) => r.plan.find((p) => p.email === email);
/** Atlassian mutations among calls (the proxy's report or the simulator's log); Keycloak calls are reads. */
const mutationsIn = (calls: Array<{ method: string; path: string; operation?: string }>) =>
  calls.filter(
    (c) =>
      c.method !== 'GET' &&
      !(c.operation ?? '').startsWith('keycloak.') &&
      !c.path.endsWith('/users/search') &&
      !c.path.includes('/keycloak/') &&
      !c.path.endsWith('/get-scim-links-for-email'),
  );

describe('IdP sync (Keycloak)', () => {
  let h: Harness;
  let missing: string;
  beforeAll(async () => {
    h = await startHarness({ env: (sim) => keycloakEnv(sim) });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.control.reset({ seed: 'demo' });
    await h.control.clearFaults();
    missing = await scenarioRealm(h);
  });

  test('a dry run (the default) plans deactivate / suspend / none with reasons and changes nothing', async () => {
    const before = await h.stateText();
    const r = await sync(h);
    expect(r.dryRun).toBe(true);
    expect(r.aborted).toBeUndefined();
    expect(actionOf(r, IVY)).toMatchObject({ idpState: 'disabled', action: 'deactivate' });
    expect(actionOf(r, missing)).toMatchObject({ idpState: 'missing', action: 'deactivate' });
    expect(actionOf(r, JACK)).toMatchObject({ idpState: 'disabled', action: 'suspend' });
    expect(actionOf(r, HANK)).toMatchObject({ action: 'none' });
    expect(actionOf(r, HANK)?.reason).toMatch(/SCIM/);
    expect(actionOf(r, OLIVIA)).toMatchObject({ action: 'none' });
    expect(actionOf(r, BOB)).toMatchObject({ action: 'none' });
    expect(
      r.plan
        .filter((p) => p.action !== 'none')
        .map((p) => p.email)
        .sort(),
    ).toEqual([IVY, JACK, missing].sort());
    expect(actionOf(r, IVY)?.calls).toEqual([
      expect.objectContaining({ operation: 'um.disable', method: 'POST', status: null }),
    ]);
    expect(r.skipped.map((s) => [s.email, s.code])).toEqual(
      expect.arrayContaining([
        [OLIVIA, 'protected'],
        [BOB, 'already-inactive'],
        [HANK, 'blocked'],
      ]),
    );
    expect(r.applied).toEqual([]);
    expect(r.summary.matchedAccounts).toBeGreaterThan(150);
    expect(r.summary.shareLimit).toBe(Math.floor(r.summary.matchedAccounts * 0.05));
    expect(r.summary.unmatchedKeycloakUsers).toBeGreaterThanOrEqual(2); // zed.ghost, yara.newhire
    expect(r.calls.some((c) => c.operation === 'keycloak.listUsers')).toBe(true);
    expect(mutationsIn(r.calls)).toEqual([]);
    expect(await h.stateText()).toBe(before);
  });

  test('apply: disabled and deleted users are deactivated, the unmanaged one suspended, the rest untouched; a rerun plans nothing', async () => {
    const r = await sync(h, { dryRun: false });
    expect(r.aborted).toBeUndefined();
    expect(r.applied.map((a) => [a.email, a.action, a.outcome]).sort()).toEqual(
      [
        [IVY, 'deactivate', 'done'],
        [JACK, 'suspend', 'done'],
        [missing, 'deactivate', 'done'],
      ].sort(),
    );
    const state = await readState(h.control);
    expect(accountIn(state, IVY).accountStatus).toBe('inactive');
    expect(accountIn(state, missing).accountStatus).toBe('inactive');
    expect(accountIn(state, JACK).accountStatus).toBe('active');
    expect(Object.values(accountIn(state, JACK).memberships)).toEqual(['suspended']);
    for (const untouched of [HANK, OLIVIA, PROTECTED_EMAIL])
      expect(accountIn(state, untouched).accountStatus).toBe('active');

    const audits = h.auditEvents().filter((e) => e.action === 'deactivate');
    expect(audits.map((e) => (e.target as { email: string }).email).sort()).toEqual(
      [IVY, JACK, missing].sort(),
    );
    expect(audits.every((e) => e.outcome === 'done' && e.dryRun === false)).toBe(true);
    expect(String(audits[0]?.reason)).toMatch(/^IdP sync: /);

    await h.control.clearCalls();
    const before = await h.stateText();
    const again = await sync(h, { dryRun: false });
    expect(again.plan.filter((p) => p.action !== 'none')).toEqual([]);
    expect(again.applied).toEqual([]);
    expect(again.skipped.find((s) => s.email === IVY)?.code).toBe('already-inactive');
    // An inactive account absent from the realm is no longer a leaver: only active ones are looked for.
    expect(actionOf(again, missing)).toBeUndefined();
    expect(mutationsIn((await h.control.calls()).calls)).toEqual([]);
    expect(await h.stateText()).toBe(before);
  });

  test('breaker: an empty listing applies nothing', async () => {
    const kc = await admin(h.sim);
    for (const u of await kc.users.find({ max: 10_000, briefRepresentation: true }))
      await kc.users.del({ id: u.id ?? '' });
    const before = await h.stateText();
    const r = await sync(h, { dryRun: false });
    expect(r.aborted?.rule).toBe('empty-listing');
    expect(r.applied).toEqual([]);
    expect(r.plan).toEqual([]);
    expect(await h.stateText()).toBe(before);
  });

  test('breaker: a listing that fails midway applies nothing and says so', async () => {
    // token, count and the first page pass; the second page fails.
    await h.control.setFaults({
      api: 'keycloak',
      sequence: [{ latencyMs: 0 }, { latencyMs: 0 }, { latencyMs: 0 }, { status: 503 }],
    });
    const before = await h.stateText();
    const r = await sync(h, { dryRun: false });
    expect(r.aborted?.rule).toBe('listing-failed');
    expect(r.aborted?.reason).toMatch(/503/);
    expect(r.applied).toEqual([]);
    expect(r.calls.map((c) => c.status)).toEqual([200, 200, 200, 503]);
    expect(await h.stateText()).toBe(before);
  });

  test('breaker: over the cap (request lowers it) applies nothing; the plan still says what would happen', async () => {
    const before = await h.stateText();
    const r = await sync(h, { dryRun: false, maxDeactivations: 2 });
    expect(r.aborted?.rule).toBe('over-cap');
    expect(r.summary.maxDeactivations).toBe(2);
    expect(r.plan.filter((p) => p.action !== 'none')).toHaveLength(3);
    expect(r.applied).toEqual([]);
    expect(await h.stateText()).toBe(before);
    // A request cannot raise the operator's cap.
    expect((await sync(h, { maxDeactivations: 500 })).summary.maxDeactivations).toBe(10);
  });

  test('breaker: a realm that covers only part of the org (the demo realm) trips before reading each account', async () => {
    await h.control.reset({ seed: 'demo' });
    await h.control.clearCalls();
    const before = await h.stateText();
    const r = await sync(h, { dryRun: false });
    expect(['over-cap', 'over-share']).toContain(r.aborted?.rule);
    expect(r.applied).toEqual([]);
    expect(await h.stateText()).toBe(before);
    // No per-account reads: only the listing and the searches.
    expect((await h.control.calls()).calls.filter((c) => c.path.endsWith('/get-scim-links'))).toEqual([]);
  });

  test('bad input is refused before anything is read', async () => {
    await h.control.clearCalls();
    for (const body of [{ dryRun: 'no' }, { maxDeactivations: -1 }, { extra: true }]) {
      expect((await h.call('POST', '/v1/idp/sync', body)).status).toBe(400);
    }
    expect((await h.control.calls()).calls).toEqual([]);
  });
});

describe('IdP sync reactivation (IDP_SYNC_REACTIVATE=true)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: (sim) => keycloakEnv(sim, { IDP_SYNC_REACTIVATE: 'true' }) });
  });
  afterAll(() => h.close());

  test('only accounts this feature deactivated are reactivated, and only what it did is undone', async () => {
    await h.control.reset({ seed: 'demo' });
    const missing = await scenarioRealm(h);
    expect((await sync(h, { dryRun: false })).applied).toHaveLength(3);

    // Someone else deactivates another invited employee through the account endpoint: not ours.
    const { accounts } = (await h.control.state()) as unknown as { accounts: SimAccountRow[] };
    const other = accounts.find(
      (a) =>
        a.managementSource === 'invited' &&
        a.accountStatus === 'active' &&
        a.email.endsWith('@acme.example') &&
        ![IVY, OLIVIA, missing].includes(a.email),
    );
    if (!other) throw new Error('the demo org has another invited employee');
    const manual = ActionResponse.parse(
      (await h.call('POST', `/v1/accounts/${idOf(other.email)}/deactivate`, { reason: 'manual offboarding' }))
        .body,
    );
    expect(manual.outcome).toBe('done');
    const kc = await admin(h.sim);
    await setEnabled(kc, IVY, true);
    await setEnabled(kc, JACK, true);
    await setEnabled(kc, other.email, true);

    const dry = await sync(h);
    expect(
      dry.plan
        .filter((p) => p.action === 'reactivate')
        .map((p) => p.email)
        .sort(),
    ).toEqual([IVY, JACK].sort());
    expect(actionOf(dry, other.email)).toBeUndefined();

    const r = await sync(h, { dryRun: false });
    expect(r.applied.map((a) => [a.email, a.action]).sort()).toEqual(
      [
        [IVY, 'reactivate'],
        [JACK, 'reactivate'],
      ].sort(),
    );
    const state = await readState(h.control);
    expect(accountIn(state, IVY).accountStatus).toBe('active');
    expect(Object.values(accountIn(state, JACK).memberships)).toEqual(['active']);
    expect(accountIn(state, other.email).accountStatus).toBe('inactive');
    expect(accountIn(state, missing).accountStatus).toBe('inactive');
    const reactivations = h.auditEvents().filter((e) => e.action === 'reactivate');
    expect(reactivations.map((e) => (e.target as { email: string }).email).sort()).toEqual(
      [IVY, JACK].sort(),
    );

    // The record is spent: a rerun has nothing to reactivate.
    expect((await sync(h, { dryRun: false })).plan.filter((p) => p.action === 'reactivate')).toEqual([]);
  });

  const stateFile = () => join(dirname(h.auditFile), 'idp-sync-state.json');
  const skippedOf = (r: IdpSyncResponse, email: string) => r.skipped.find((s) => s.email === email);

  test('the record keeps the Keycloak user id; an email reassigned to a different Keycloak user reactivates nothing', async () => {
    await h.control.reset({ seed: 'demo' });
    await scenarioRealm(h);
    expect((await sync(h, { dryRun: false })).applied.map((a) => a.email)).toContain(IVY);
    const kc = await admin(h.sim);
    const [ivy] = await kc.users.find({ email: IVY, exact: true });
    const state = JSON.parse(readFileSync(stateFile(), 'utf8')) as {
      version: number;
      deactivated: Array<{ email: string; keycloakUserId: string | null }>;
    };
    expect(state.version).toBe(2);
    expect(state.deactivated.find((r) => r.email === IVY)?.keycloakUserId).toBe(ivy?.id);

    // Ivy's Keycloak user is gone; someone else now holds her address, enabled and verified.
    await kc.users.del({ id: ivy?.id ?? '' });
    const { id: newcomer } = await kc.users.create({
      username: 'ivy.newcomer',
      email: IVY,
      emailVerified: true,
      enabled: true,
    });
    expect(newcomer).not.toBe(ivy?.id);
    await h.control.clearCalls();
    const before = await h.stateText();
    const r = await sync(h, { dryRun: false });
    expect(actionOf(r, IVY)).toMatchObject({ idpState: 'enabled', action: 'none', calls: [] });
    expect(skippedOf(r, IVY)).toMatchObject({ code: 'identity-unproven' });
    expect(skippedOf(r, IVY)?.detail).toMatch(/different Keycloak user/);
    expect(r.applied).toEqual([]);
    expect(await h.stateText()).toBe(before);
    expect(mutationsIn((await h.control.calls()).calls)).toEqual([]);

    // An admin who knows better reactivates her by hand; the record has then served and is dropped.
    const manual = await h.call('POST', `/v1/accounts/${idOf(IVY)}/reactivate`, { reason: 'it is her' });
    expect(manual.status).toBe(200);
    const after = await sync(h, { dryRun: false });
    expect(skippedOf(after, IVY)).toMatchObject({ code: 'nothing-to-do' });
    expect(after.applied).toEqual([]);
    const kept = JSON.parse(readFileSync(stateFile(), 'utf8')) as { deactivated: Array<{ email: string }> };
    expect(kept.deactivated.map((d) => d.email)).not.toContain(IVY);
  });

  test('unverified emails drive nothing: a disabled one is not deactivated, an enabled one is not reactivated', async () => {
    await h.control.reset({ seed: 'demo' });
    await scenarioRealm(h);
    const kc = await admin(h.sim);
    const [ivy] = await kc.users.find({ email: IVY, exact: true });
    // Disabled, email not verified: skipped with the reason, never deactivated.
    await kc.users.update({ id: ivy?.id ?? '' }, { emailVerified: false });
    const first = await sync(h, { dryRun: false });
    expect(actionOf(first, IVY)).toMatchObject({ idpState: 'disabled', action: 'none' });
    expect(skippedOf(first, IVY)).toMatchObject({ code: 'email-unverified' });
    expect(skippedOf(first, IVY)?.detail).toMatch(/not verified/);
    expect(accountIn(await readState(h.control), IVY).accountStatus).toBe('active');
    expect(first.applied.map((a) => a.email)).toContain(JACK);

    // Jack, deactivated by the sync from a verified address, comes back enabled but unverified.
    const [jack] = await kc.users.find({ email: JACK, exact: true });
    await kc.users.update({ id: jack?.id ?? '' }, { enabled: true, emailVerified: false });
    const before = await h.stateText();
    const second = await sync(h, { dryRun: false });
    expect(actionOf(second, JACK)).toMatchObject({ idpState: 'enabled', action: 'none' });
    expect(skippedOf(second, JACK)).toMatchObject({ code: 'email-unverified' });
    expect(second.applied).toEqual([]);
    expect(await h.stateText()).toBe(before);
  });

  test('breaker: more reactivations than their cap (the request lowers it, never raises it) applies nothing', async () => {
    await h.control.reset({ seed: 'demo' });
    await scenarioRealm(h);
    expect((await sync(h, { dryRun: false })).applied).toHaveLength(3);
    const kc = await admin(h.sim);
    await setEnabled(kc, IVY, true);
    await setEnabled(kc, JACK, true);
    const stateBefore = readFileSync(stateFile(), 'utf8');
    const before = await h.stateText();

    const r = await sync(h, { dryRun: false, maxReactivations: 1 });
    expect(r.aborted?.rule).toBe('over-reactivation-cap');
    expect(r.aborted?.reason).toMatch(/2 reactivations planned, more than the cap of 1/);
    expect(r.summary.maxReactivations).toBe(1);
    expect(r.plan.filter((p) => p.action === 'reactivate')).toHaveLength(2);
    expect(r.applied).toEqual([]);
    expect(await h.stateText()).toBe(before);
    expect(readFileSync(stateFile(), 'utf8')).toBe(stateBefore);
    // The default cap is the deactivation cap (10); a request cannot raise it.
    expect((await sync(h, { maxReactivations: 500 })).summary.maxReactivations).toBe(10);
  });

  test('a state file from an earlier version (no Keycloak user ids) is read, and its records never reactivate', async () => {
    await h.control.reset({ seed: 'demo' });
    await scenarioRealm(h);
    // Ivy was deactivated by an earlier version of the sync, which recorded her email only.
    const manual = await h.call('POST', `/v1/accounts/${idOf(IVY)}/deactivate`, { reason: 'old sync' });
    expect(manual.status).toBe(200);
    writeFileSync(
      stateFile(),
      JSON.stringify({
        version: 1,
        deactivated: [
          {
            accountId: idOf(IVY),
            email: IVY,
            action: 'deactivate',
            directoryIds: [],
            at: '2026-01-01T00:00:00.000Z',
            requestId: 'old',
          },
        ],
      }),
    );
    await setEnabled(await admin(h.sim), IVY, true);
    const r = await sync(h, { dryRun: false });
    expect(actionOf(r, IVY)).toMatchObject({ idpState: 'enabled', action: 'none' });
    expect(skippedOf(r, IVY)).toMatchObject({ code: 'identity-unproven' });
    expect(skippedOf(r, IVY)?.detail).toMatch(/names no Keycloak user/);
    expect(accountIn(await readState(h.control), IVY).accountStatus).toBe('inactive');
  });
});

describe('IdP sync with ALLOWED_DIRECTORIES', () => {
  const CHEN = 'chen.ahmed44@acme-labs.example'; // active, managed, SCIM-synced in Entra only
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: (sim) => keycloakEnv(sim, { ALLOWED_DIRECTORIES: sim.identity.directories[0]!.id }),
    });
  });
  afterAll(() => h.close());

  test('a leaver who belongs to a directory outside the list is planned as none with that reason, and never deactivated', async () => {
    await h.control.reset({ seed: 'demo' });
    await h.control.clearFaults();
    // Out of SCIM, so that only the allowlist stands between the account and lifecycle disable.
    const clients = createAtlassianClients({
      baseUrl: h.sim.url,
      orgId: h.sim.identity.org.id,
      orgApiKey: h.sim.identity.org.apiKey,
    });
    for (const link of await clients.scimLinks.getScimLinks(idOf(CHEN)))
      await clients.scimLinks.unlink(link.directoryId, link.scimUserId);
    await scenarioRealm(h);
    await setEnabled(await admin(h.sim), CHEN, false);

    const dry = await sync(h);
    expect(dry.aborted).toBeUndefined();
    expect(actionOf(dry, CHEN)).toMatchObject({ idpState: 'disabled', action: 'none', calls: [] });
    expect(actionOf(dry, CHEN)?.reason).toMatch(/ALLOWED_DIRECTORIES.*whole account.*/);
    expect(actionOf(dry, CHEN)?.reason).toContain(h.entra);
    expect(dry.skipped.find((s) => s.email === CHEN)?.code).toBe('blocked');
    // Leavers inside the allowed directory are still planned.
    expect(actionOf(dry, IVY)?.action).toBe('deactivate');

    const r = await sync(h, { dryRun: false });
    expect(r.applied.map((a) => a.email)).not.toContain(CHEN);
    expect(accountIn(await readState(h.control), CHEN).accountStatus).toBe('active');
  });
});

test('without Keycloak configuration the endpoint answers 501 idp-not-configured', async () => {
  const h = await startHarness();
  try {
    const res = await h.call('POST', '/v1/idp/sync', {});
    expect(res.status).toBe(501);
    expect(ProblemDetails.parse(res.body).type).toBe(IDP_PROBLEM_TYPES.notConfigured);
  } finally {
    await h.close();
  }
});
