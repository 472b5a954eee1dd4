/**
 * Jira answers errors as an ErrorCollection: `{errorMessages: string[], errors: {field: message}}`.
 * Route code throws JiraHttpError; the app turns it into that body.
 */
export interface ErrorCollection {
  errorMessages: string[];
  errors: Record<string, string>;
}

export type JiraErrorStatus = 400 | 401 | 403 | 404 | 413;

export class JiraHttpError extends Error {
  readonly body: ErrorCollection;

  constructor(
    readonly status: JiraErrorStatus,
    messages: string[],
    fieldErrors: Record<string, string> = {},
  ) {
    super(messages[0] ?? Object.values(fieldErrors)[0] ?? `Jira error ${status}`);
    this.name = 'JiraHttpError';
    this.body = { errorMessages: messages, errors: fieldErrors };
  }
}

export const notAuthenticated = () =>
  new JiraHttpError(401, ['You are not authenticated. Authentication required to perform this operation.']);

export const issueNotFound = () =>
  new JiraHttpError(404, ['Issue does not exist or you do not have permission to see it.']);

export const projectNotFound = (idOrKey: string) =>
  new JiraHttpError(404, [`No project could be found with key '${idOrKey}'.`]);

export const badRequest = (message: string) => new JiraHttpError(400, [message]);
