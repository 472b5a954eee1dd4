/**
 * What the doctor's own answers reveal about points Atlassian's documentation leaves open (which key the
 * SCIM link API takes, whether rate-limit headers are sent, SCIM's content type, whether SCIM and Org
 * directory ids coincide). Each new org is a chance to confirm them, so they are reported, not assumed.
 * Pure: built from the observations the probes recorded.
 */
import type { FactAnswer, LearnedFact } from './report';

export type ObservedApi = 'org' | 'scim' | 'scimLinks' | 'userManagement';

export interface Observation {
  api: ObservedApi;
  operationId: string;
  status: number | 'network-error';
  /** Lower-cased names of the X-RateLimit-* headers present. */
  rateLimitHeaders: readonly string[];
  retryAfter: boolean;
  /** Media type without parameters, lower-cased; null when absent. */
  contentType: string | null;
}

export interface FactInput {
  observations: readonly Observation[];
  /** Directory ids whose SCIM read succeeded with their key. */
  scimDirectoriesRead: readonly string[];
  /** Org v2 directory ids listed with the org key; null when that listing failed. */
  orgDirectoryIds: readonly string[] | null;
}

const answered = (o: Observation): o is Observation & { status: number } => o.status !== 'network-error';
const ok = (status: number): boolean => status >= 200 && status < 300;

function keyAccepted(id: string, api: ObservedApi, question: string, input: FactInput): LearnedFact {
  const seen = input.observations.filter((o) => o.api === api).filter(answered);
  const fact = (answer: FactAnswer, evidence: string): LearnedFact => ({ id, question, answer, evidence });
  if (seen.length === 0)
    return fact('unknown', 'Not called: an earlier check failed or there was no account to read.');
  const accepted = seen.find((o) => ok(o.status));
  if (accepted)
    return fact('yes', `${accepted.operationId} answered HTTP ${accepted.status} to the org key.`);
  const refused = seen.find((o) => o.status === 401 || o.status === 403);
  if (refused) return fact('no', `${refused.operationId} answered HTTP ${refused.status} to the org key.`);
  const first = seen[0] as Observation & { status: number };
  return fact(
    'unknown',
    `${first.operationId} answered HTTP ${first.status}, which says nothing about the key.`,
  );
}

function rateLimitHeaders(id: string, api: ObservedApi, name: string, input: FactInput): LearnedFact {
  const question = `Does the ${name} send X-RateLimit-* headers?`;
  const seen = input.observations.filter((o) => o.api === api).filter(answered);
  if (seen.length === 0) return { id, question, answer: 'unknown', evidence: 'No answer was received.' };
  const withHeaders = seen.filter((o) => o.rateLimitHeaders.length > 0);
  if (withHeaders.length === 0)
    return { id, question, answer: 'no', evidence: `None of ${seen.length} answer(s) carried one.` };
  const names = [...new Set(withHeaders.flatMap((o) => o.rateLimitHeaders))].sort();
  return {
    id,
    question,
    answer: 'yes',
    evidence: `${withHeaders.length} of ${seen.length} answer(s) carried ${names.join(', ')}.`,
  };
}

function retryAfter(input: FactInput): LearnedFact {
  const id = 'retry-after-on-429';
  const question = 'Do 429 answers carry Retry-After?';
  const limited = input.observations.filter((o) => o.status === 429);
  if (limited.length === 0)
    return { id, question, answer: 'unknown', evidence: 'No answer was a 429 during this run.' };
  const withIt = limited.filter((o) => o.retryAfter).length;
  return {
    id,
    question,
    answer: withIt > 0 ? 'yes' : 'no',
    evidence: `${withIt} of ${limited.length} 429 answer(s) carried Retry-After.`,
  };
}

function scimContentType(input: FactInput): LearnedFact {
  const id = 'scim-content-type';
  const question = 'Does the SCIM API answer with application/scim+json?';
  const types = input.observations
    .filter((o) => o.api === 'scim' && answered(o) && ok(o.status))
    .map((o) => o.contentType ?? '(none)');
  if (types.length === 0) return { id, question, answer: 'unknown', evidence: 'No SCIM read succeeded.' };
  const distinct = [...new Set(types)].sort();
  return {
    id,
    question,
    answer: distinct.every((t) => t === 'application/scim+json') ? 'yes' : 'no',
    evidence: `Content-Type seen: ${distinct.join(', ')}.`,
  };
}

function directoryIds(input: FactInput): LearnedFact {
  const id = 'directory-ids-match';
  const question = 'Are the SCIM directory ids the Organizations API’s directory ids?';
  if (input.orgDirectoryIds === null || input.scimDirectoriesRead.length === 0)
    return {
      id,
      question,
      answer: 'unknown',
      evidence: 'Needs a successful directory listing and SCIM read.',
    };
  const listed = new Set(input.orgDirectoryIds);
  const missing = input.scimDirectoriesRead.filter((d) => !listed.has(d));
  if (missing.length > 0)
    return {
      id,
      question,
      answer: 'no',
      evidence: `SCIM directory ${missing.join(', ')} answered with its key but is not among the ${listed.size} Org directories.`,
    };
  return {
    id,
    question,
    answer: 'yes',
    evidence: `All ${input.scimDirectoriesRead.length} SCIM directories read are among the ${listed.size} Org directories.`,
  };
}

export function learnedFacts(input: FactInput): LearnedFact[] {
  return [
    keyAccepted('scim-links-org-key', 'scimLinks', 'Does the SCIM link API accept the org API key?', input),
    keyAccepted(
      'user-management-org-key',
      'userManagement',
      'Does the user-management API accept this org API key?',
      input,
    ),
    rateLimitHeaders('org-rate-limit-headers', 'org', 'Organizations API', input),
    rateLimitHeaders('scim-rate-limit-headers', 'scim', 'SCIM API', input),
    retryAfter(input),
    scimContentType(input),
    directoryIds(input),
  ];
}
