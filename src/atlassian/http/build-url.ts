/**
 * Turns an operation's path template, its parameters and a query into a URL. IDs reach URLs only
 * after a strict check: a value that could change which resource is addressed (a slash, a dot segment,
 * a pre-encoded sequence, whitespace, an empty string) is refused rather than encoded, because encoding
 * would hide a caller bug or an injection attempt behind a plausible-looking request.
 */

import { placeholdersOf } from '../../lib/path-template';

export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

export type ParamProblem =
  'missing' | 'empty' | 'slash' | 'dot-segment' | 'percent' | 'whitespace' | 'control' | 'unexpected';

export interface ParamIssue {
  name: string;
  problem: ParamProblem;
}

export { fillPath, placeholdersOf } from '../../lib/path-template';

/** Why a value may not be used as a path segment, or undefined if it may. */
export function checkPathParam(value: string): ParamProblem | undefined {
  if (value === '') return 'empty';
  if (value.includes('/') || value.includes('\\')) return 'slash';
  if (value === '.' || value.includes('..')) return 'dot-segment';
  if (value.includes('%')) return 'percent';
  if (/\s/.test(value)) return 'whitespace';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'control';
  return undefined;
}

export function validatePathParams(template: string, params: Readonly<Record<string, string>>): ParamIssue[] {
  const names = placeholdersOf(template);
  const issues: ParamIssue[] = [];
  for (const name of names) {
    const value = params[name];
    if (value === undefined) {
      issues.push({ name, problem: 'missing' });
      continue;
    }
    const problem = checkPathParam(value);
    if (problem) issues.push({ name, problem });
  }
  // A parameter the template does not use is a caller bug (usually a misspelt name).
  for (const name of Object.keys(params)) {
    if (!names.includes(name)) issues.push({ name, problem: 'unexpected' });
  }
  return issues;
}

/**
 * Query string with RFC 3986 encoding (spaces as %20, not "+": SCIM filters contain spaces and not
 * every server decodes "+"). Arrays become repeated keys; undefined values are left out.
 */
export function buildQuery(query: Query | undefined): string {
  if (!query) return '';
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as ReadonlyArray<string | number | boolean>) {
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
    }
  }
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

export function joinUrl(baseUrl: string, path: string, query: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}${query}`;
}
