import type { AdfDoc } from './adf';

/** Who may do something in a project: every licensed user, or Jira administrators only. */
export type Audience = 'everyone' | 'admins';

export interface JiraUser {
  accountId: string;
  displayName: string;
  /** Apps have no email address. */
  email?: string;
  /** Holds the global "Administer Jira" permission. */
  admin: boolean;
  /** Bearer token that authenticates as this user. */
  token: string;
  accountType: 'atlassian' | 'app';
}

export interface JiraIssueType {
  id: string;
  name: string;
  description: string;
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  description: string;
  leadAccountId: string;
  issueTypes: JiraIssueType[];
  /**
   * Browse Projects, Create Issues and Add Comments (each needs Browse as well). Browse also
   * governs issue properties and edits; apps hold every project permission (Jira grants them
   * through the atlassian-addons-project-access role).
   */
  permissions: { browse: Audience; create: Audience; comment: Audience };
  nextIssueNumber: number;
}

export interface JiraComment {
  id: string;
  authorId: string;
  body: AdfDoc;
  created: string;
  updated: string;
}

export interface JiraIssue {
  id: string;
  key: string;
  projectId: string;
  issueTypeId: string;
  summary: string;
  description: AdfDoc | null;
  labels: string[];
  reporterId: string;
  creatorId: string;
  created: string;
  updated: string;
  /** Issue (entity) properties: key → any JSON value. */
  properties: Map<string, unknown>;
  comments: JiraComment[];
}
