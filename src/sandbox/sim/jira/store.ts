import type { AdfDoc } from './adf';
import type { Audience, JiraComment, JiraIssue, JiraIssueType, JiraProject, JiraUser } from './types';

/** Source of timestamps; ticks on every mutation so the order of events is visible and reproducible. */
export interface JiraClock {
  /** Advances the clock and returns the new instant as an ISO-8601 string. */
  tick(): string;
}

/** A clock starting at a fixed instant, one second per tick, so two runs produce identical state. */
export function fixedStepClock(startIso = '2026-11-02T09:00:00.000Z'): JiraClock {
  let ms = Date.parse(startIso);
  return {
    tick: () => {
      ms += 1000;
      return new Date(ms).toISOString();
    },
  };
}

export interface NewProject {
  key: string;
  name: string;
  description: string;
  leadAccountId: string;
  issueTypes: Array<Omit<JiraIssueType, 'id'>>;
  permissions: { browse: Audience; create: Audience; comment: Audience };
}

export interface NewIssue {
  project: JiraProject;
  issueType: JiraIssueType;
  summary: string;
  description: AdfDoc | null;
  labels: string[];
  reporterId: string;
  creatorId: string;
  properties: Array<{ key: string; value: unknown }>;
}

const FIRST_ID = 10000;

/**
 * The Jira site's state: users (and the app's bot user), projects with issue types, issues with
 * properties and comments. Ids are counters, so a seed built twice is identical.
 */
export class JiraStore {
  private usersById = new Map<string, JiraUser>();
  private projectsById = new Map<string, JiraProject>();
  private issuesById = new Map<string, JiraIssue>();
  private nextProjectId = FIRST_ID;
  private nextIssueTypeId = FIRST_ID + 1;
  private nextIssueId = FIRST_ID;
  private nextCommentId = FIRST_ID;

  constructor(
    readonly cloudId: string,
    private clock: JiraClock = fixedStepClock(),
  ) {}

  /** Forgets everything (users included); seedJira rebuilds from identity. */
  clear(clock: JiraClock = fixedStepClock()): void {
    this.usersById.clear();
    this.projectsById.clear();
    this.issuesById.clear();
    this.nextProjectId = FIRST_ID;
    this.nextIssueTypeId = FIRST_ID + 1;
    this.nextIssueId = FIRST_ID;
    this.nextCommentId = FIRST_ID;
    this.clock = clock;
  }

  addUser(user: JiraUser): void {
    if (this.usersById.has(user.accountId)) throw new Error(`duplicate Jira user ${user.accountId}`);
    if (this.userByToken(user.token)) throw new Error('duplicate Jira token');
    this.usersById.set(user.accountId, { ...user });
  }

  user(accountId: string): JiraUser | undefined {
    return this.usersById.get(accountId);
  }

  userByToken(token: string): JiraUser | undefined {
    for (const u of this.usersById.values()) if (u.token === token) return u;
    return undefined;
  }

  users(): JiraUser[] {
    return [...this.usersById.values()];
  }

  addProject(p: NewProject): JiraProject {
    if (this.project(p.key)) throw new Error(`duplicate Jira project ${p.key}`);
    if (!this.usersById.has(p.leadAccountId)) throw new Error(`unknown project lead ${p.leadAccountId}`);
    const project: JiraProject = {
      id: String(this.nextProjectId++),
      key: p.key,
      name: p.name,
      description: p.description,
      leadAccountId: p.leadAccountId,
      issueTypes: p.issueTypes.map((t) => ({ ...t, id: String(this.nextIssueTypeId++) })),
      permissions: { ...p.permissions },
      nextIssueNumber: 1,
    };
    this.projectsById.set(project.id, project);
    return project;
  }

  /** By id or (case-insensitive) key, as Jira resolves `projectIdOrKey`. */
  project(idOrKey: string): JiraProject | undefined {
    const byId = this.projectsById.get(idOrKey);
    if (byId) return byId;
    const key = idOrKey.toUpperCase();
    for (const p of this.projectsById.values()) if (p.key === key) return p;
    return undefined;
  }

  projects(): JiraProject[] {
    return [...this.projectsById.values()];
  }

  /** By id or (case-insensitive) key, as Jira resolves `issueIdOrKey`. */
  issue(idOrKey: string): JiraIssue | undefined {
    const byId = this.issuesById.get(idOrKey);
    if (byId) return byId;
    const key = idOrKey.toUpperCase();
    for (const i of this.issuesById.values()) if (i.key === key) return i;
    return undefined;
  }

  /** Issues in creation order. */
  issues(): JiraIssue[] {
    return [...this.issuesById.values()];
  }

  projectOf(issue: JiraIssue): JiraProject {
    const p = this.projectsById.get(issue.projectId);
    if (!p) throw new Error(`issue ${issue.key} refers to a missing project`);
    return p;
  }

  createIssue(input: NewIssue): JiraIssue {
    const now = this.clock.tick();
    const issue: JiraIssue = {
      id: String(this.nextIssueId++),
      key: `${input.project.key}-${input.project.nextIssueNumber++}`,
      projectId: input.project.id,
      issueTypeId: input.issueType.id,
      summary: input.summary,
      description: input.description,
      labels: [...input.labels],
      reporterId: input.reporterId,
      creatorId: input.creatorId,
      created: now,
      updated: now,
      properties: new Map(input.properties.map((p) => [p.key, p.value])),
      comments: [],
    };
    this.issuesById.set(issue.id, issue);
    return issue;
  }

  addComment(issue: JiraIssue, authorId: string, body: AdfDoc): JiraComment {
    const now = this.clock.tick();
    const comment: JiraComment = {
      id: String(this.nextCommentId++),
      authorId,
      body,
      created: now,
      updated: now,
    };
    issue.comments.push(comment);
    issue.updated = now;
    return comment;
  }

  /** Returns whether the property was created (true) or replaced (false). */
  setProperty(issue: JiraIssue, key: string, value: unknown): boolean {
    const created = !issue.properties.has(key);
    issue.properties.set(key, value);
    issue.updated = this.clock.tick();
    return created;
  }

  deleteProperty(issue: JiraIssue, key: string): boolean {
    const existed = issue.properties.delete(key);
    if (existed) issue.updated = this.clock.tick();
    return existed;
  }

  /** Plain JSON of the whole site in a stable order, for GET /_sim/state. Tokens are left out. */
  snapshot(): unknown {
    return {
      cloudId: this.cloudId,
      users: this.users().map((u) => ({
        accountId: u.accountId,
        accountType: u.accountType,
        displayName: u.displayName,
        ...(u.email ? { email: u.email } : {}),
        admin: u.admin,
      })),
      projects: this.projects().map(({ nextIssueNumber: _n, ...p }) => p),
      issues: this.issues().map((i) => ({
        ...i,
        properties: Object.fromEntries([...i.properties.entries()].sort(([a], [b]) => a.localeCompare(b))),
      })),
    };
  }
}
