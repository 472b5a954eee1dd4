import { AccountId, Email } from '../../src/contract/proxy';

export type LookupQuery = { email: string } | { accountId: string };

/**
 * What the admin typed, as the lookup payload: anything with an "@" is an email, anything else an
 * Atlassian account id. The same schemas as the resolver, so a value passing here is never refused there.
 */
export function parseLookupInput(text: string): { query: LookupQuery } | { problem: string } {
  const value = text.trim();
  if (value === '') return { problem: 'Enter an email address or an Atlassian account ID.' };
  if (value.includes('@')) {
    return Email.safeParse(value).success
      ? { query: { email: value } }
      : { problem: `"${value}" is not a valid email address.` };
  }
  return AccountId.safeParse(value).success
    ? { query: { accountId: value } }
    : {
        problem:
          'An account ID has 1–128 letters, digits, ":", "_" or "-" (for example 5b10ac8d82e05b22cc7d4ef5).',
      };
}
