/**
 * Every Jira REST operation the simulator serves, with the spec path it answers to. The app
 * registers its routes from this table and the contract tests fail when an entry has no case,
 * so a route cannot exist without a contract check against Atlassian's Jira spec.
 */
export const JIRA_SPEC_FILE = 'jira-platform.swagger.v3.2025-12.json';

/** Jira is reached through the API gateway: https://api.atlassian.com/ex/jira/{cloudId}/rest/api/3/... */
export const JIRA_GATEWAY_PREFIX = '/ex/jira/{cloudId}';

export interface JiraOperationDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path in the Jira spec (relative to the site), with `{param}` placeholders. */
  specPath: string;
  /** The spec's operationId, for reference. */
  specOperationId: string;
}

const op = (
  method: JiraOperationDef['method'],
  specPath: string,
  specOperationId: string,
): JiraOperationDef => ({
  method,
  specPath,
  specOperationId,
});

export const JIRA_OPERATIONS = {
  'jira.getCurrentUser': op('GET', '/rest/api/3/myself', 'getCurrentUser'),
  'jira.getMyPermissions': op('GET', '/rest/api/3/mypermissions', 'getMyPermissions'),
  'jira.getProject': op('GET', '/rest/api/3/project/{projectIdOrKey}', 'getProject'),
  'jira.createIssue': op('POST', '/rest/api/3/issue', 'createIssue'),
  'jira.getIssue': op('GET', '/rest/api/3/issue/{issueIdOrKey}', 'getIssue'),
  'jira.getComments': op('GET', '/rest/api/3/issue/{issueIdOrKey}/comment', 'getComments'),
  'jira.addComment': op('POST', '/rest/api/3/issue/{issueIdOrKey}/comment', 'addComment'),
  'jira.getIssuePropertyKeys': op(
    'GET',
    '/rest/api/3/issue/{issueIdOrKey}/properties',
    'getIssuePropertyKeys',
  ),
  'jira.getIssueProperty': op(
    'GET',
    '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    'getIssueProperty',
  ),
  'jira.setIssueProperty': op(
    'PUT',
    '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    'setIssueProperty',
  ),
  'jira.deleteIssueProperty': op(
    'DELETE',
    '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    'deleteIssueProperty',
  ),
  'jira.searchJql': op('GET', '/rest/api/3/search/jql', 'searchAndReconsileIssuesUsingJql'),
} as const satisfies Record<string, JiraOperationDef>;

export type JiraOperationId = keyof typeof JIRA_OPERATIONS;

/** The simulator's route for an operation, in Hono's `:param` syntax. */
export function honoPathOf(def: JiraOperationDef): string {
  return `${JIRA_GATEWAY_PREFIX}${def.specPath}`.replace(/\{([A-Za-z]+)\}/g, ':$1');
}
