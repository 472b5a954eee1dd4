import { JiraHttpError } from './errors';
import type { JqlClause, JqlQuery } from './jql';
import { canBrowse } from './permissions';
import type { JiraStore } from './store';
import type { JiraIssue, JiraUser } from './types';

/** Jira indexes an array property value as several values; a scalar is compared as text. */
function propertyMatches(value: unknown, path: readonly string[], expected: string): boolean {
  let node = value;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
    node = (node as Record<string, unknown>)[segment];
  }
  const leaves = Array.isArray(node) ? node : [node];
  return leaves.some(
    (leaf) =>
      (typeof leaf === 'string' || typeof leaf === 'number' || typeof leaf === 'boolean') &&
      String(leaf) === expected,
  );
}

function matches(store: JiraStore, issue: JiraIssue, clause: JqlClause): boolean {
  switch (clause.kind) {
    case 'project':
      return store.project(clause.value)?.id === issue.projectId;
    case 'labels':
      return issue.labels.includes(clause.value);
    case 'property':
      return (
        issue.properties.has(clause.key) &&
        propertyMatches(issue.properties.get(clause.key), clause.path, clause.value)
      );
  }
}

const keyOrder = (a: JiraIssue, b: JiraIssue) => {
  const [pa = '', na = '0'] = a.key.split('-');
  const [pb = '', nb = '0'] = b.key.split('-');
  return pa === pb ? Number(na) - Number(nb) : pa.localeCompare(pb);
};

/**
 * The issues `caller` may browse that satisfy every clause, in creation order unless ORDER BY
 * says otherwise. A project the caller cannot see is reported as not existing (400), as Jira does.
 */
export function searchIssues(store: JiraStore, caller: JiraUser, query: JqlQuery): JiraIssue[] {
  for (const c of query.clauses) {
    if (c.kind !== 'project') continue;
    const project = store.project(c.value);
    if (!project || !canBrowse(caller, project)) {
      throw new JiraHttpError(400, [`The value '${c.value}' does not exist for the field 'project'.`]);
    }
  }
  const found = store
    .issues()
    .filter((i) => canBrowse(caller, store.projectOf(i)) && query.clauses.every((c) => matches(store, i, c)));
  if (query.orderBy) {
    const cmp =
      query.orderBy.field === 'key' ? keyOrder : (a: JiraIssue, b: JiraIssue) => Number(a.id) - Number(b.id);
    found.sort(cmp);
    if (query.orderBy.direction === 'DESC') found.reverse();
  }
  return found;
}

const TOKEN_PREFIX = 'sim-page:';

/** Opaque page tokens: the offset of the next page. */
export function encodePageToken(offset: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${offset}`, 'utf8').toString('base64url');
}

export function decodePageToken(token: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const offset = text.startsWith(TOKEN_PREFIX) ? Number(text.slice(TOKEN_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new JiraHttpError(400, ['The nextPageToken is invalid or has expired.']);
  }
  return offset;
}
