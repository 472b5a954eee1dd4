/**
 * Runs contract cases: sends one real request to the running simulator, captures the exchange
 * and checks request and response against the operation's spec with validateExchange.
 */
import type { SimApi } from '../../src/sandbox/sim/control/schemas';
import type { SimControlClient } from '../../src/sandbox/sim/control-client';
import { validateExchange, type HttpMethod } from '../support/openapi-contract';
import { fillPath } from '../../src/lib/path-template';

export interface CaseRequest {
  /** Values for the `{param}` placeholders of the operation's path (encoded when filled in). */
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** JSON body; sent with `contentType` (default application/json). */
  body?: unknown;
  /** Sent verbatim instead of `body` (for unparseable bodies); not checked against the spec. */
  rawBody?: string;
  /** Bearer token; undefined = the operation's normal credential; null = no Authorization header. */
  token?: string | null;
  contentType?: string;
  accept?: string;
}

export interface Captured {
  status: number;
  contentType: string | undefined;
  headers: Headers;
  body: unknown;
}

export interface ContractCase<Ctx> {
  name: string;
  /** The status this case must produce. */
  status: number;
  request(ctx: Ctx): CaseRequest | Promise<CaseRequest>;
  /**
   * The request is deliberately outside the spec (to provoke a 400): its body is asserted to
   * violate the spec's requestBody, and only the response is held to the contract.
   */
  requestViolatesSpec?: boolean;
  /** Turns the simulator's rate limiter to zero for this family while the request is sent. */
  rateLimit?: SimApi;
  /** Behaviour the spec cannot express (e.g. the 403 reason key), checked after the contract. */
  expect?(res: Captured, ctx: Ctx): void | Promise<void>;
}

export interface OperationCases<Id extends string, Ctx> {
  operationId: Id;
  cases: Array<ContractCase<Ctx>>;
}

export interface Target {
  baseUrl: string;
  method: HttpMethod;
  /** Path on the simulator, with `{param}` placeholders. */
  urlPath: string;
  /** Where the operation is specified. */
  spec: { file: string; path: string };
  defaultToken(req: CaseRequest): string;
}

async function parseBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Left as text so the spec check reports it rather than the runner hiding it.
    return text;
  }
}

export async function send(target: Target, req: CaseRequest): Promise<Captured> {
  const query = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
  const url = `${target.baseUrl}${fillPath<string>(target.urlPath, req.params ?? {})}${query}`;
  const token = req.token === undefined ? target.defaultToken(req) : req.token;
  const headers: Record<string, string> = { Accept: req.accept ?? 'application/json' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  const payload = req.rawBody ?? (req.body === undefined ? undefined : JSON.stringify(req.body));
  if (payload !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
  const res = await fetch(url, {
    method: target.method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? undefined,
    headers: res.headers,
    body: await parseBody(res),
  };
}

/** Sends the case and returns what a failing assertion should show: status, spec problems, body. */
export async function runCase<Ctx>(
  target: Target,
  c: ContractCase<Ctx>,
  ctx: Ctx,
  control: SimControlClient,
): Promise<{ outcome: { status: number; problems: string[]; body?: unknown }; res: Captured }> {
  const req = await c.request(ctx);
  if (c.rateLimit)
    await control.setRateLimit({ api: c.rateLimit, limit: 0, windowMs: 600_000, retryAfter: true });
  let res: Captured;
  try {
    res = await send(target, req);
  } finally {
    if (c.rateLimit) await control.clearRateLimit();
  }
  const exchange = {
    file: target.spec.file,
    path: target.spec.path,
    method: target.method,
    response: { status: res.status, contentType: res.contentType, body: res.body },
  };
  const responseProblems = validateExchange(exchange);
  const request = { body: req.body, contentType: req.contentType ?? 'application/json' };
  const requestProblems =
    req.rawBody === undefined
      ? validateExchange({ ...exchange, request }).filter((p) => !responseProblems.includes(p))
      : [];
  const problems = c.requestViolatesSpec
    ? [
        ...responseProblems,
        ...(requestProblems.length === 0
          ? ['case claims its request violates the spec, but it does not']
          : []),
      ]
    : [...requestProblems, ...responseProblems];
  const outcome = {
    status: res.status,
    problems,
    // Shown only on a status mismatch, where the body explains what happened.
    ...(res.status !== c.status ? { body: res.body } : {}),
  };
  return { outcome, res };
}

/** Ids listed in `all` that have no cases in `tables`: the coverage tests assert this is empty. */
export function uncovered<Id extends string>(
  all: readonly Id[],
  tables: ReadonlyArray<OperationCases<Id, unknown>>,
): Id[] {
  const covered = new Set(tables.filter((t) => t.cases.length > 0).map((t) => t.operationId));
  return all.filter((id) => !covered.has(id));
}
