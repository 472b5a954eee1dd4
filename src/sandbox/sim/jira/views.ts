import type { IssueField } from './selection';
import type { JiraStore } from './store';
import type { JiraComment, JiraIssue, JiraIssueType, JiraProject, JiraUser } from './types';

/** Builds Jira's JSON representations; `base` is the gateway URL `<origin>/ex/jira/<cloudId>`. */
export interface ViewContext {
  base: string;
  store: JiraStore;
}

/** Jira writes offsets without a colon: 2026-11-02T09:00:01.000+0000. */
export const jiraTime = (iso: string) => iso.replace(/Z$/, '+0000');

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase() || 'U';

function userAvatars(u: JiraUser) {
  const url = `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/initials/${initials(u.displayName)}-5.png`;
  return {
    '48x48': `${url}?size=48&s=48`,
    '24x24': `${url}?size=24&s=24`,
    '16x16': `${url}?size=16&s=16`,
    '32x32': `${url}?size=32&s=32`,
  };
}

/** The `UserDetails` shape used for authors, reporters and project leads. */
export function userDetailsView(ctx: ViewContext, u: JiraUser) {
  return {
    self: `${ctx.base}/rest/api/3/user?accountId=${encodeURIComponent(u.accountId)}`,
    accountId: u.accountId,
    ...(u.email ? { emailAddress: u.email } : {}),
    avatarUrls: userAvatars(u),
    displayName: u.displayName,
    active: true,
    timeZone: 'Etc/UTC',
    accountType: u.accountType,
  };
}

/** GET /myself: the `User` shape. */
export function currentUserView(ctx: ViewContext, u: JiraUser) {
  return {
    ...userDetailsView(ctx, u),
    locale: 'en_US',
    groups: { size: 0, items: [] },
    applicationRoles: { size: 0, items: [] },
    expand: 'groups,applicationRoles',
  };
}

function projectAvatars(ctx: ViewContext, p: JiraProject) {
  const url = `${ctx.base}/rest/api/3/universal_avatar/view/type/project/avatar/${p.id}`;
  return {
    '48x48': url,
    '24x24': `${url}?size=small`,
    '16x16': `${url}?size=xsmall`,
    '32x32': `${url}?size=medium`,
  };
}

export function issueTypeView(ctx: ViewContext, t: JiraIssueType) {
  return {
    self: `${ctx.base}/rest/api/3/issuetype/${t.id}`,
    id: t.id,
    description: t.description,
    iconUrl: `${ctx.base}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${t.id}?size=medium`,
    name: t.name,
    subtask: false,
    hierarchyLevel: 0,
  };
}

/** Short form embedded in issues. */
function projectRefView(ctx: ViewContext, p: JiraProject) {
  return {
    self: `${ctx.base}/rest/api/3/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    projectTypeKey: 'software',
    simplified: false,
    avatarUrls: projectAvatars(ctx, p),
  };
}

/** GET /project/{projectIdOrKey}: the `Project` shape. */
export function projectView(ctx: ViewContext, p: JiraProject) {
  const lead = ctx.store.user(p.leadAccountId);
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    ...projectRefView(ctx, p),
    description: p.description,
    ...(lead ? { lead: userDetailsView(ctx, lead) } : {}),
    issueTypes: p.issueTypes.map((t) => issueTypeView(ctx, t)),
    assigneeType: 'UNASSIGNED',
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
}

export function commentView(ctx: ViewContext, issue: JiraIssue, c: JiraComment) {
  const author = ctx.store.user(c.authorId);
  const authorView = author ? userDetailsView(ctx, author) : undefined;
  return {
    self: `${ctx.base}/rest/api/3/issue/${issue.id}/comment/${c.id}`,
    id: c.id,
    ...(authorView ? { author: authorView, updateAuthor: authorView } : {}),
    body: c.body,
    created: jiraTime(c.created),
    updated: jiraTime(c.updated),
    jsdPublic: true,
  };
}

export function commentPageView(
  ctx: ViewContext,
  issue: JiraIssue,
  comments: JiraComment[],
  startAt: number,
  maxResults: number,
) {
  return {
    startAt,
    maxResults,
    total: issue.comments.length,
    comments: comments.map((c) => commentView(ctx, issue, c)),
  };
}

function fieldValue(ctx: ViewContext, issue: JiraIssue, field: IssueField): unknown {
  const user = (id: string) => {
    const u = ctx.store.user(id);
    return u ? userDetailsView(ctx, u) : null;
  };
  const project = ctx.store.projectOf(issue);
  switch (field) {
    case 'summary':
      return issue.summary;
    case 'description':
      return issue.description;
    case 'labels':
      return [...issue.labels];
    case 'reporter':
      return user(issue.reporterId);
    case 'creator':
      return user(issue.creatorId);
    case 'project':
      return projectRefView(ctx, project);
    case 'issuetype': {
      const t = project.issueTypes.find((it) => it.id === issue.issueTypeId);
      return t ? issueTypeView(ctx, t) : null;
    }
    case 'created':
      return jiraTime(issue.created);
    case 'updated':
      return jiraTime(issue.updated);
    case 'comment':
      return {
        ...commentPageView(ctx, issue, issue.comments, 0, issue.comments.length),
        self: `${ctx.base}/rest/api/3/issue/${issue.id}/comment`,
      };
  }
}

/** The `IssueBean` shape: `fields` holds the selected fields; `properties` only when asked for. */
export function issueView(
  ctx: ViewContext,
  issue: JiraIssue,
  fields: readonly IssueField[],
  propertyKeys: readonly string[] | undefined,
) {
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${ctx.base}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    ...(fields.length > 0
      ? { fields: Object.fromEntries(fields.map((f) => [f, fieldValue(ctx, issue, f)])) }
      : {}),
    ...(propertyKeys
      ? { properties: Object.fromEntries(propertyKeys.map((k) => [k, issue.properties.get(k)])) }
      : {}),
  };
}
