import {
  INCIDENT_MEMBERS_MAX,
  IncidentLock,
  IncidentRecord,
  type IncidentMemberRef,
} from '../../contract/app/incident-records';
import { Flag, PostClaim, type IssueRef, type ScanTotals, type Settings } from '../../contract/app/records';
import { mapConcurrent } from '../../lib/map-concurrent';
import { audit } from '../audit/audit-log';
import {
  incidentDescription,
  incidentJoinComment,
  incidentSummary,
  type IncidentMemberContent,
} from '../content/incident-adf';
import { needsPost, recordPosted, recordPostFailure } from '../flags/domain/flag-status';
import { DEFAULT_INCIDENT_RULES, type Incident } from '../flags/domain/incidents';
import { sightingOf } from '../flags/domain/lock-sighting';
import { flags } from '../flags/flags';
import { readIncidentRecords, readOpenFlags } from '../flags/incidents-service';
import { ForgeAppError } from '../platform/errors';
import { jira } from '../platform/jira';
import { KEYS, repository } from '../platform/repository';
import { planPosts, type IncidentCreate, type IncidentJoin } from './domain/incident-posting';

/**
 * The scan's posting step (phase `post`, after every candidate is verified): the open flags without a
 * Jira issue get ONE issue per incident (domain/incident-posting.ts decides which), and each single lock
 * its own issue as before (`postSingle`, scan.ts).
 *
 * Exactly once, also across overlapping runs and crashes:
 * - one run at a time posts a directory's incidents: the lock `incident-lock:<directoryId>` (claim with
 *   FAIL_IF_EXISTS and a TTL past any invocation); a run that finds it taken leaves those flags to the
 *   holder or the next run;
 * - each member's flag episode is claimed under the same `post:<accountId>:<episode>` key a single post
 *   takes, so no account is posted both alone and in an incident;
 * - before creating, Jira is searched for an issue carrying the incident's property (a run that died
 *   after creating it), which is then adopted;
 * - membership is the app's own record `incident:<key>` plus each member's posted claim (which names the
 *   incident), so nothing a Jira user can edit on the issue decides who belongs to it.
 * A later lock of an incident that has an issue is added to it with one comment. A comment is written
 * before the record, so a run that dies between the two repeats the comment rather than lose a member.
 */

export type PostResult = 'posted' | 'failed' | 'skipped';

/** A claim outlives any invocation (900 s max) so a live poster is never overtaken. */
const CLAIM_TTL_SECONDS = 1800;
const STORAGE_CONCURRENCY = 10;
/** Single posts per unit of the step: each is one or two Jira calls. */
const SINGLES_PER_UNIT = 10;
/** Flag pages the step reads (100 each): the same bound as the clear phase's flag scan. */
const FLAG_PAGES_MAX = 1000;

type Work =
  | { kind: 'create'; create: IncidentCreate; postedEarlier: number }
  | { kind: 'join'; join: IncidentJoin }
  | { kind: 'singles'; accountIds: string[] }
  | { kind: 'repairs'; repairs: Array<{ accountId: string; key: string }> };

interface Claimed {
  flag: Flag;
  claimKey: string;
}

function errorText(err: unknown): string {
  return err instanceof ForgeAppError ? err.message : 'unexpected error';
}

function memberContent(flag: Flag): IncidentMemberContent {
  const s = sightingOf(flag);
  return { accountId: flag.accountId, name: flag.name, email: flag.email, at: s.changedAt ?? s.detectedAt };
}

export interface PostStep {
  /** One unit: an incident, a handful of singles, or the repairs. False when nothing is left. */
  unit(totals: ScanTotals): Promise<boolean>;
}

export function createPostStep(opts: {
  settings: Settings;
  runId: string;
  postSingle: (flag: Flag) => Promise<PostResult>;
}): PostStep {
  const { settings, runId } = opts;
  let work: Work[] | null = null;

  async function plan(): Promise<Work[]> {
    const [{ flags: open }, records] = await Promise.all([
      readOpenFlags(FLAG_PAGES_MAX),
      readIncidentRecords(),
    ]);
    const p = planPosts(open, records, DEFAULT_INCIDENT_RULES, INCIDENT_MEMBERS_MAX);
    const out: Work[] = [];
    if (p.repairs.length > 0) out.push({ kind: 'repairs', repairs: p.repairs });
    // Without a project nothing can be posted: every flag records why, as a single post does.
    const incidentsToo = settings.projectKey === null;
    const singles = incidentsToo
      ? [...p.singles, ...p.creates.flatMap((c) => c.accountIds), ...p.joins.flatMap((j) => j.accountIds)]
      : p.singles;
    if (!incidentsToo) {
      for (const create of p.creates) {
        out.push({
          kind: 'create',
          create,
          postedEarlier: create.incident.accountIds.length - create.accountIds.length,
        });
      }
      for (const join of p.joins) out.push({ kind: 'join', join });
    }
    for (let i = 0; i < singles.length; i += SINGLES_PER_UNIT) {
      out.push({ kind: 'singles', accountIds: singles.slice(i, i + SINGLES_PER_UNIT) });
    }
    return out;
  }

  /** Claims each still-unposted member's episode; repairs flags another run already posted. */
  async function claimMembers(accountIds: readonly string[], now: Date): Promise<Claimed[]> {
    const results = await mapConcurrent(
      accountIds,
      STORAGE_CONCURRENCY,
      async (id): Promise<Claimed | null> => {
        const flag = await flags.get(id);
        if (flag === undefined || !needsPost(flag)) return null;
        const claimKey = KEYS.postClaim(id, flag.episode);
        const won = await repository.claim(
          claimKey,
          { state: 'posting', runId, at: now.toISOString() },
          CLAIM_TTL_SECONDS,
        );
        if (won) return { flag, claimKey };
        const claim = await repository.get(claimKey, PostClaim);
        if (claim?.state === 'posted' && claim.issue !== undefined) {
          await flags.save(recordPosted(flag, claim.issue, now, false));
        }
        return null;
      },
    );
    return results.filter((c): c is Claimed => c !== null);
  }

  async function release(members: readonly Claimed[], error: string, now: Date): Promise<void> {
    await mapConcurrent(members, STORAGE_CONCURRENCY, async (m) => {
      const fresh = (await flags.get(m.flag.accountId)) ?? m.flag;
      await flags.save(recordPostFailure(fresh, error, now));
      await repository.delete(m.claimKey);
    });
  }

  async function finish(members: readonly Claimed[], issue: IssueRef, key: string, now: Date): Promise<void> {
    await mapConcurrent(members, STORAGE_CONCURRENCY, async (m) => {
      const claim: PostClaim = { state: 'posted', runId, at: now.toISOString(), issue, incidentKey: key };
      await repository.set(m.claimKey, claim);
      const fresh = (await flags.get(m.flag.accountId)) ?? m.flag;
      await flags.save(recordPosted(fresh.episode === m.flag.episode ? fresh : m.flag, issue, now, true));
    });
  }

  /** Runs `body` holding the directory's posting lock; false when another run holds it. */
  async function withDirectoryLock(directoryId: string, body: () => Promise<void>): Promise<boolean> {
    const lockKey = KEYS.incidentLock(directoryId);
    const lock: IncidentLock = { runId, at: new Date().toISOString() };
    if (!(await repository.claim(lockKey, lock, CLAIM_TTL_SECONDS))) return false;
    try {
      await body();
    } finally {
      await repository.delete(lockKey);
    }
    return true;
  }

  async function failed(
    members: readonly Claimed[],
    err: unknown,
    now: Date,
    what: string,
    totals: ScanTotals,
  ) {
    await release(members, errorText(err), now);
    totals.postFailed++;
    await audit.recordQuietly({
      actor: 'app',
      action: 'issue-post-failed',
      outcome: 'failed',
      summary: `${what} failed for ${members.length} accounts: ${errorText(err)}`,
    });
  }

  async function join(
    record: IncidentRecord,
    accountIds: readonly string[],
    totals: ScanTotals,
  ): Promise<void> {
    const now = new Date();
    const inRecord = new Set(record.members.map((m) => `${m.accountId}:${m.episode}`));
    const claimed = await claimMembers(accountIds, now);
    const fresh = claimed.filter((m) => !inRecord.has(`${m.flag.accountId}:${m.flag.episode}`));
    const room = INCIDENT_MEMBERS_MAX - record.members.length;
    const joining = fresh.slice(0, Math.max(0, room));
    const repaired = claimed.filter((m) => inRecord.has(`${m.flag.accountId}:${m.flag.episode}`));
    await finish(repaired, record.issue, record.key, now);
    // Over the cap: released unposted, so the next run posts them on their own.
    await mapConcurrent(fresh.slice(joining.length), STORAGE_CONCURRENCY, (m) =>
      repository.delete(m.claimKey),
    );
    if (joining.length === 0) return;
    const incident: Pick<Incident, 'directoryId' | 'directoryName'> = {
      directoryId: record.directoryId,
      directoryName: record.directoryName,
    };
    const added: IncidentMemberRef[] = joining.map((m) => ({
      accountId: m.flag.accountId,
      episode: m.flag.episode,
      addedAt: now.toISOString(),
    }));
    const times = joining.map((m) => memberContent(m.flag).at);
    const next: IncidentRecord = {
      ...record,
      members: [...record.members, ...added],
      to: [record.to, ...times].sort().at(-1) ?? record.to,
    };
    try {
      await jira.addComment(
        record.issue.key,
        incidentJoinComment(
          incident,
          joining.map((m) => memberContent(m.flag)),
        ),
      );
      await repository.set(KEYS.incident(record.key), IncidentRecord.parse(next));
    } catch (err) {
      await failed(joining, err, now, `Adding accounts to ${record.issue.key}`, totals);
      return;
    }
    await finish(joining, record.issue, record.key, now);
    await audit.recordQuietly({
      actor: 'app',
      action: 'issue-posted',
      outcome: 'success',
      summary: `Added ${joining.length} accounts to the incident issue ${record.issue.key}`,
      issueKey: record.issue.key,
    });
  }

  async function create(c: IncidentCreate, postedEarlier: number, totals: ScanTotals): Promise<void> {
    if (settings.projectKey === null) return;
    const existing = await repository.get(KEYS.incident(c.key), IncidentRecord);
    if (existing !== undefined) return join(existing, c.accountIds, totals);
    const now = new Date();
    const claimed = await claimMembers(c.accountIds, now);
    if (claimed.length === 0) return;
    const members = claimed.map((m) => memberContent(m.flag));
    const incident: Incident = { ...c.incident, accountIds: claimed.map((m) => m.flag.accountId) };
    let issue: IssueRef;
    let adopted = false;
    try {
      const found = await jira.findIncidentIssues({ incidentKey: c.key });
      if (found[0] !== undefined) {
        issue = found[0];
        adopted = true;
      } else {
        issue = await jira.createIncidentIssue({
          projectKey: settings.projectKey,
          issueTypeName: settings.issueTypeName,
          summary: incidentSummary(incident),
          description: incidentDescription(incident, members, postedEarlier),
          label: settings.label,
          property: { incidentKey: c.key },
        });
      }
      const record: IncidentRecord = {
        key: c.key,
        directoryId: c.incident.directoryId,
        directoryName: c.incident.directoryName,
        issue,
        from: c.incident.from,
        to: c.incident.to,
        members: claimed.map((m) => ({
          accountId: m.flag.accountId,
          episode: m.flag.episode,
          addedAt: now.toISOString(),
        })),
        postedAt: now.toISOString(),
      };
      // Inside the try: if the record cannot be stored the post counts as failed and the next run adopts.
      await repository.set(KEYS.incident(c.key), IncidentRecord.parse(record));
    } catch (err) {
      await failed(claimed, err, now, 'Posting the incident issue', totals);
      return;
    }
    await finish(claimed, issue, c.key, now);
    if (!adopted) totals.posted++;
    await audit.recordQuietly({
      actor: 'app',
      action: 'issue-posted',
      outcome: 'success',
      summary: adopted
        ? `Found the incident issue an earlier run posted: ${issue.key} (${claimed.length} accounts)`
        : `Posted ${issue.key} for ${claimed.length} accounts deactivated by ${c.incident.directoryName ?? c.incident.directoryId}`,
      issueKey: issue.key,
    });
  }

  async function repair(repairs: Array<{ accountId: string; key: string }>): Promise<void> {
    const now = new Date();
    await mapConcurrent(repairs, STORAGE_CONCURRENCY, async ({ accountId, key }) => {
      const [flag, record] = await Promise.all([
        flags.get(accountId),
        repository.get(KEYS.incident(key), IncidentRecord),
      ]);
      if (flag === undefined || record === undefined || !needsPost(flag)) return;
      if (!record.members.some((m) => m.accountId === accountId && m.episode === flag.episode)) return;
      const claim: PostClaim = {
        state: 'posted',
        runId,
        at: now.toISOString(),
        issue: record.issue,
        incidentKey: key,
      };
      await repository.set(KEYS.postClaim(accountId, flag.episode), claim);
      await flags.save(recordPosted(flag, record.issue, now, false));
    });
  }

  async function singles(accountIds: readonly string[], totals: ScanTotals): Promise<void> {
    for (const id of accountIds) {
      const flag = await flags.get(id);
      if (flag === undefined || !needsPost(flag)) continue;
      const result = await opts.postSingle(flag);
      if (result === 'posted') totals.posted++;
      if (result === 'failed') totals.postFailed++;
    }
  }

  return {
    async unit(totals) {
      work ??= await plan();
      const next = work.shift();
      if (next === undefined) return false;
      switch (next.kind) {
        case 'repairs':
          await repair(next.repairs);
          break;
        case 'singles':
          await singles(next.accountIds, totals);
          break;
        case 'create':
          await withDirectoryLock(next.create.incident.directoryId, () =>
            create(next.create, next.postedEarlier, totals),
          );
          break;
        case 'join': {
          const { join: j } = next;
          await withDirectoryLock(j.incident.directoryId, async () => {
            const record = await repository.get(KEYS.incident(j.key), IncidentRecord);
            if (record !== undefined) await join(record, j.accountIds, totals);
          });
          break;
        }
      }
      return true;
    },
  };
}
