/**
 * Turns an upstream error body into one uniform shape, whatever the API family wrote.
 *
 * Each Atlassian admin API has its own error dialect (see docs/atlassian-admin-apis.md §1.5, §3.5, §4.2,
 * §5). Callers need only three things to decide what to do: a machine code, a more specific reason
 * (user-management's `context.reason.key`, e.g. `externalDirectory.scim`) and a human detail. Shapes
 * are recognised with zod, most specific first; anything unrecognised becomes a truncated detail.
 */
import { z } from 'zod';
import { clip } from '../lib/clip';

export interface ParsedErrorBody {
  /** Machine-readable code: SCIM `scimType`, Org `errors[0].code`, UM `key`, … */
  code?: string;
  /** A more specific reason: UM `context.reason.key`, or the first lifecycle error code on a 409. */
  reason?: string;
  /** Human-readable explanation, already truncated (never a raw body). */
  detail?: string;
  /** Upstream correlation id (`traceId`, `requestId`, Org error `id`) when the body carries one. */
  requestId?: string;
}

/** Longest detail kept from a body; long bodies are usually HTML error pages or stack dumps. */
export const MAX_DETAIL_LENGTH = 300;

export function truncate(text: string, max = MAX_DETAIL_LENGTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return clip(flat, max);
}

const str = z.string();

// SCIM 2.0 error (RFC 7644 §3.12): status is a string in Atlassian's bodies.
const scimError = z.looseObject({
  schemas: z.array(str).optional(),
  status: z.union([str, z.number()]).optional(),
  scimType: str.optional(),
  detail: str.optional(),
});

// SCIM `Failure` for 401/403.
const scimFailure = z.looseObject({ error: str, traceId: str.optional() });

// Org v2 `Errors` and v1 `ApplicationError` lists.
const orgErrors = z.looseObject({
  errors: z
    .array(
      z.looseObject({
        id: str.optional(),
        status: z.union([str, z.number()]).optional(),
        code: str.optional(),
        title: str.optional(),
        detail: str.optional(),
      }),
    )
    .min(1),
});

// Org `ProxyError` for 401/429: code is the HTTP status as a number.
const proxyError = z.looseObject({ code: z.number(), message: str });

// Org `NoPermsError` (Spring-style body).
const noPermsError = z.looseObject({
  status: z.number(),
  error: str.optional(),
  message: str.optional(),
  path: str.optional(),
  requestId: str.optional(),
  timestamp: str.optional(),
});

const reasonHolder = z.looseObject({ reason: z.looseObject({ key: str }).optional() });

// User-management `{key, context?}`, with the observed `errorKey`/`errorDetail` duplicates.
const umError = z.union([
  z.looseObject({ key: str, context: z.unknown().optional(), errorDetail: z.unknown().optional() }),
  z.looseObject({ errorKey: str, errorDetail: z.unknown().optional() }),
]);

const lifecycleContext = z.looseObject({
  message: str.optional(),
  accountId: str.optional(),
  errorCodes: z.array(z.looseObject({ code: str, message: str.optional(), link: str.optional() })).optional(),
});

const unclaimedDomainContext = z.looseObject({ domain: str });

// SCIM group PUT 400: a serialised Java exception. Only its message is worth anything.
const badRequestException = z.looseObject({
  responseStatus: str.optional(),
  scimErrorType: str.optional(),
  message: str.optional(),
});

function compact(parsed: ParsedErrorBody): ParsedErrorBody {
  const out: ParsedErrorBody = {};
  if (parsed.code) out.code = parsed.code;
  if (parsed.reason) out.reason = parsed.reason;
  if (parsed.detail) out.detail = truncate(parsed.detail);
  if (parsed.requestId) out.requestId = parsed.requestId;
  return out;
}

function joinDetail(...parts: Array<string | undefined>): string | undefined {
  const kept = parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '');
  return kept.length > 0 ? kept.join(': ') : undefined;
}

function parseUm(body: z.infer<typeof umError>): ParsedErrorBody {
  const code = 'key' in body && typeof body.key === 'string' ? body.key : (body.errorKey as string);
  const context = 'context' in body ? body.context : undefined;
  const reasonFrom = (v: unknown): string | undefined => {
    const r = reasonHolder.safeParse(v);
    return r.success ? r.data.reason?.key : undefined;
  };
  const reason = reasonFrom(context) ?? reasonFrom(body.errorDetail);

  const lifecycle = lifecycleContext.safeParse(context);
  if (lifecycle.success && lifecycle.data.errorCodes && lifecycle.data.errorCodes.length > 0) {
    const codes = lifecycle.data.errorCodes;
    const listed = codes.map((c) => (c.message ? `${c.code} (${c.message})` : c.code)).join(', ');
    return { code, reason: codes[0]?.code, detail: joinDetail(lifecycle.data.message, listed) };
  }
  const domain = unclaimedDomainContext.safeParse(context);
  if (domain.success) return { code, detail: `domain ${domain.data.domain}` };
  return { code, reason, detail: lifecycle.success ? lifecycle.data.message : undefined };
}

/** Recognises a parsed JSON error body. Unknown JSON yields `{}` (callers still have the status). */
export function parseErrorJson(json: unknown): ParsedErrorBody {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return {};

  const org = orgErrors.safeParse(json);
  if (org.success) {
    const first = org.data.errors[0];
    return compact({
      code: first?.code,
      detail: joinDetail(first?.title, first?.detail),
      requestId: first?.id,
    });
  }

  const um = umError.safeParse(json);
  if (um.success) return compact(parseUm(um.data));

  const bre = badRequestException.safeParse(json);
  if (bre.success && (bre.data.responseStatus !== undefined || bre.data.scimErrorType !== undefined)) {
    return compact({ code: bre.data.scimErrorType, detail: bre.data.message });
  }

  const scim = scimError.safeParse(json);
  if (scim.success && (scim.data.scimType !== undefined || scim.data.detail !== undefined)) {
    return compact({ code: scim.data.scimType, detail: scim.data.detail });
  }

  // Before the SCIM Failure shape: both carry `error`, only NoPermsError a numeric `status`.
  const noPerms = noPermsError.safeParse(json);
  if (noPerms.success) {
    return compact({
      code: noPerms.data.error,
      detail: noPerms.data.message,
      requestId: noPerms.data.requestId,
    });
  }

  const failure = scimFailure.safeParse(json);
  if (failure.success) return compact({ detail: failure.data.error, requestId: failure.data.traceId });

  const proxy = proxyError.safeParse(json);
  if (proxy.success) return compact({ detail: proxy.data.message });

  return {};
}

/**
 * Parses a raw error body. Non-JSON text (HTML error pages, plain text from a gateway) becomes a
 * truncated detail so a person still sees something useful.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  try {
    return parseErrorJson(JSON.parse(trimmed));
  } catch {
    // An HTML page says nothing a person can act on beyond the status line.
    if (/^<(!doctype|html)/i.test(trimmed)) return {};
    return { detail: truncate(trimmed) };
  }
}
