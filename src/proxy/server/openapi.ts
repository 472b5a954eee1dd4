import { z } from 'zod';
import {
  Account,
  ActionResponse,
  Blocker,
  DeactivateRequest,
  Diagnosis,
  HealthResponse,
  IDP_PROBLEM_TYPES,
  BATCH_PROBLEM_TYPES,
  BatchAccountResult,
  BatchAccountsPage,
  BatchStatus,
  CreateBatchRequest,
  IdpSyncRequest,
  IdpSyncResponse,
  LookupResponse,
  PROBLEM_TYPES,
  ProblemDetails,
  ReactivateRequest,
  ReadyResponse,
  SyncRunStatus,
  ScanItem,
  ScanRequest,
  ScanResponse,
  Candidate,
  CandidatesRequest,
  CandidatesResponse,
  LinkEvidence,
  VerifiedAccount,
  VerifyRequest,
  VerifyResponse,
  ScimLink,
  Step,
  UnlinkRequest,
  UnlockRequest,
  UnlockResponse,
  UpstreamCall,
  Warning,
} from '../../contract/proxy';
import { ROUTES, type RouteDef } from '../../contract/proxy/routes';

export const API_VERSION = '1.0.0';

type JsonSchema = Record<string, unknown>;
type Meta = { id: string };

const REF = (id: string) => `#/components/schemas/${id}`;

/**
 * Component names. Requests are rendered as their input form (defaults optional), responses as their
 * output form (defaults present); the two sets are kept in separate registries so a shared name can
 * never mean two different shapes.
 */
const REQUEST_SCHEMAS: Record<string, z.ZodType> = {
  UnlockRequest,
  UnlinkRequest,
  ReactivateRequest,
  DeactivateRequest,
  ScanRequest,
  CandidatesRequest,
  VerifyRequest,
  IdpSyncRequest,
  CreateBatchRequest,
};
const RESPONSE_SCHEMAS: Record<string, z.ZodType> = {
  Account,
  ScimLink,
  Blocker,
  Warning,
  Diagnosis,
  UpstreamCall,
  Step,
  LookupResponse,
  UnlockResponse,
  BatchStatus,
  BatchAccountResult,
  BatchAccountsPage,
  ActionResponse,
  ScanItem,
  ScanResponse,
  Candidate,
  CandidatesResponse,
  LinkEvidence,
  VerifiedAccount,
  VerifyResponse,
  HealthResponse,
  ReadyResponse,
  IdpSyncResponse,
  SyncRunStatus,
  Problem: ProblemDetails,
};

function clean(schema: unknown): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema as JsonSchema;
  return rest;
}

function components(schemas: Record<string, z.ZodType>, io: 'input' | 'output') {
  const registry = z.registry<Meta>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, { target: 'draft-2020-12', io, uri: REF, unrepresentable: 'throw' });
  return Object.fromEntries(Object.entries(out.schemas).map(([id, s]) => [id, clean(s)]));
}

function idOf(schema: z.ZodType, table: Record<string, z.ZodType>): string {
  const hit = Object.entries(table).find(([, s]) => s === schema);
  if (!hit) throw new Error('route schema is not registered as an OpenAPI component');
  return hit[0];
}

function inline(schema: z.ZodType): JsonSchema {
  return clean(z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }));
}

/** The object shape behind a (possibly refined) query schema, so each field becomes a parameter. */
function queryShape(schema: z.ZodType): Record<string, z.ZodType> {
  const def = schema as unknown as { shape?: Record<string, z.ZodType> };
  if (def.shape) return def.shape;
  throw new Error('query schemas must be zod objects');
}

function unwrapOptional(schema: z.ZodType): { schema: z.ZodType; required: boolean } {
  return schema instanceof z.ZodOptional
    ? { schema: schema.unwrap() as z.ZodType, required: false }
    : { schema, required: true };
}

const PROBLEM_RESPONSES: Record<string, string> = {
  '400': 'The input failed validation (`validation`); `errors` lists each field.',
  '401': 'Missing or invalid bearer token (`unauthorized`); carries WWW-Authenticate.',
  '403': 'Refused by policy (`protected-account`, `directory-not-allowed`).',
  '404': 'No such route (`not-found`).',
  '409': 'An IdP sync is already running on this proxy (`idp-sync-running`).',
  '413': 'The body is too large (`payload-too-large`).',
  '415': 'The body is not JSON (`unsupported-media-type`).',
  '429': 'Too many requests from this caller (`rate-limited`); carries Retry-After.',
  '500': 'Unexpected failure (`internal`); `instance` is the request id.',
  '501': 'IdP offboarding is not configured on this proxy (`idp-not-configured`).',
  '502': 'Atlassian refused a call (`upstream-error`); `upstream` names it.',
  '503': 'Atlassian or the Forge keys are unavailable (`upstream-unavailable`); retry later.',
  '504': 'The request took too long (`timeout`); look the account up before retrying.',
};

function problemRef(code: string) {
  return { $ref: `#/components/responses/Problem${code}` };
}

function operation(id: string, route: RouteDef) {
  const parameters: JsonSchema[] = [];
  for (const [name, schema] of Object.entries(route.pathParams ?? {})) {
    parameters.push({ name, in: 'path', required: true, schema: inline(schema) });
  }
  if (route.query) {
    for (const [name, field] of Object.entries(queryShape(route.query))) {
      const { schema, required } = unwrapOptional(field);
      parameters.push({ name, in: 'query', required, schema: inline(schema) });
    }
  }
  const errorCodes = route.auth
    ? [
        '400',
        '401',
        '403',
        '404',
        ...(id === 'idpSync' || id === 'startIdpRun' ? ['409'] : []),
        '413',
        '415',
        '429',
        '500',
        ...(id === 'idpSync' || id === 'startIdpRun' || id === 'idpRunStatus' ? ['501'] : []),
        '502',
        '503',
        '504',
      ]
    : id === 'ready'
      ? ['503']
      : [];
  const ok = route.response
    ? {
        description: 'OK',
        content: { 'application/json': { schema: { $ref: REF(idOf(route.response, RESPONSE_SCHEMAS)) } } },
      }
    : { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } };
  return {
    operationId: id,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.auth ? { security: [{ bearer: [] }] } : { security: [] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            // These take an empty body (every field has a default).
            required: !['scan', 'scanCandidates', 'idpSync', 'startIdpRun'].includes(id),
            content: { 'application/json': { schema: { $ref: REF(idOf(route.body, REQUEST_SCHEMAS)) } } },
          },
        }
      : {}),
    responses: { '200': ok, ...Object.fromEntries(errorCodes.map((c) => [c, problemRef(c)])) },
  };
}

/** The OpenAPI 3.1 document of the proxy, generated from the contract schemas and the route table. */
export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [id, route] of Object.entries(ROUTES) as [string, RouteDef][]) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(id, route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'SCIM Unlock org-admin proxy',
      version: API_VERSION,
      description:
        'Unlocks Atlassian Cloud accounts that a SCIM identity provider deactivated. Errors are RFC 9457 problem details; their `type` URIs are stable.',
    },
    'x-problem-types': { ...PROBLEM_TYPES, ...IDP_PROBLEM_TYPES, ...BATCH_PROBLEM_TYPES },
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A Forge Invocation Token (RS256 JWT, audience = the app ARI) or a token from PROXY_API_TOKENS.',
        },
      },
      schemas: { ...components(REQUEST_SCHEMAS, 'input'), ...components(RESPONSE_SCHEMAS, 'output') },
      responses: Object.fromEntries(
        Object.entries(PROBLEM_RESPONSES).map(([code, description]) => [
          `Problem${code}`,
          { description, content: { 'application/problem+json': { schema: { $ref: REF('Problem') } } } },
        ]),
      ),
    },
  };
}
