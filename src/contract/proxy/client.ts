import type { z } from 'zod';
import { fillPath, placeholdersOf, type PlaceholderNames } from '../../lib/path-template';
import { ProblemDetails } from './problems';
import { ROUTES, type RouteDef, type RouteId } from './routes';

/**
 * A typed client of the proxy, derived from the route table: one method per authenticated route that
 * declares a response, named by its ROUTES key, taking `{ path, query, body }` inferred from the route's
 * schemas and resolving to the route's parsed response. Adding a route to ROUTES adds its method; no
 * path is written by hand. How bytes travel (Forge Remote, fetch with a token) is the transport's
 * business, so the Forge app and the CLI share everything else.
 */

export interface ProxyTransportRequest {
  method: 'GET' | 'POST';
  /** Path and query, e.g. `/v1/accounts/5b10%3Aa/unlock` or `/v1/accounts/lookup?email=…`. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export type ProxyTransport = (
  req: ProxyTransportRequest,
) => Promise<{ status: number; text(): Promise<string> }>;

type Routes = typeof ROUTES;

/** Routes the client calls: authenticated, with a declared response. */
export type ProxyRouteId = {
  [K in RouteId]: Routes[K] extends { auth: true; response: z.ZodType } ? K : never;
}[RouteId];

/**
 * Routes whose `pathParams` keys differ from their template's placeholders: the proxy would validate
 * one name and route another. The assertion below names them in the compile error.
 */
type RoutesWithMismatchedParams = {
  [K in RouteId]: [PlaceholderNames<Routes[K]['path']>] extends [never]
    ? Routes[K] extends { pathParams: object }
      ? K
      : never
    : Routes[K] extends { pathParams: infer S }
      ? [keyof S] extends [PlaceholderNames<Routes[K]['path']>]
        ? [PlaceholderNames<Routes[K]['path']>] extends [keyof S]
          ? never
          : K
        : K
      : K;
}[RouteId];
export const ROUTE_PATH_PARAMS_AGREE: [RoutesWithMismatchedParams] extends [never]
  ? true
  : RoutesWithMismatchedParams = true;

type PathInput<R> = R extends { path: infer P extends string }
  ? [PlaceholderNames<P>] extends [never]
    ? { path?: never }
    : {
        path: {
          readonly [K in PlaceholderNames<P>]: R extends { pathParams: infer S }
            ? K extends keyof S
              ? S[K] extends z.ZodType
                ? z.input<S[K]>
                : string
              : string
            : string;
        };
      }
  : never;
type QueryInput<R> = R extends { query: infer Q extends z.ZodType }
  ? { query: z.input<Q> }
  : { query?: never };
type BodyInput<R> = R extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: never };

/** What a call of route K takes: its path placeholders, query and body, as the proxy accepts them. */
export type ProxyRouteInput<K extends ProxyRouteId> = PathInput<Routes[K]> &
  QueryInput<Routes[K]> &
  BodyInput<Routes[K]>;

/** What a call of route K resolves to: the route's response after the contract parsed it. */
export type ProxyRouteOutput<K extends ProxyRouteId> = Routes[K] extends {
  response: infer S extends z.ZodType;
}
  ? z.output<S>
  : never;

export type ProxyClient = {
  readonly [K in ProxyRouteId]: Partial<ProxyRouteInput<K>> extends ProxyRouteInput<K>
    ? (input?: ProxyRouteInput<K>) => Promise<ProxyRouteOutput<K>>
    : (input: ProxyRouteInput<K>) => Promise<ProxyRouteOutput<K>>;
};

/** Every failure the client itself raises; transport failures pass through as the transport threw them. */
export abstract class ProxyClientError extends Error {
  abstract readonly kind: 'problem' | 'format' | 'input';
  constructor(
    readonly route: ProxyRouteId,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A non-2xx answer. `problem` is the body when it is RFC 9457 problem details by the contract, else
 * undefined (a gateway's HTML page, an empty body); branch on `problem.type`, never on its wording.
 */
export class ProxyProblemError extends ProxyClientError {
  override readonly name = 'ProxyProblemError';
  readonly kind = 'problem';
  constructor(
    route: ProxyRouteId,
    readonly status: number,
    readonly problem: ProblemDetails | undefined,
  ) {
    super(route, `proxy ${route}: HTTP ${status}${problem === undefined ? '' : ` (${problem.type})`}`);
  }
}

/** A 2xx answer the route's response schema refuses (or that is not JSON): proxy and client disagree. */
export class ProxyResponseFormatError extends ProxyClientError {
  override readonly name = 'ProxyResponseFormatError';
  readonly kind = 'format';
  constructor(
    route: ProxyRouteId,
    readonly status: number,
    /** Field paths and zod codes only: never the values, which may be personal data. */
    readonly issues: readonly string[],
  ) {
    super(route, `proxy ${route}: HTTP ${status} answer does not match the contract`);
  }
}

/** A path value its schema refuses: it never becomes part of a URL, and nothing is sent. */
export class ProxyInputError extends ProxyClientError {
  override readonly name = 'ProxyInputError';
  readonly kind = 'input';
  constructor(
    route: ProxyRouteId,
    readonly issues: readonly string[],
  ) {
    super(route, `proxy ${route}: invalid path parameter (${issues.join('; ')})`);
  }
}

/** JSON text to a value; undefined for an empty or malformed body (the schema then decides). */
export function parseJsonText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function issueList(error: z.ZodError, prefix: string): string[] {
  return error.issues.slice(0, 20).map((i) => `${[prefix, ...i.path.map(String)].join('.')}: ${i.code}`);
}

type QueryScalar = string | number | boolean;

function queryString(route: ProxyRouteId, query: unknown): string {
  if (query === undefined || query === null) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (value === undefined) continue;
    for (const v of (Array.isArray(value) ? value : [value]) as unknown[]) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        throw new ProxyInputError(route, [`query.${key}: not a scalar`]);
      }
      params.append(key, String(v as QueryScalar));
    }
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function routePath(id: ProxyRouteId, route: RouteDef, path: unknown): string {
  const given = (path ?? {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  const issues: string[] = [];
  for (const name of placeholdersOf(route.path)) {
    // The schema check is the last one before a value becomes part of a URL.
    const schema = route.pathParams?.[name];
    const parsed = schema ? schema.safeParse(given[name]) : undefined;
    if (parsed && !parsed.success) issues.push(...issueList(parsed.error, `path.${name}`));
    const value = parsed?.success ? parsed.data : given[name];
    if (typeof value === 'string') values[name] = value;
    else if (!parsed || parsed.success) issues.push(`path.${name}: expected a string`);
  }
  for (const name of Object.keys(given)) {
    if (!(name in values) && !issues.some((i) => i.startsWith(`path.${name}:`))) {
      issues.push(`path.${name}: not a placeholder of ${route.path}`);
    }
  }
  if (issues.length > 0) throw new ProxyInputError(id, issues);
  return fillPath(route.path, values);
}

interface RawInput {
  path?: unknown;
  query?: unknown;
  body?: unknown;
}

async function callRoute(transport: ProxyTransport, id: ProxyRouteId, input: RawInput): Promise<unknown> {
  const route: RouteDef = ROUTES[id];
  const response = route.response as z.ZodType;
  const path = `${routePath(id, route, input.path)}${queryString(id, input.query)}`;
  const hasBody = route.body !== undefined && input.body !== undefined;
  const res = await transport({
    method: route.method,
    path,
    headers: {
      accept: 'application/json, application/problem+json',
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
    },
    ...(hasBody ? { body: JSON.stringify(input.body) } : {}),
  });
  const json = parseJsonText(await res.text());
  if (res.status < 200 || res.status > 299) {
    const problem = ProblemDetails.safeParse(json);
    throw new ProxyProblemError(id, res.status, problem.success ? problem.data : undefined);
  }
  const parsed = response.safeParse(json);
  if (!parsed.success) {
    throw new ProxyResponseFormatError(
      id,
      res.status,
      json === undefined ? ['body: not JSON'] : issueList(parsed.error, 'body'),
    );
  }
  return parsed.data;
}

function isClientRoute(route: RouteDef): boolean {
  return route.auth && route.response !== undefined;
}

/** The routes the client has a method for, in table order. */
export const PROXY_CLIENT_ROUTES = (Object.keys(ROUTES) as RouteId[]).filter((id) =>
  isClientRoute(ROUTES[id]),
) as ProxyRouteId[];

export function createProxyClient(transport: ProxyTransport): ProxyClient {
  const client: Record<string, (input?: RawInput) => Promise<unknown>> = {};
  for (const id of PROXY_CLIENT_ROUTES) {
    client[id] = (input) => callRoute(transport, id, input ?? {});
  }
  return client as ProxyClient;
}
