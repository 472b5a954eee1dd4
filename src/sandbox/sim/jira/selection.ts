/**
 * The `fields` and `properties` query parameters of Jira's issue reads. Both may repeat and
 * hold comma-separated items; `*all` (and `*navigable` for fields) selects everything, `-x`
 * excludes x, a plain name includes it.
 */
export const ISSUE_FIELDS = [
  'summary',
  'description',
  'labels',
  'reporter',
  'creator',
  'project',
  'issuetype',
  'created',
  'updated',
  'comment',
] as const;
export type IssueField = (typeof ISSUE_FIELDS)[number];

const isIssueField = (f: string): f is IssueField => (ISSUE_FIELDS as readonly string[]).includes(f);

const tokensOf = (params: readonly string[] | undefined) =>
  (params ?? [])
    .flatMap((p) => p.split(','))
    .map((t) => t.trim())
    .filter((t) => t !== '');

/**
 * `whenAbsent` is what Jira returns without the parameter: every field for GET issue, only the
 * id for search/jql. Unknown field names are ignored, as Jira does. The simulator treats
 * `*navigable` as `*all` since every simulated field is navigable.
 */
export function selectFields(
  params: readonly string[] | undefined,
  whenAbsent: 'all' | 'none',
): IssueField[] {
  const tokens = tokensOf(params);
  if (tokens.length === 0) return whenAbsent === 'all' ? [...ISSUE_FIELDS] : [];
  const excluded = new Set(tokens.filter((t) => t.startsWith('-')).map((t) => t.slice(1)));
  const positive = tokens.filter((t) => !t.startsWith('-'));
  const everything = positive.length === 0 || positive.some((t) => t === '*all' || t === '*navigable');
  const chosen = everything ? [...ISSUE_FIELDS] : ISSUE_FIELDS.filter((f) => positive.includes(f));
  return chosen.filter((f) => isIssueField(f) && !excluded.has(f));
}

/** The property keys to return, or undefined when the parameter is absent (no `properties` object). */
export function selectProperties(
  params: readonly string[] | undefined,
  available: readonly string[],
): string[] | undefined {
  const tokens = tokensOf(params);
  if (tokens.length === 0) return undefined;
  const excluded = new Set(tokens.filter((t) => t.startsWith('-')).map((t) => t.slice(1)));
  const positive = tokens.filter((t) => !t.startsWith('-'));
  const wanted = positive.includes('*all') ? available : available.filter((k) => positive.includes(k));
  return wanted.filter((k) => !excluded.has(k));
}
