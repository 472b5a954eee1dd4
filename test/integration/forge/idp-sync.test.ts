/**
 * IdP offboarding from the Forge side, end to end: the app's real handlers on the local Forge runtime,
 * the real proxy's POST /v1/idp/sync and the simulator's Keycloak realm and Atlassian org. "Run now" and
 * the scheduled trigger, the stored last run, the audit entry, and ONE Jira issue for a run that applied
 * changes or tripped the breaker — none for a clean dry run or a no-op.
 */
import KcAdminClient from '@keycloak/keycloak-admin-client';
import * as app from '../../../src/index';
import type { IdpRunStarted, IdpSyncView, Page } from '../../../src/contract/app/resolvers';
import { RUN_PROPERTY_KEY } from '../../../src/forge/platform/jira';
import { IDP_ISSUE_LABEL } from '../../../src/forge/idp-sync/report-issue';
import type { IdpRun } from '../../../src/contract/app/idp-records';
import { DEFAULT_SETTINGS, type AuditEntry, type Settings } from '../../../src/contract/app/records';
import { KEYS } from '../../../src/forge/platform/repository';
import { SANDBOX_INSTALLATION_ID } from '../../../src/sandbox/sandbox';
import type { RunningSimulator } from '../../../src/sandbox/sim/server';
import { dataOf, errorOf, expectStorageWithinLimits, startForgeHarness, type ForgeHarness } from './harness';

const IVY = 'ivy.invited@acme.example'; // invited, managed, active; disabled in the demo realm
const JACK = 'jack.external@gmail.com'; // unmanaged, active membership: suspended, not deactivated
const LABEL = 'scim-unlock';
const INSTALLATION_ARI = `ari:cloud:ecosystem::installation/${SANDBOX_INSTALLATION_ID}`;

const SETTINGS: Settings = { ...DEFAULT_SETTINGS, projectKey: 'ITSUP', issueTypeName: 'Task', label: LABEL };

let h: ForgeHarness;
beforeAll(async () => {
  h = await startForgeHarness();
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.reset();
});

async function configure(settings: Partial<Settings> = {}): Promise<void> {
  dataOf(await h.adminCall('saveSettings', { settings: { ...SETTINGS, ...settings } }));
}

async function view(): Promise<IdpSyncView> {
  return dataOf(await h.adminCall<IdpSyncView>('getIdpSync'));
}

async function lastRun(): Promise<IdpRun> {
  const run = (await view()).state.lastRun;
  if (run === null) throw new Error('no IdP run recorded');
  return run;
}

/** "Run now" and the queue delivered, as the platform does after the invocation. */
async function runNow(payload: Record<string, unknown>): Promise<IdpRun> {
  const started = dataOf(await h.adminCall<IdpRunStarted>('runIdpSync', payload));
  expect((await view()).running).toBe(true);
  await h.drain();
  const run = await lastRun();
  expect(run.runId).toBe(started.runId);
  return run;
}

interface SimIssue {
  key: string;
  summary: string;
  labels: string[];
  description: unknown;
  properties: Record<string, unknown>;
}

async function idpIssues(): Promise<SimIssue[]> {
  const state = (await h.control.state()) as unknown as { jira: { issues: SimIssue[] } };
  return state.jira.issues.filter((i) => i.labels.includes(IDP_ISSUE_LABEL));
}

async function idpAudit(): Promise<AuditEntry[]> {
  return dataOf(await h.adminCall<Page<AuditEntry>>('listAudit', { action: 'idp-sync', limit: 50 })).items;
}

interface SimAccountRow {
  email: string;
  accountStatus: string;
  claimStatus: string;
  managementSource: string | null;
  memberships?: Record<string, string>;
}

async function accounts(): Promise<SimAccountRow[]> {
  return ((await h.control.state()) as unknown as { accounts: SimAccountRow[] }).accounts;
}

async function keycloak(sim: RunningSimulator): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: `${sim.url}/keycloak`, realmName: sim.identity.keycloak.realm });
  await kc.auth({
    grantType: 'client_credentials',
    clientId: sim.identity.keycloak.clientId,
    clientSecret: sim.identity.keycloak.clientSecret,
  });
  return kc;
}

/**
 * The demo realm covers only part of the org, which trips the breaker. This gives every active managed
 * account an enabled realm user, then disables Ivy and Jack and deletes one invited employee: three
 * leavers, within the proxy's cap (10) and the 5 % rule.
 */
async function shapeRealm(): Promise<string> {
  const kc = await keycloak(h.sim);
  const have = new Set(
    (await kc.users.find({ max: 10_000, briefRepresentation: true })).map((u) => u.email?.toLowerCase()),
  );
  const all = await accounts();
  for (const a of all) {
    if (a.claimStatus === 'managed' && a.accountStatus === 'active' && !have.has(a.email.toLowerCase())) {
      await kc.users.create({
        username: a.email.split('@')[0] ?? a.email,
        email: a.email,
        emailVerified: true,
        enabled: true,
      });
    }
  }
  for (const email of [IVY, JACK]) {
    const [u] = await kc.users.find({ email, exact: true });
    if (u?.id) await kc.users.update({ id: u.id }, { enabled: false });
    else
      await kc.users.create({
        username: email.split('@')[0] ?? email,
        email,
        emailVerified: true,
        enabled: false,
      });
  }
  const leaver = all.find(
    (a) =>
      a.managementSource === 'invited' &&
      a.accountStatus === 'active' &&
      a.email.endsWith('@acme.example') &&
      a.email !== IVY &&
      !h.sim.identity.jira.users.some((u) => u.admin && u.email === a.email),
  );
  if (!leaver) throw new Error('the demo org has invited employees');
  const [gone] = await kc.users.find({ email: leaver.email, exact: true });
  await kc.users.del({ id: gone?.id ?? '' });
  return leaver.email;
}

test('Run now, dry run on the demo realm: the breaker trips, nothing changes, ONE issue says why — not again for the same abort', async () => {
  await configure();
  const before = JSON.stringify(await accounts());
  const run = await runNow({ dryRun: true });
  expect(run).toMatchObject({
    trigger: 'manual',
    startedBy: h.admin.accountId,
    dryRun: true,
    status: 'aborted',
  });
  expect(run.finishedAt).not.toBeNull();
  const result = run.result;
  if (result === null) throw new Error('an aborted run keeps its result');
  expect(['over-cap', 'over-share']).toContain(result.aborted?.rule);
  expect(result.aborted?.reason.length).toBeGreaterThan(10);
  expect(result.applied.total).toBe(0);
  expect(result.aborted?.reason).toMatch(/look like leavers/);
  expect(result.plan.total).toBeGreaterThanOrEqual(result.plan.items.length);
  expect(JSON.stringify(await accounts())).toBe(before);
  expect((await view()).running).toBe(false);

  const issues = await idpIssues();
  expect(issues).toHaveLength(1);
  expect(run.issue?.key).toBe(issues[0]?.key);
  expect(issues[0]?.summary).toMatch(/^IdP offboarding stopped by the circuit breaker: over-/);
  expect(issues[0]?.labels).toEqual([LABEL, IDP_ISSUE_LABEL]);
  expect(issues[0]?.properties[RUN_PROPERTY_KEY]).toEqual({ runId: run.runId });
  expect(JSON.stringify(issues[0]?.description)).toContain(result.aborted?.reason.slice(0, 40));

  const [entry] = await idpAudit();
  expect(entry).toMatchObject({ actor: h.admin.accountId, outcome: 'blocked', dryRun: true });
  expect(entry?.issueKey).toBe(run.issue?.key);
  expect(entry?.summary).toContain('circuit breaker');

  // The same abort again: recorded and audited, reported by the issue that already exists.
  const again = await runNow({ dryRun: true });
  expect(again.status).toBe('aborted');
  expect(again.issue).toEqual(run.issue);
  expect(again.issueNote).toMatch(/already reported/);
  expect(await idpIssues()).toHaveLength(1);
  expect(await idpAudit()).toHaveLength(2);
  expectStorageWithinLimits(h.rt);
});

test('dry run then apply on a shaped realm: the plan, then the leavers deactivated / suspended, ONE issue; a rerun is a no-op', async () => {
  await configure();
  const missing = await shapeRealm();
  const before = JSON.stringify(await accounts());

  const dry = await runNow({});
  expect(dry).toMatchObject({ dryRun: true, status: 'completed', issue: null });
  const plan = dry.result?.plan.items ?? [];
  const changing = plan.filter((p) => p.action !== 'none');
  expect(changing.map((p) => [p.email, p.action]).sort()).toEqual(
    [
      [IVY, 'deactivate'],
      [JACK, 'suspend'],
      [missing, 'deactivate'],
    ].sort(),
  );
  expect(plan.find((p) => p.email === missing)?.idpState).toBe('missing');
  // Changes come first in the stored plan.
  expect(plan.slice(0, 3).every((p) => p.action !== 'none')).toBe(true);
  expect(JSON.stringify(await accounts())).toBe(before);
  expect(await idpIssues()).toEqual([]);
  expect((await idpAudit())[0]).toMatchObject({ outcome: 'planned', dryRun: true, issueKey: null });

  // Applying needs a reason; without one nothing is started or stored.
  const kvsBefore = h.kvsText();
  const refused = errorOf(await h.adminCall('runIdpSync', { dryRun: false }));
  expect(refused.code).toBe('invalid-input');
  expect(JSON.stringify(refused.details)).toContain('reason');
  expect(h.kvsText()).toBe(kvsBefore);

  const proxyLinesBefore = h.proxyAudit().length;
  const applied = await runNow({ dryRun: false, reason: 'Quarterly leavers, checked with HR' });
  expect(applied).toMatchObject({
    dryRun: false,
    status: 'completed',
    reason: 'Quarterly leavers, checked with HR',
  });
  expect(applied.result?.applied.items.map((a) => [a.email, a.action, a.outcome]).sort()).toEqual(
    [
      [IVY, 'deactivate', 'done'],
      [JACK, 'suspend', 'done'],
      [missing, 'deactivate', 'done'],
    ].sort(),
  );
  expect(applied.result?.appliedActions).toEqual({ deactivate: 2, suspend: 1, reactivate: 0, none: 0 });
  const after = await accounts();
  const status = (email: string) => after.find((a) => a.email === email)?.accountStatus;
  expect([status(IVY), status(missing), status(JACK)]).toEqual(['inactive', 'inactive', 'active']);
  expect(Object.values(after.find((a) => a.email === JACK)?.memberships ?? {})).toEqual(['suspended']);

  const issues = await idpIssues();
  expect(issues).toHaveLength(1);
  expect(applied.issue?.key).toBe(issues[0]?.key);
  expect(issues[0]?.summary).toBe(
    `IdP offboarding: 2 deactivated, 1 suspended (realm ${applied.result?.realm})`,
  );
  const description = JSON.stringify(issues[0]?.description);
  for (const text of [IVY, JACK, missing, 'Quarterly leavers, checked with HR']) {
    expect(description).toContain(text);
  }
  const [entry] = await idpAudit();
  expect(entry).toMatchObject({ outcome: 'success', dryRun: false, issueKey: applied.issue?.key });
  expect(entry?.summary).toContain('2 deactivated, 1 suspended');

  // The proxy's own trail: the queue consumer called as the installation (app-initiated, no user in
  // the token) and said whom it acted for — the admin who pressed the button — beside, not as, the actor.
  const proxyLines = h.proxyAudit().slice(proxyLinesBefore);
  expect(proxyLines).toHaveLength(3);
  for (const line of proxyLines) {
    expect(line).toMatchObject({
      actor: { kind: 'forge', id: `installation:${INSTALLATION_ARI}` },
      onBehalfOf: { kind: 'user', accountId: h.admin.accountId },
      forge: { environment: 'development', sites: [h.sim.identity.jira.cloudId] },
      callerRequestId: null,
      outcome: 'done',
    });
  }

  // Nothing left to do: no changes, no issue.
  const rerun = await runNow({ dryRun: false, reason: 'Rerun' });
  expect(rerun.status).toBe('completed');
  expect(rerun.result?.applied.total).toBe(0);
  expect(rerun.issue).toBeNull();
  expect((await idpAudit())[0]?.outcome).toBe('no-op');
  expect(await idpIssues()).toHaveLength(1);
  expectStorageWithinLimits(h.rt);
});

test('one run at a time: a second Run now is a conflict; a run whose event arrives twice executes once', async () => {
  await configure();
  const first = dataOf(await h.adminCall<IdpRunStarted>('runIdpSync', { dryRun: true }));
  const second = errorOf(await h.adminCall('runIdpSync', { dryRun: true }));
  expect(second.code).toBe('conflict');
  expect(second.message).toMatch(/already running/);

  const keycloakCalls = async () =>
    (await h.control.calls()).calls.filter((c) => c.api === 'keycloak').length;
  await h.control.clearCalls();
  // The queued event plus a duplicate delivery of it.
  await h.rt.invokeFunction(
    app.scanConsumer,
    { body: { kind: 'idp-sync', runId: first.runId } },
    { kind: 'consumer' },
  );
  await h.drain();
  const twice = await keycloakCalls();
  expect(await idpAudit()).toHaveLength(1);
  expect((await view()).running).toBe(false);

  // The lock is free again; one delivery of one run makes the same Keycloak calls as the two above.
  await h.control.clearCalls();
  dataOf(await h.adminCall<IdpRunStarted>('runIdpSync', { dryRun: true }));
  await h.drain();
  expect(twice).toBeGreaterThan(0);
  expect(await keycloakCalls()).toBe(twice);
  expect(await idpAudit()).toHaveLength(2);
});

test('the trigger: off does nothing; dry-run and apply run once per cadence; a Run now does not delay the schedule', async () => {
  const missing = await shapeRealm();
  await configure({ idpSync: 'off' });
  await h.rt.scheduler.runNow('scim-unlock-scan-trigger');
  await h.drain();
  expect((await view()).state.lastRun).toBeNull();

  await runNow({ dryRun: true });
  await configure({ idpSync: 'dry-run', idpSyncCadence: 'daily' });
  await h.rt.scheduler.runNow('scim-unlock-scan-trigger');
  await h.drain();
  const scheduled = await lastRun();
  expect(scheduled).toMatchObject({
    trigger: 'schedule',
    startedBy: 'app',
    dryRun: true,
    status: 'completed',
  });
  expect((await view()).state.lastScheduledAt).toBe(scheduled.startedAt);

  // Daily: a second trigger within the day starts nothing.
  await h.rt.scheduler.runNow('scim-unlock-scan-trigger');
  await h.drain();
  expect((await lastRun()).runId).toBe(scheduled.runId);

  // Apply from a fresh schedule, with the settings' cap lowering the proxy's: the breaker trips.
  h.rt.kvs.delete({ kind: 'plain' }, KEYS.idpState);
  await configure({ idpSync: 'apply', idpSyncMaxDeactivations: 2 });
  await h.rt.scheduler.runNow('scim-unlock-scan-trigger');
  await h.drain();
  const capped = await lastRun();
  expect(capped).toMatchObject({
    trigger: 'schedule',
    dryRun: false,
    status: 'aborted',
    maxDeactivations: 2,
  });
  expect(capped.result?.aborted?.rule).toBe('over-cap');
  expect(capped.result?.summary.maxDeactivations).toBe(2);
  expect(await idpIssues()).toHaveLength(1);

  h.rt.kvs.delete({ kind: 'plain' }, KEYS.idpState);
  await configure({ idpSync: 'apply', idpSyncMaxDeactivations: null });
  const proxyLinesBefore = h.proxyAudit().length;
  await h.rt.scheduler.runNow('scim-unlock-scan-trigger');
  await h.drain();
  const scheduledLines = h.proxyAudit().slice(proxyLinesBefore);
  expect(scheduledLines).toHaveLength(3);
  for (const line of scheduledLines) {
    expect(line).toMatchObject({
      actor: { kind: 'forge', id: `installation:${INSTALLATION_ARI}` },
      onBehalfOf: { kind: 'scheduled' },
    });
  }
  const apply = await lastRun();
  expect(apply).toMatchObject({ trigger: 'schedule', dryRun: false, status: 'completed' });
  expect(apply.result?.applied.total).toBe(3);
  expect((await accounts()).find((a) => a.email === missing)?.accountStatus).toBe('inactive');
  expect(await idpIssues()).toHaveLength(2);
  expect((await idpAudit())[0]).toMatchObject({ actor: 'app', outcome: 'success' });
});

test('a Jira outage while reporting: the run is still stored and audited, the failure noted', async () => {
  await configure();
  await h.adminCall('runIdpSync', { dryRun: true });
  await h.control.setFaults({ api: 'jira', sequence: Array.from({ length: 10 }, () => ({ status: 503 })) });
  await h.drain();
  await h.control.clearFaults();
  const run = await lastRun();
  expect(run.status).toBe('aborted');
  expect(run.issue).toBeNull();
  expect(run.issueNote).toMatch(/^Posting the report to Jira failed: /);
  expect((await idpAudit())[0]?.outcome).toBe('blocked');
  // Not reported yet, so the next abort is reported.
  await runNow({ dryRun: true });
  expect(await idpIssues()).toHaveLength(1);
});
