import type { SimApi } from '../control/schemas';

/** Each Atlassian API answers errors in its own shape; these build them (docs §1.5, §3.5, §4.2). */

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export function scimError(status: number, detail: string, scimType?: ScimType) {
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(status),
    ...(scimType ? { scimType } : {}),
    detail,
  };
}

let traceCounter = 0;
/** The SCIM APIs' 401/403 `Failure` body; trace ids count up so answers stay reproducible. */
export function scimFailure(error: string) {
  traceCounter += 1;
  return { error, traceId: traceCounter.toString(16).padStart(16, '0') };
}

export function orgErrors(status: number, code: string, title: string, detail: string) {
  return { errors: [{ id: `sim-${code}`, status: String(status), code, title, detail }] };
}

/** Org API 401/429 come from the gateway in `ProxyError` shape. */
export function orgProxyError(code: number, message: string) {
  return { code, message };
}

export function umError(key: string, context?: unknown) {
  return context === undefined ? { key } : { key, context };
}

/** The body an injected fault status carries, in the shape the family would really send. */
export function faultBody(api: SimApi, status: number): unknown {
  const detail = status === 429 ? 'Rate limit exceeded' : 'Service temporarily unavailable (simulated)';
  switch (api) {
    case 'org':
      return status === 429 ? orgProxyError(429, detail) : orgErrors(status, 'ADMIN-500-1', 'Error', detail);
    case 'scim':
    case 'scimLinks':
      return scimError(status, detail);
    case 'userManagement':
      return umError(status === 429 ? 'tooManyRequests' : 'internalServerError');
    case 'jira':
      return { errorMessages: [detail], errors: {} };
    case 'keycloak':
      return { error: status === 429 ? 'too_many_requests' : 'unknown_error', error_description: detail };
  }
}
