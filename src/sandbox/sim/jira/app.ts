import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { JiraHttpError, badRequest, issueNotFound, notAuthenticated, projectNotFound } from './errors';
import { parseNewComment, parseNewIssue } from './issue-input';
import { JqlError, parseJql } from './jql';
import { JIRA_OPERATIONS, honoPathOf, type JiraOperationId } from './operations';
import { PERMISSIONS, canBrowse, canComment, hasPermission, isPermissionKey } from './permissions';
import { checkPropertyKey, checkPropertyValue } from './property-rules';
import { decodePageToken, encodePageToken, searchIssues } from './search';
import { selectFields, selectProperties } from './selection';
import type { JiraStore } from './store';
import type { JiraIssue, JiraProject, JiraUser } from './types';
import {
  commentPageView,
  commentView,
  currentUserView,
  issueView,
  projectView,
  type ViewContext,
} from './views';

type JiraEnv = { Variables: { caller: JiraUser } };
type JiraContext = Context<JiraEnv>;

const SEARCH_MAX_RESULTS = 5000;
const COMMENTS_MAX_RESULTS = 5000;

const errorResponse = (c: Context, e: JiraHttpError) => c.json(e.body, e.status);

const intParam = (name: string, fallback: number, min: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? fallback : Number(v)),
    z
      .number({ message: `The '${name}' parameter must be an integer.` })
      .int()
      .min(min),
  );

function readInt(c: JiraContext, name: string, fallback: number, min = 0): number {
  const parsed = intParam(name, fallback, min).safeParse(c.req.query(name));
  if (!parsed.success) throw badRequest(`The '${name}' parameter must be an integer of at least ${min}.`);
  return parsed.data;
}

async function readJson(c: JiraContext): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('The request body is not valid JSON.');
  }
}

/**
 * The Jira REST API of one site, reached the way Forge and OAuth apps reach it: through the
 * gateway at /ex/jira/{cloudId}/rest/api/3/... . Authentication is `Bearer <token>` of a site
 * user or of the app; a wrong cloudId is 404, an unknown token 401, both in Jira's error shape.
 */
export function createJiraApp(store: JiraStore): Hono<JiraEnv> {
  const app = new Hono<JiraEnv>();
  const viewContext = (c: JiraContext): ViewContext => ({
    base: `${new URL(c.req.url).origin}/ex/jira/${store.cloudId}`,
    store,
  });
  const browsableProject = (caller: JiraUser, idOrKey: string): JiraProject => {
    const project = store.project(idOrKey);
    if (!project || !canBrowse(caller, project)) throw projectNotFound(idOrKey);
    return project;
  };
  const browsableIssue = (c: JiraContext): JiraIssue => {
    const issue = store.issue(c.req.param('issueIdOrKey') ?? '');
    if (!issue || !canBrowse(c.var.caller, store.projectOf(issue))) throw issueNotFound();
    return issue;
  };
  const propertyOf = (c: JiraContext): string => {
    const key = c.req.param('propertyKey') ?? '';
    const problem = checkPropertyKey(key);
    if (problem) throw badRequest(problem);
    return key;
  };

  app.use('/ex/jira/:cloudId/*', async (c, next) => {
    if (c.req.param('cloudId') !== store.cloudId) {
      return errorResponse(c, new JiraHttpError(404, ['No Jira site is reachable with this cloud id.']));
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '');
    const caller = match?.[1] ? store.userByToken(match[1]) : undefined;
    if (!caller) return errorResponse(c, notAuthenticated());
    c.set('caller', caller);
    await next();
  });

  const handlers: Record<JiraOperationId, (c: JiraContext) => Response | Promise<Response>> = {
    'jira.getCurrentUser': (c) => c.json(currentUserView(viewContext(c), c.var.caller)),

    'jira.getMyPermissions': (c) => {
      const keys = (c.req.query('permissions') ?? '')
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== '');
      // Mandatory since 2019: Jira refuses to list every permission at once.
      if (keys.length === 0) throw badRequest("The 'permissions' query parameter is required.");
      const unmodelled = keys.filter((k) => !isPermissionKey(k));
      if (unmodelled.length > 0) {
        throw badRequest(
          `Permission key(s) not modelled by the simulator: ${unmodelled.join(', ')}. ` +
            `Supported: ${Object.keys(PERMISSIONS).join(', ')}.`,
        );
      }
      const caller = c.var.caller;
      const issueRef = c.req.query('issueKey') ?? c.req.query('issueId');
      const projectRef = c.req.query('projectKey') ?? c.req.query('projectId');
      let project: JiraProject | undefined;
      if (issueRef !== undefined) {
        const issue = store.issue(issueRef);
        if (!issue || !canBrowse(caller, store.projectOf(issue))) throw issueNotFound();
        project = store.projectOf(issue);
      } else if (projectRef !== undefined) {
        project = browsableProject(caller, projectRef);
      }
      const permissions = Object.fromEntries(
        keys.filter(isPermissionKey).map((key) => [
          key,
          {
            ...PERMISSIONS[key],
            key,
            havePermission: hasPermission(caller, key, project, store.projects()),
          },
        ]),
      );
      return c.json({ permissions });
    },

    'jira.getProject': (c) =>
      c.json(
        projectView(viewContext(c), browsableProject(c.var.caller, c.req.param('projectIdOrKey') ?? '')),
      ),

    'jira.createIssue': async (c) => {
      const issue = store.createIssue(parseNewIssue(store, c.var.caller, await readJson(c)));
      const self = `${viewContext(c).base}/rest/api/3/issue/${issue.id}`;
      return c.json({ id: issue.id, key: issue.key, self }, 201);
    },

    'jira.getIssue': (c) => {
      const issue = browsableIssue(c);
      const fields = selectFields(c.req.queries('fields'), 'all');
      const properties = selectProperties(c.req.queries('properties'), [...issue.properties.keys()]);
      return c.json(issueView(viewContext(c), issue, fields, properties));
    },

    'jira.getComments': (c) => {
      const issue = browsableIssue(c);
      const startAt = readInt(c, 'startAt', 0);
      const maxResults = Math.min(readInt(c, 'maxResults', 100), COMMENTS_MAX_RESULTS);
      const orderBy = c.req.query('orderBy') ?? 'created';
      if (!['created', '+created', '-created'].includes(orderBy)) {
        throw badRequest("The 'orderBy' parameter accepts only created, +created or -created.");
      }
      const ordered = orderBy === '-created' ? [...issue.comments].reverse() : issue.comments;
      const page = ordered.slice(startAt, startAt + maxResults);
      return c.json(commentPageView(viewContext(c), issue, page, startAt, maxResults));
    },

    'jira.addComment': async (c) => {
      const issue = browsableIssue(c);
      // Without "Add comments" the spec documents no 403 for this operation; Jira answers 400.
      if (!canComment(c.var.caller, store.projectOf(issue))) {
        throw new JiraHttpError(400, ['You do not have the permission to comment on this issue.']);
      }
      const comment = store.addComment(issue, c.var.caller.accountId, parseNewComment(await readJson(c)));
      return c.json(commentView(viewContext(c), issue, comment), 201);
    },

    'jira.getIssuePropertyKeys': (c) => {
      const issue = browsableIssue(c);
      const base = viewContext(c).base;
      const keys = [...issue.properties.keys()].map((key) => ({
        key,
        self: `${base}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`,
      }));
      return c.json({ keys });
    },

    'jira.getIssueProperty': (c) => {
      const issue = browsableIssue(c);
      const key = propertyOf(c);
      if (!issue.properties.has(key))
        throw new JiraHttpError(404, [`The property with key '${key}' does not exist.`]);
      return c.json({ key, value: issue.properties.get(key) });
    },

    'jira.setIssueProperty': async (c) => {
      const issue = browsableIssue(c);
      const key = propertyOf(c);
      const value = await readJson(c);
      const problem = checkPropertyValue(value);
      if (problem) throw badRequest(problem);
      const created = store.setProperty(issue, key, value);
      return c.body(null, created ? 201 : 200);
    },

    'jira.deleteIssueProperty': (c) => {
      const issue = browsableIssue(c);
      const key = propertyOf(c);
      if (!store.deleteProperty(issue, key)) {
        throw new JiraHttpError(404, [`The property with key '${key}' does not exist.`]);
      }
      return c.body(null, 204);
    },

    'jira.searchJql': (c) => {
      let query;
      try {
        query = parseJql(c.req.query('jql') ?? '');
      } catch (e) {
        if (e instanceof JqlError) throw badRequest(e.message);
        throw e;
      }
      const maxResults = Math.min(readInt(c, 'maxResults', 50, 1), SEARCH_MAX_RESULTS);
      const token = c.req.query('nextPageToken');
      const offset = token ? decodePageToken(token) : 0;
      const all = searchIssues(store, c.var.caller, query);
      const page = all.slice(offset, offset + maxResults);
      const fields = selectFields(c.req.queries('fields'), 'none');
      const ctx = viewContext(c);
      const isLast = offset + page.length >= all.length;
      return c.json({
        issues: page.map((i) =>
          issueView(ctx, i, fields, selectProperties(c.req.queries('properties'), [...i.properties.keys()])),
        ),
        isLast,
        ...(isLast ? {} : { nextPageToken: encodePageToken(offset + page.length) }),
      });
    },
  };

  for (const [id, def] of Object.entries(JIRA_OPERATIONS) as Array<
    [JiraOperationId, (typeof JIRA_OPERATIONS)[JiraOperationId]]
  >) {
    const handler = handlers[id];
    app.on(def.method, honoPathOf(def), async (c) => {
      try {
        return await handler(c);
      } catch (e) {
        if (e instanceof JiraHttpError) return errorResponse(c, e);
        throw e;
      }
    });
  }

  app.all('/ex/jira/:cloudId/*', (c) =>
    errorResponse(c, new JiraHttpError(404, ['The simulator does not implement this Jira resource.'])),
  );
  return app;
}
