import {
  createProxyClient,
  ProxyInputError,
  ProxyProblemError,
  ProxyResponseFormatError,
  type ProxyClient,
  type ProxyTransport,
} from '../../contract/proxy/client';
import { PROBLEM_TYPES } from '../../contract/proxy';
import { CliError } from '../io/errors';
import { EXIT, type ExitCode } from '../io/exit-codes';
import { PROXY_REQUEST_TIMEOUT_MS, type ProxyConnection } from './connection';

/** The proxy over fetch, with the connection's bearer token on every request. */
export function fetchTransport(conn: ProxyConnection, timeoutMs = PROXY_REQUEST_TIMEOUT_MS): ProxyTransport {
  return async (req) => {
    const res = await fetch(`${conn.url}${req.path}`, {
      method: req.method,
      headers: { ...req.headers, authorization: `Bearer ${conn.token}` },
      ...(req.body === undefined ? {} : { body: req.body }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    return { status: res.status, text: () => res.text() };
  };
}

export function proxyClient(conn: ProxyConnection): ProxyClient {
  return createProxyClient(fetchTransport(conn));
}

function systemCode(err: unknown): string | null {
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  const code = cause?.code ?? (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * Any failure of a proxy call, as a CliError in words: the problem's title, detail and field errors,
 * the request id to find the proxy's log and audit lines, and a hint where one is known. `during`
 * names a mutation in flight, whose outcome is unknown when the connection broke before the answer.
 */
export function explainProxyFailure(err: unknown, conn: ProxyConnection, during?: string): CliError {
  if (err instanceof CliError) return err;
  if (err instanceof ProxyProblemError) {
    const p = err.problem;
    if (!p)
      return new CliError(`The proxy answered HTTP ${err.status} without problem details.`, [
        `Proxy: ${conn.url}`,
      ]);
    const detail: string[] = [];
    if (p.detail) detail.push(p.detail);
    for (const e of p.errors ?? []) detail.push(`${e.path}: ${e.message}`);
    if (p.type === PROBLEM_TYPES.unauthorized) {
      detail.push('Check SCIM_UNLOCK_TOKEN(_FILE): it must be one of the proxy’s PROXY_API_TOKENS.');
    }
    if (p.retryAfterSeconds !== undefined) detail.push(`Try again in ${p.retryAfterSeconds} s.`);
    if (p.upstream) {
      detail.push(`Upstream: ${p.upstream.operation} answered ${p.upstream.status ?? 'nothing'}.`);
    }
    if (p.instance) detail.push(`Request id: ${p.instance} (in the proxy's log and audit lines).`);
    const code: ExitCode = p.type === PROBLEM_TYPES.validation ? EXIT.usage : EXIT.failed;
    return new CliError(`${p.title} (HTTP ${p.status})`, detail, code);
  }
  if (err instanceof ProxyInputError) {
    return new CliError('Invalid input.', [...err.issues], EXIT.usage);
  }
  if (err instanceof ProxyResponseFormatError) {
    return new CliError('The proxy’s answer does not match this command’s version of the API.', [
      'Upgrade the proxy and the command line to the same release.',
      ...err.issues.slice(0, 5),
    ]);
  }
  const code = systemCode(err);
  const name = err instanceof Error ? err.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new CliError(
      `The proxy did not answer within ${PROXY_REQUEST_TIMEOUT_MS / 1000} s.`,
      during ? [unknownOutcome(during)] : [],
    );
  }
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'ECONNRESET' ||
    code?.startsWith('UND_ERR')
  ) {
    const lost = code === 'ECONNRESET' || code === 'UND_ERR_SOCKET';
    return new CliError(
      lost
        ? `The connection to the proxy at ${conn.url} broke before it answered (${code}).`
        : `Could not reach the proxy at ${conn.url} (${code}).`,
      lost && during ? [unknownOutcome(during)] : ['Is it running? Check SCIM_UNLOCK_URL.'],
    );
  }
  return new CliError(
    `The request to the proxy failed${code ? ` (${code})` : ''}.`,
    during ? [unknownOutcome(during)] : [],
  );
}

function unknownOutcome(action: string): string {
  return `Whether the ${action} completed is unknown: run \`scim-unlock lookup\` to see the account now; the proxy's audit has a line for every attempt that finished.`;
}
