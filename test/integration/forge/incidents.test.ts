/**
 * Incidents end to end, through the real Forge handlers on the local runtime, the real proxy and the
 * simulator: when the IdP deactivates many users of one directory within minutes (as Okta does when a
 * group is removed from the app assignment: one SCIM `PATCH active=false` per user, each stamping the
 * record's `meta.lastModified`), the scan posts ONE Jira issue listing every member, while the demo's
 * ordinary locks (hours apart) keep one issue each; reruns and overlapping runs post nothing twice; a
 * later member joins the incident's issue with a comment; listIncidents shows the same grouping.
 */
import { kvs } from '@forge/kvs';
import { createAtlassianClients, type AtlassianClients } from '../../../src/atlassian';
import * as app from '../../../src/index';
import type { IncidentRecord, IncidentsView } from '../../../src/contract/app/incident-records';
import type { Page, ScanStarted, UnlockContext } from '../../../src/contract/app/resolvers';
import {
  DEFAULT_SETTINGS,
  type Flag,
  type ScanState,
  type Settings,
} from '../../../src/contract/app/records';
import { ACCOUNT_PROPERTY_KEY, INCIDENT_PROPERTY_KEY } from '../../../src/forge/platform/jira';
import { KEYS } from '../../../src/forge/platform/repository';
import { flags } from '../../../src/forge/flags/flags';
import { dataOf, expectStorageWithinLimits, startForgeHarness, type ForgeHarness } from './harness';

let h: ForgeHarness;
let clients: AtlassianClients;
beforeAll(async () => {
  h = await startForgeHarness();
  clients = createAtlassianClients({
    baseUrl: h.sim.url,
    orgId: h.sim.identity.org.id,
    orgApiKey: h.sim.identity.org.apiKey,
    scimKeys: Object.fromEntries(h.sim.identity.directories.map((d) => [d.id, d.scimKey])),
  });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.reset();
});

const SETTINGS: Settings = {
  ...DEFAULT_SETTINGS,
  scanEnabled: true,
  projectKey: 'ITSUP',
  scanPageSize: 50,
};

interface SimIssue {
  id: string;
  key: string;
  summary: string;
  labels: string[];
  description: unknown;
  properties: Record<string, { accountId?: string; incidentKey?: string }>;
  comments: Array<{ body: unknown }>;
}
interface SimUser {
  id: string;
  userName: string;
  active: boolean;
  accountId: string | null;
}
interface SimStateDump {
  directories: Array<{ id: string; name: string; users: SimUser[] }>;
  jira: { issues: SimIssue[] };
}

const state = async (): Promise<SimStateDump> => (await h.control.state()) as unknown as SimStateDump;

async function appIssues(): Promise<SimIssue[]> {
  return (await state()).jira.issues.filter((i) => i.labels.includes(SETTINGS.label));
}
const incidentIssues = (issues: SimIssue[]) => issues.filter((i) => i.properties[INCIDENT_PROPERTY_KEY]);
const flagIssues = (issues: SimIssue[]) => issues.filter((i) => i.properties[ACCOUNT_PROPERTY_KEY]);

/** Active staff synced from Okta only (not also from Entra), as the IdP would deactivate them. */
async function oktaStaff(n: number): Promise<SimUser[]> {
  const s = await state();
  const [okta, entra] = s.directories;
  if (!okta || !entra) throw new Error('the demo has two directories');
  const inEntra = new Set(entra.users.map((u) => u.userName));
  const staff = okta.users.filter(
    (u) =>
      u.active && u.accountId !== null && /\d@acme\.example$/.test(u.userName) && !inEntra.has(u.userName),
  );
  if (staff.length < n) throw new Error('not enough Okta staff in the demo');
  return staff.slice(0, n);
}

/**
 * The IdP deactivates each user: one SCIM PATCH each, `gapMs` apart on the simulator's clock (an IdP
 * works through an unassigned group over a few minutes).
 */
async function idpDeactivates(users: SimUser[], gapMs = 30_000, directory = 0): Promise<void> {
  const dir = h.sim.identity.directories[directory]?.id ?? '';
  for (const u of users) {
    await h.control.advanceClock(gapMs);
    await clients.scim(dir).patchUser(u.id, [{ op: 'replace', path: 'active', value: false }]);
  }
}

/** Active contractors synced from Entra. */
async function entraContractors(n: number): Promise<SimUser[]> {
  const entra = (await state()).directories[1];
  const users = (entra?.users ?? []).filter((u) => u.active && /@acme-labs\.example$/.test(u.userName));
  if (users.length < n) throw new Error('not enough Entra contractors in the demo');
  return users.slice(0, n);
}

async function allFlags(): Promise<Flag[]> {
  const out: Flag[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Flag> = dataOf(
      await h.adminCall<Page<Flag>>('listFlags', { limit: 50, ...(cursor ? { cursor } : {}) }),
    );
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out.filter((f) => f.status === 'open');
}

async function scanAndDrain(): Promise<NonNullable<ScanState['lastRun']>> {
  dataOf(await h.adminCall<ScanStarted>('scanNow'));
  await h.drain();
  const overview = dataOf(await h.adminCall<{ scan: ScanState }>('overview'));
  const run = overview.scan.lastRun;
  if (!run) throw new Error('no run recorded');
  expect(run.status).toBe('completed');
  return run;
}

test('many locks of one directory within minutes: one issue with every member; singles keep theirs', async () => {
  dataOf(await h.adminCall('saveSettings', { settings: SETTINGS }));
  const burst = await oktaStaff(9);
  const [late, ...members] = burst as [SimUser, ...SimUser[]];
  await idpDeactivates(members);

  const run = await scanAndDrain();
  const flags = await allFlags();
  const memberIds = new Set(members.map((u) => u.accountId));
  const memberFlags = flags.filter((f) => memberIds.has(f.accountId));
  const singles = flags.filter((f) => !memberIds.has(f.accountId));
  expect(memberFlags).toHaveLength(8);
  expect(singles.length).toBeGreaterThan(3);

  const issues = await appIssues();
  const [incidentIssue, ...moreIncidents] = incidentIssues(issues);
  expect(moreIncidents).toEqual([]);
  if (!incidentIssue) throw new Error('no incident issue');
  expect(incidentIssue.summary).toMatch(
    /^SCIM incident: 8 accounts deactivated by Okta Workforce between \d\d:\d\d and \d\d:\d\d UTC on /,
  );
  const description = JSON.stringify(incidentIssue.description);
  for (const u of members) expect(description).toContain(u.userName);
  expect(description).toContain('Re-assign the users in Okta Workforce');
  expect(description).toContain('Unlock them here');
  // Every member's flag points at the incident's issue; no member has an issue of its own.
  expect(memberFlags.every((f) => f.issue?.key === incidentIssue.key)).toBe(true);
  const perFlag = flagIssues(issues);
  expect(perFlag.map((i) => i.properties[ACCOUNT_PROPERTY_KEY]?.accountId).sort()).toEqual(
    singles.map((f) => f.accountId).sort(),
  );
  expect(run.totals.posted).toBe(singles.length + 1);

  // The admin page's grouping: the same incident, named and timed by the directory.
  const view = dataOf(await h.adminCall<IncidentsView>('listIncidents'));
  expect(view.capped).toBe(false);
  expect(view.incidents).toHaveLength(1);
  const [incident] = view.incidents;
  expect(incident).toMatchObject({
    directoryName: 'Okta Workforce',
    timesFromIdp: true,
    issue: { key: incidentIssue.key },
  });
  expect(incident?.headline).toMatch(/^8 accounts deactivated by Okta Workforce /);
  expect(incident?.members.map((m) => m.accountId).sort()).toEqual([...memberIds].sort());
  // Eight deactivations 30 s apart: the span is the IdP's own few minutes, not when the scan ran.
  const span = Date.parse(incident?.to ?? '') - Date.parse(incident?.from ?? '');
  expect(span).toBeGreaterThanOrEqual(7 * 30_000);
  expect(span).toBeLessThan(15 * 60_000);

  // A rerun posts nothing.
  const rerun = await scanAndDrain();
  expect(rerun.totals).toMatchObject({ posted: 0, postFailed: 0 });
  expect((await appIssues()).map((i) => i.key)).toEqual(issues.map((i) => i.key));

  // One more of the same incident: added to its issue by a comment, not a new issue.
  await idpDeactivates([late]);
  const third = await scanAndDrain();
  expect(third.totals).toMatchObject({ newlyFlagged: 1, posted: 0 });
  const after = await appIssues();
  expect(after.map((i) => i.key)).toEqual(issues.map((i) => i.key));
  const updated = after.find((i) => i.key === incidentIssue.key);
  expect(updated?.comments).toHaveLength(1);
  expect(JSON.stringify(updated?.comments[0]?.body)).toContain(late.userName);
  const lateFlag = (await allFlags()).find((f) => f.accountId === late.accountId);
  expect(lateFlag?.issue?.key).toBe(incidentIssue.key);
  const grown = dataOf(await h.adminCall<IncidentsView>('listIncidents'));
  expect(grown.incidents[0]?.members).toHaveLength(9);

  // And again: nothing more, not even a second comment.
  await scanAndDrain();
  expect((await appIssues()).find((i) => i.key === incidentIssue.key)?.comments).toHaveLength(1);
  expectStorageWithinLimits(h.rt);
});

test('two overlapping runs post the incident once and every single once', async () => {
  dataOf(await h.adminCall('saveSettings', { settings: { ...SETTINGS, scanPageSize: 7 } }));
  await idpDeactivates(await oktaStaff(12));
  const a = dataOf(await h.adminCall<ScanStarted>('scanNow'));
  const b = dataOf(await h.adminCall<ScanStarted>('scanNow'));
  // Two consumer invocations at once: their loops interleave at every await.
  await Promise.all(
    [a, b].map((s) =>
      h.rt.invokeFunction(
        app.scanConsumer,
        { body: { runId: s.runId, cursor: null, hop: 0 } },
        { kind: 'consumer' },
      ),
    ),
  );
  await h.drain();
  // A third run finishes whatever the two left to each other (a directory lock held by the other).
  await scanAndDrain();

  const issues = await appIssues();
  expect(incidentIssues(issues)).toHaveLength(1);
  const perAccount = new Map<string, number>();
  for (const i of flagIssues(issues)) {
    const id = i.properties[ACCOUNT_PROPERTY_KEY]?.accountId ?? '';
    perAccount.set(id, (perAccount.get(id) ?? 0) + 1);
  }
  expect([...perAccount.values()].every((n) => n === 1)).toBe(true);
  const flags = await allFlags();
  expect(flags.every((f) => f.issue !== null)).toBe(true);
  const incidentKey = incidentIssues(issues)[0]?.key;
  expect(flags.filter((f) => f.issue?.key === incidentKey)).toHaveLength(12);
  expect(perAccount.size + 12).toBe(flags.length);
});

test('an incident issue created by a run that died before recording it is adopted, not posted again', async () => {
  dataOf(await h.adminCall('saveSettings', { settings: SETTINGS }));
  const members = await oktaStaff(6);
  await idpDeactivates(members);
  await scanAndDrain();
  const [issue] = incidentIssues(await appIssues());
  if (!issue) throw new Error('no incident issue');
  const key = issue.properties[INCIDENT_PROPERTY_KEY]?.incidentKey ?? '';
  // The crash window: the issue exists, but neither the record, the claims nor the flags know it.
  await h.rt.invokeFunction(async () => {
    const record = (await kvs.get(KEYS.incident(key))) as IncidentRecord;
    for (const m of record.members) {
      const flag = await flags.get(m.accountId);
      if (flag) await flags.save({ ...flag, issue: null });
      await kvs.delete(KEYS.postClaim(m.accountId, m.episode));
    }
    await kvs.delete(KEYS.incident(key));
  }, {});
  const run = await scanAndDrain();
  expect(run.totals.posted).toBe(0);
  expect(incidentIssues(await appIssues()).map((i) => i.key)).toEqual([issue.key]);
  const ids = new Set(members.map((u) => u.accountId));
  const healed = (await allFlags()).filter((f) => ids.has(f.accountId));
  expect(healed.map((f) => f.issue?.key)).toEqual(members.map(() => issue.key));
});

test('an incident issue never speaks for one member, whatever its properties say', async () => {
  dataOf(await h.adminCall('saveSettings', { settings: SETTINGS }));
  const members = await oktaStaff(5);
  await idpDeactivates(members);
  await scanAndDrain();
  const [issue] = incidentIssues(await appIssues());
  const member = (await allFlags()).find((f) => f.accountId === members[0]?.accountId);
  if (!issue || !member) throw new Error('no incident issue');
  // A Jira user copies the account property of the first member onto the incident issue.
  const res = await fetch(
    `${h.sim.url}/ex/jira/${h.sim.identity.jira.cloudId}/rest/api/3/issue/${issue.key}/properties/${ACCOUNT_PROPERTY_KEY}`,
    {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${h.sim.identity.jira.appToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ accountId: member.accountId, episode: member.episode }),
    },
  );
  expect(res.ok).toBe(true);
  const context = dataOf(
    await h.issueCall<UnlockContext>(
      'getUnlockContext',
      { key: issue.key, id: issue.id },
      {},
      h.admin.accountId,
    ),
  );
  expect(context.source).toBe('reporter');
  if (context.view === 'admin') expect(context.accountId).not.toBe(member.accountId);
});

test('listIncidents: one card per directory and burst; a small cluster and ordinary churn stay rows', async () => {
  // No project: nothing is posted, the grouping is the same.
  dataOf(await h.adminCall('saveSettings', { settings: { ...SETTINGS, projectKey: null } }));
  const okta = await oktaStaff(15);
  await idpDeactivates(okta.slice(0, 6)); // burst 1
  await h.control.advanceClock(3_600_000);
  await idpDeactivates(okta.slice(6, 12), 60_000); // burst 2, an hour later, a minute apart
  await idpDeactivates(await entraContractors(5), 10_000, 1); // Entra, meanwhile
  await h.control.advanceClock(3_600_000);
  await idpDeactivates(okta.slice(12, 15)); // three: below the minimum
  await scanAndDrain();

  const view = dataOf(await h.adminCall<IncidentsView>('listIncidents'));
  expect(view.rules).toEqual({ gapMinutes: 15, minSize: 5 });
  expect(view.capped).toBe(false);
  // Newest first: Entra's started after Okta's second burst.
  expect(view.incidents.map((i) => [i.directoryName, i.members.length])).toEqual([
    ['Entra Contractors', 5],
    ['Okta Workforce', 6],
    ['Okta Workforce', 6],
  ]);
  const ids = (users: SimUser[]) => users.map((u) => u.accountId).sort();
  expect(view.incidents[1]?.members.map((m) => m.accountId).sort()).toEqual(ids(okta.slice(6, 12)));
  expect(view.incidents[2]?.members.map((m) => m.accountId).sort()).toEqual(ids(okta.slice(0, 6)));
  expect(view.incidents.every((i) => i.issue === null && i.timesFromIdp)).toBe(true);
  const grouped = new Set(view.incidents.flatMap((i) => i.members.map((m) => m.accountId)));
  for (const u of okta.slice(12)) expect(grouped.has(u.accountId ?? '')).toBe(false);
  expect(grouped.has(h.accountIdOf('bob.mover@acme.example'))).toBe(false);
  expect((await appIssues()).length).toBe(0);
});
