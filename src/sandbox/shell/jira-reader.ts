/**
 * The shell's Jira reads, made as the signed-in sandbox user against the simulator's Jira REST API — so
 * the shell shows exactly what that user may browse (a non-admin never sees the restricted project).
 */
import { z } from 'zod';
import { ShellError } from './errors';
import type { IssueScope } from './frame-context';

const UserRef = z.object({ accountId: z.string(), displayName: z.string() }).nullable();

const IssueSummary = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.object({
    summary: z.string(),
    labels: z.array(z.string()),
    reporter: UserRef,
    created: z.string(),
  }),
});
export type IssueSummary = z.infer<typeof IssueSummary>;

const SearchPage = z.object({
  issues: z.array(IssueSummary),
  isLast: z.boolean().optional(),
  nextPageToken: z.string().optional(),
});

const Comment = z.object({
  id: z.string(),
  author: UserRef.optional(),
  body: z.unknown(),
  created: z.string(),
});
export type IssueComment = z.infer<typeof Comment>;

const IssueDetail = z.object({
  id: z.string(),
  key: z.string(),
  fields: z.object({
    summary: z.string(),
    description: z.unknown(),
    labels: z.array(z.string()),
    reporter: UserRef,
    created: z.string(),
    project: z.object({ id: z.string(), key: z.string(), name: z.string() }),
    issuetype: z.object({ id: z.string(), name: z.string() }).nullable(),
    comment: z.object({ comments: z.array(Comment) }),
  }),
});
export type IssueDetail = z.infer<typeof IssueDetail>;

export interface ProjectIssues {
  projectKey: string;
  issues: IssueSummary[];
}

export interface JiraReaderOptions {
  /** The simulator's origin (Jira is under /ex/jira/{cloudId}). */
  baseUrl: string;
  cloudId: string;
  /** Projects listed on the shell's home page, in order. */
  projects: readonly string[];
}

/** The shell lists at most this many issues per project; the sandbox never comes close. */
const LIST_LIMIT = 100;

export function createJiraReader(opts: JiraReaderOptions) {
  const base = `${opts.baseUrl}/ex/jira/${encodeURIComponent(opts.cloudId)}/rest/api/3`;

  async function get(token: string, path: string): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
    } catch {
      throw new ShellError('jira-failed', 'the simulated Jira site could not be reached');
    }
    const body: unknown = res.headers.get('content-type')?.includes('json')
      ? await res.json()
      : await res.text();
    return { status: res.status, body };
  }

  return {
    /** Issues per project the user can browse; a project the user cannot see is left out. */
    async listIssues(token: string): Promise<ProjectIssues[]> {
      const out: ProjectIssues[] = [];
      for (const projectKey of opts.projects) {
        const jql = `project = ${projectKey} ORDER BY key DESC`;
        const query = new URLSearchParams({
          jql,
          maxResults: String(LIST_LIMIT),
          fields: 'summary,labels,reporter,created',
        });
        const { status, body } = await get(token, `/search/jql?${query.toString()}`);
        // Jira answers 400 for a project the caller cannot browse, as if it did not exist.
        if (status === 400) continue;
        if (status !== 200) {
          throw new ShellError('jira-failed', 'the issue search failed', { projectKey, status });
        }
        const page = SearchPage.safeParse(body);
        if (!page.success)
          throw new ShellError('jira-failed', 'the issue search answered an unexpected shape');
        out.push({ projectKey, issues: page.data.issues });
      }
      return out;
    },

    /** The issue with its comments, or null when the user cannot see it (Jira answers 404). */
    async issue(token: string, key: string): Promise<IssueDetail | null> {
      const fields = 'summary,description,labels,reporter,created,project,issuetype,comment';
      const { status, body } = await get(token, `/issue/${encodeURIComponent(key)}?fields=${fields}`);
      if (status === 404) return null;
      if (status !== 200) throw new ShellError('jira-failed', 'the issue could not be read', { key, status });
      const issue = IssueDetail.safeParse(body);
      if (!issue.success)
        throw new ShellError('jira-failed', 'the issue answered an unexpected shape', { key });
      return issue.data;
    },
  };
}

export type JiraReader = ReturnType<typeof createJiraReader>;

export function issueScopeOf(issue: IssueDetail): IssueScope {
  return {
    id: issue.id,
    key: issue.key,
    type: issue.fields.issuetype?.name ?? 'Task',
    typeId: issue.fields.issuetype?.id ?? '',
    project: { id: issue.fields.project.id, key: issue.fields.project.key },
  };
}
