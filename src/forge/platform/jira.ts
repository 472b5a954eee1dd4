import api, { route } from '@forge/api';
import { z } from 'zod';
import { AccountId } from '../../contract/proxy';
import type { AdfDoc } from '../content/adf';
import { JiraError } from './errors';
import { IssueId, IssueKey, ProjectKey, type IssueRef } from '../../contract/app/records';

/**
 * The Jira REST calls the app makes. Every id is checked against a strict pattern before it is placed in
 * a `route` path (the tag inserts path values raw), and every answer is parsed before use.
 *
 * asUser: decisions about the caller (admin check, can they see this issue, project choice) and the comment
 *         a requester leaves when they ask for an unlock (Jira then enforces their "Add comments").
 * asApp:  writes the app owns (the issues it posts, their property, the admin-side comments) and the
 *         recovery search.
 */

/**
 * The issue property the scan writes on each posted issue. It is still written because the duplicate-post
 * recovery search needs it (JQL over the manifest's entityProperty index, see findFlagIssues). Anyone who
 * can create or edit an issue can write it too, so it never decides whose account an issue speaks for:
 * the app's own record does (services/posted-issues.ts).
 */
export const ACCOUNT_PROPERTY_KEY = 'scim-unlock-account';

/**
 * The issue property on an incident issue: its incident key, for the duplicate-post recovery search
 * only. Who belongs to the incident is the app's own record (incident-records.ts), never this property.
 */
export const INCIDENT_PROPERTY_KEY = 'scim-unlock-incident';
export const IncidentProperty = z.object({
  incidentKey: z.string().regex(/^[A-Za-z0-9_-]{1,128}:[0-9]{1,16}$/),
});
export type IncidentProperty = z.infer<typeof IncidentProperty>;

/** The issue property on an IdP offboarding report: the run it reports. */
export const RUN_PROPERTY_KEY = 'scim-unlock-idp-run';

export const AccountProperty = z.object({ accountId: AccountId, episode: z.string().regex(/^[0-9]{1,16}$/) });
export type AccountProperty = z.infer<typeof AccountProperty>;

const MyPermissions = z.object({
  permissions: z.record(z.string(), z.object({ havePermission: z.boolean() }).loose()),
});

const UserRef = z.object({ accountId: z.string(), displayName: z.string().optional() }).loose();

const IssueView = z
  .object({
    id: IssueId,
    key: IssueKey,
    fields: z.object({ reporter: UserRef.nullable().optional() }).loose().optional(),
    properties: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

const Created = z.object({ id: IssueId, key: IssueKey }).loose();

const Search = z.object({
  issues: z.array(z.object({ id: IssueId, key: IssueKey }).loose()),
});

const Project = z
  .object({
    key: z.string(),
    issueTypes: z.array(z.object({ id: z.string(), name: z.string() }).loose()).optional(),
  })
  .loose();

type ApiResponse = Awaited<ReturnType<ReturnType<typeof api.asApp>['requestJira']>>;

async function parse<T>(res: ApiResponse, schema: z.ZodType<T>, operation: string): Promise<T> {
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new JiraError(
      operation,
      res.status,
      `Jira answered "${operation}" with something that is not JSON.`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new JiraError(operation, res.status, `Jira answered "${operation}" unexpectedly.`);
  return parsed.data;
}

async function send(operation: string, request: () => Promise<ApiResponse>): Promise<ApiResponse> {
  try {
    return await request();
  } catch {
    throw new JiraError(operation, null, `Jira could not be reached for "${operation}".`);
  }
}

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

/** Issues the app posts are created as the app: its own work, not any user's. */
/** What every issue the app creates carries: where, which type, and its text. */
interface NewIssue {
  projectKey: string;
  issueTypeName: string;
  summary: string;
  description: AdfDoc;
}

/** Creates the issue with its one property in the same request, so no issue exists without it. */
function createWithProperty(
  input: NewIssue,
  labels: string[],
  property: { key: string; value: unknown },
): Promise<IssueRef> {
  return createIssueAsApp({
    fields: {
      project: { key: ProjectKey.parse(input.projectKey) },
      issuetype: { name: input.issueTypeName },
      summary: input.summary,
      description: input.description,
      labels,
    },
    properties: [property],
  });
}

async function createIssueAsApp(body: unknown): Promise<IssueRef> {
  const res = await send('create issue', () =>
    api.asApp().requestJira(route`/rest/api/3/issue`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify(body),
    }),
  );
  if (!res.ok) throw new JiraError('create issue', res.status);
  const created = await parse(res, Created, 'create issue');
  return { id: created.id, key: created.key };
}

export interface IssueForCaller {
  issue: IssueRef;
  reporter: { accountId: string; displayName: string | null } | null;
  /** The account property as found on the issue: user-writable, so only a hint (see posted-issues.ts). */
  accountHint: AccountProperty | null;
}

/** Who a comment is posted as: the signed-in user (their Jira permissions apply) or the app. */
export type CommentAuthor = 'caller' | 'app';

export const jira = {
  /** Jira's "Administer Jira" global permission of the invoking user (context.accountId). */
  async callerIsAdmin(): Promise<boolean> {
    const res = await send('check permissions', () =>
      api.asUser().requestJira(route`/rest/api/3/mypermissions?permissions=${'ADMINISTER'}`, {
        headers: { accept: 'application/json' },
      }),
    );
    if (res.status === 401 || res.status === 403) return false;
    if (!res.ok) throw new JiraError('check permissions', res.status);
    const body = await parse(res, MyPermissions, 'check permissions');
    return body.permissions.ADMINISTER?.havePermission === true;
  },

  /** The issue as the caller sees it; null when they cannot see it (Jira answers 404 for both cases). */
  async issueForCaller(issueKey: string): Promise<IssueForCaller | null> {
    const key = IssueKey.parse(issueKey);
    const res = await send('read issue', () =>
      api
        .asUser()
        .requestJira(
          route`/rest/api/3/issue/${key}?fields=${'reporter'}&properties=${ACCOUNT_PROPERTY_KEY}`,
          { headers: { accept: 'application/json' } },
        ),
    );
    if (res.status === 401 || res.status === 403 || res.status === 404) return null;
    if (!res.ok) throw new JiraError('read issue', res.status);
    const body = await parse(res, IssueView, 'read issue');
    const reporter = body.fields?.reporter ?? null;
    const prop = AccountProperty.safeParse(body.properties?.[ACCOUNT_PROPERTY_KEY]);
    return {
      issue: { id: body.id, key: body.key },
      reporter:
        reporter === null || !AccountId.safeParse(reporter.accountId).success
          ? null
          : { accountId: reporter.accountId, displayName: reporter.displayName ?? null },
      accountHint: prop.success ? prop.data : null,
    };
  },

  /** Issue type names of a project the caller can see; null when the project is not visible. */
  async projectIssueTypes(projectKey: string): Promise<string[] | null> {
    const key = ProjectKey.parse(projectKey);
    const res = await send('read project', () =>
      api
        .asUser()
        .requestJira(route`/rest/api/3/project/${key}`, { headers: { accept: 'application/json' } }),
    );
    if (res.status === 404 || res.status === 403 || res.status === 401) return null;
    if (!res.ok) throw new JiraError('read project', res.status);
    const body = await parse(res, Project, 'read project');
    return (body.issueTypes ?? []).map((t) => t.name);
  },

  /** A flagged account's issue, with its account property. */
  createFlagIssue(input: NewIssue & { label: string; property: AccountProperty }): Promise<IssueRef> {
    return createWithProperty(input, [input.label], {
      key: ACCOUNT_PROPERTY_KEY,
      value: AccountProperty.parse(input.property),
    });
  },

  /** One issue for many locks (an incident), with its incident property. */
  createIncidentIssue(input: NewIssue & { label: string; property: IncidentProperty }): Promise<IssueRef> {
    return createWithProperty(input, [input.label], {
      key: INCIDENT_PROPERTY_KEY,
      value: IncidentProperty.parse(input.property),
    });
  },

  /** Recovery check: an incident issue an interrupted run created before recording it. */
  async findIncidentIssues(property: IncidentProperty): Promise<IssueRef[]> {
    const p = IncidentProperty.parse(property);
    const jql = `issue.property[${INCIDENT_PROPERTY_KEY}].incidentKey = "${p.incidentKey}" ORDER BY created ASC`;
    const res = await send('search issues', () =>
      api
        .asApp()
        .requestJira(route`/rest/api/3/search/jql?jql=${jql}&maxResults=${'5'}&fields=${'summary'}`, {
          headers: { accept: 'application/json' },
        }),
    );
    if (!res.ok) throw new JiraError('search issues', res.status);
    const body = await parse(res, Search, 'search issues');
    return body.issues.map((i) => ({ id: i.id, key: i.key }));
  },

  /**
   * An issue about the app's own work rather than one account (the IdP offboarding report). The run id
   * rides along as an issue property, so the issue can be traced back to its run.
   */
  createRunIssue(input: NewIssue & { labels: string[]; runId: string }): Promise<IssueRef> {
    return createWithProperty(input, input.labels, { key: RUN_PROPERTY_KEY, value: { runId: input.runId } });
  },

  /** Recovery check: issues already posted for this account episode (by this or an interrupted run). */
  async findFlagIssues(property: AccountProperty): Promise<IssueRef[]> {
    const p = AccountProperty.parse(property);
    const jql =
      `issue.property[${ACCOUNT_PROPERTY_KEY}].accountId = "${p.accountId}" AND ` +
      `issue.property[${ACCOUNT_PROPERTY_KEY}].episode = "${p.episode}" ORDER BY created ASC`;
    const res = await send('search issues', () =>
      api
        .asApp()
        .requestJira(route`/rest/api/3/search/jql?jql=${jql}&maxResults=${'5'}&fields=${'summary'}`, {
          headers: { accept: 'application/json' },
        }),
    );
    if (!res.ok) throw new JiraError('search issues', res.status);
    const body = await parse(res, Search, 'search issues');
    return body.issues.map((i) => ({ id: i.id, key: i.key }));
  },

  async addComment(issueKey: string, body: AdfDoc, author: CommentAuthor = 'app'): Promise<void> {
    const key = IssueKey.parse(issueKey);
    const as = author === 'caller' ? api.asUser() : api.asApp();
    const res = await send('add comment', () =>
      as.requestJira(route`/rest/api/3/issue/${key}/comment`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ body }),
      }),
    );
    if (!res.ok) throw new JiraError('add comment', res.status);
  },
};

export type JiraClient = typeof jira;
