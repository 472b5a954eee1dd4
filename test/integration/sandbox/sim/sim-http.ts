import { OPERATIONS, type OperationId } from '../../../../src/atlassian/operations';
import type { RunningSimulator } from '../../../../src/sandbox/sim/server';
import { specLocation, validateExchange } from '../../../support/openapi-contract';

/** Raw HTTP against a running simulator, as an IdP or an admin script would call it. */

export interface Exchange {
  status: number;
  headers: Headers;
  contentType: string | undefined;
  body: unknown;
}

export async function call(
  sim: RunningSimulator,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; contentType?: string } = {},
): Promise<Exchange> {
  const headers: Record<string, string> = {};
  if (opts.token !== undefined) headers.Authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    contentType: res.headers.get('content-type') ?? undefined,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

/** The problems (empty when none) of an exchange against the spec of one operation. */
export function contractProblems(id: OperationId, x: Exchange, requestBody?: unknown): string[] {
  const op = OPERATIONS[id];
  return validateExchange({
    ...specLocation(op),
    method: op.method,
    ...(requestBody !== undefined ? { request: { body: requestBody, contentType: 'application/json' } } : {}),
    response: {
      status: x.status,
      ...(x.contentType !== undefined ? { contentType: x.contentType } : {}),
      body: x.body,
    },
  });
}

export interface Creds {
  org: string;
  orgId: string;
  okta: { id: string; key: string };
  entra: { id: string; key: string };
}

export function credsOf(sim: RunningSimulator): Creds {
  const [okta, entra] = sim.identity.directories;
  if (!okta || !entra) throw new Error('simulator identity has fewer than two directories');
  return {
    org: sim.identity.org.apiKey,
    orgId: sim.identity.org.id,
    okta: { id: okta.id, key: okta.scimKey },
    entra: { id: entra.id, key: entra.scimKey },
  };
}

export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
