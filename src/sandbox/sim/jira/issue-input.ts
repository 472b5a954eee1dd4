import { z } from 'zod';
import { AdfDocSchema, type AdfDoc } from './adf';
import { JiraHttpError, badRequest } from './errors';
import { canBrowse, canCreate } from './permissions';
import { checkPropertyKey, checkPropertyValue } from './property-rules';
import type { JiraStore, NewIssue } from './store';
import type { JiraUser } from './types';

const SUMMARY_MAX = 255;
const LABEL_MAX = 255;

const CreateIssueBodySchema = z.object({
  fields: z.record(z.string(), z.unknown()).optional(),
  update: z.record(z.string(), z.unknown()).optional(),
  transition: z.unknown().optional(),
  properties: z.array(z.object({ key: z.string(), value: z.unknown() })).optional(),
});

const ProjectRefSchema = z.union([z.object({ id: z.string().min(1) }), z.object({ key: z.string().min(1) })]);
const IssueTypeRefSchema = z.union([
  z.object({ id: z.string().min(1) }),
  z.object({ name: z.string().min(1) }),
]);
const LabelsSchema = z.array(z.string());
const UserRefSchema = z.object({ accountId: z.string().min(1) });

const SUPPORTED_FIELDS = new Set(['project', 'issuetype', 'summary', 'description', 'labels', 'reporter']);

const ADF_MESSAGE = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
const INVALID_PROJECT = 'Specify a valid project ID or key';

/**
 * Validates a create-issue body the way Jira reports problems: one message per field in
 * `errors`, all at once, as a 400. Permission failures are reported the same way: the spec's
 * 400 lists "is by a user who does not have the necessary permission", and a project the
 * caller cannot browse is indistinguishable from one that does not exist.
 */
export function parseNewIssue(store: JiraStore, caller: JiraUser, body: unknown): NewIssue {
  const parsed = CreateIssueBodySchema.safeParse(body);
  if (!parsed.success) throw badRequest('The request body must be a JSON object with `fields`.');
  const { fields = {}, update, transition, properties = [] } = parsed.data;
  if ((update && Object.keys(update).length > 0) || transition !== undefined) {
    throw badRequest(
      "The simulator supports only `fields` and `properties` when creating an issue, not 'update' or 'transition'.",
    );
  }

  const errors: Record<string, string> = {};
  for (const name of Object.keys(fields)) {
    if (!SUPPORTED_FIELDS.has(name)) {
      errors[name] = `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
    }
  }

  const projectRef = ProjectRefSchema.safeParse(fields.project);
  const project = projectRef.success
    ? store.project('id' in projectRef.data ? projectRef.data.id : projectRef.data.key)
    : undefined;
  if (!project || !canBrowse(caller, project)) errors.project = INVALID_PROJECT;
  else if (!canCreate(caller, project))
    errors.project = 'You do not have permission to create issues in this project.';

  const typeRef = IssueTypeRefSchema.safeParse(fields.issuetype);
  const issueType =
    typeRef.success && project
      ? project.issueTypes.find((t) =>
          'id' in typeRef.data ? t.id === typeRef.data.id : t.name === typeRef.data.name,
        )
      : undefined;
  if (!typeRef.success) errors.issuetype = 'Specify an issue type';
  else if (project && !issueType) errors.issuetype = 'The issue type selected is invalid.';

  const summary = typeof fields.summary === 'string' ? fields.summary.trim() : '';
  if (summary === '') errors.summary = 'You must specify a summary of the issue.';
  else if (summary.length > SUMMARY_MAX)
    errors.summary = `Summary must be less than ${SUMMARY_MAX} characters.`;

  let description: AdfDoc | null = null;
  if (fields.description !== undefined && fields.description !== null) {
    const adf = AdfDocSchema.safeParse(fields.description);
    if (adf.success) description = adf.data;
    else errors.description = ADF_MESSAGE;
  }

  let labels: string[] = [];
  if (fields.labels !== undefined) {
    const l = LabelsSchema.safeParse(fields.labels);
    const bad = l.success ? l.data.find((x) => x === '' || /\s/.test(x) || x.length > LABEL_MAX) : undefined;
    if (!l.success) errors.labels = 'Labels must be an array of strings.';
    else if (bad !== undefined)
      errors.labels = `The label '${bad}' contains spaces or is empty, which is invalid.`;
    else labels = [...new Set(l.data)];
  }

  let reporterId = caller.accountId;
  if (fields.reporter !== undefined) {
    const r = UserRefSchema.safeParse(fields.reporter);
    if (r.success && store.user(r.data.accountId)) reporterId = r.data.accountId;
    else errors.reporter = 'Specify a valid value for reporter.';
  }

  for (const p of properties) {
    const problem = checkPropertyKey(p.key) ?? checkPropertyValue(p.value);
    if (problem) errors.properties = problem;
  }

  if (Object.keys(errors).length > 0 || !project || !issueType) throw new JiraHttpError(400, [], errors);
  return {
    project,
    issueType,
    summary,
    description,
    labels,
    reporterId,
    creatorId: caller.accountId,
    properties: properties.map((p) => ({ key: p.key, value: p.value })),
  };
}

const CommentBodySchema = z.object({ body: AdfDocSchema }).passthrough();

/** POST /comment: `{body: ADF}`; visibility and properties are not simulated and are refused. */
export function parseNewComment(body: unknown): AdfDoc {
  if (typeof body === 'object' && body !== null && ('visibility' in body || 'properties' in body)) {
    throw badRequest('The simulator does not support comment visibility or comment properties.');
  }
  const parsed = CommentBodySchema.safeParse(body);
  if (!parsed.success) throw new JiraHttpError(400, [], { comment: 'Comment body can not be empty!' });
  if (parsed.data.body.content.length === 0) {
    throw new JiraHttpError(400, [], { comment: 'Comment body can not be empty!' });
  }
  return parsed.data.body;
}
