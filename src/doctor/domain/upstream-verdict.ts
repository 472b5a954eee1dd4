/**
 * Turns the outcome of one read-only upstream call into a check verdict with the fix in words. Pure:
 * the probes reduce every answer (or its absence) to a ProbeOutcome first, so each branch is tabled in
 * a test.
 */
import type { CheckStatus } from './report';

export type ProbeOutcome =
  | { kind: 'ok' }
  | { kind: 'http'; status: number; code?: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'network'; code?: string }
  /** An answer arrived but had not the shape the API documents (wrong URL, a captive portal…). */
  | { kind: 'shape' };

/** What was called, and what the operator changes when it fails that way. */
export interface ProbeSubject {
  /** e.g. "the Organizations API"; used in sentences. */
  service: string;
  /** The variable holding where it is (a URL); its default is mentioned when it was not set. */
  locationVariable: string;
  /** Fix when the credential was refused (401, and 403 unless `onForbidden` is given). */
  onRefused: string;
  onForbidden?: string;
  /** Fix for a 404: usually an id in the path is wrong. */
  onNotFound: string;
}

export interface Verdict {
  status: CheckStatus;
  detail: string;
  fix: string | null;
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

export function upstreamVerdict(outcome: ProbeOutcome, subject: ProbeSubject, success: string): Verdict {
  switch (outcome.kind) {
    case 'ok':
      return { status: 'pass', detail: success, fix: null };
    case 'timeout':
      return {
        status: 'fail',
        detail: `${subject.service} did not answer within ${seconds(outcome.timeoutMs)}.`,
        fix: `Check ${subject.locationVariable} and that this host may reach it (firewall, egress proxy).`,
      };
    case 'network':
      return {
        status: 'fail',
        detail: `${subject.service} could not be reached${outcome.code ? ` (${outcome.code})` : ''}.`,
        fix: `Check ${subject.locationVariable} (host and port) and that this host may reach it (DNS, firewall, egress proxy).`,
      };
    case 'shape':
      return {
        status: 'fail',
        detail: `${subject.service} answered, but not in the shape its API documents.`,
        fix: `Check that ${subject.locationVariable} points at the API itself, not at a web page or another service.`,
      };
    case 'http':
      return httpVerdict(outcome.status, outcome.code, subject);
  }
}

function httpVerdict(status: number, code: string | undefined, subject: ProbeSubject): Verdict {
  const answered = `${subject.service} answered HTTP ${status}${code ? ` (${code})` : ''}`;
  if (status === 401)
    return { status: 'fail', detail: `${answered}: the credential was refused.`, fix: subject.onRefused };
  if (status === 403)
    return {
      status: 'fail',
      detail: `${answered}: the credential was not allowed this read.`,
      fix: subject.onForbidden ?? subject.onRefused,
    };
  if (status === 404) return { status: 'fail', detail: `${answered}: not found.`, fix: subject.onNotFound };
  if (status === 429)
    return {
      status: 'fail',
      detail: `${answered}: rate limited, so nothing was verified.`,
      fix: 'Wait a minute and run the doctor again; other clients using the same key share its rate limit.',
    };
  if (status >= 500)
    return {
      status: 'fail',
      detail: `${answered}: a server error, so nothing was verified.`,
      fix: 'Run the doctor again in a few minutes; if it persists, check https://status.atlassian.com (or your server’s logs).',
    };
  return {
    status: 'fail',
    detail: `${answered}.`,
    fix: `Check ${subject.locationVariable}; if it is right, report this answer (status and code) as an issue.`,
  };
}
