import { InvalidScimRequestError } from './errors';

/**
 * The SCIM filter grammar Atlassian documents: a single `eq` on one attribute with a quoted value
 * (users: userName or externalId; groups: displayName). Anything else is refused as invalidFilter.
 */

export interface EqFilter<A extends string> {
  attribute: A;
  value: string;
}

const EQ = /^\s*([A-Za-z]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

export function parseEqFilter<A extends string>(filter: string, allowed: readonly A[]): EqFilter<A> {
  const m = EQ.exec(filter);
  const attribute = allowed.find((a) => a.toLowerCase() === m?.[1]?.toLowerCase());
  if (!m || !attribute) {
    throw new InvalidScimRequestError(
      'invalidFilter',
      `Unsupported filter. Only ${allowed.map((a) => `${a} eq "value"`).join(' or ')} is supported.`,
    );
  }
  return { attribute, value: (m[2] ?? '').replace(/\\(.)/g, '$1') };
}
