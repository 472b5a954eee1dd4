/**
 * Redaction of credentials in strings and structured values.
 *
 * Every error message, log line and error cause that leaves the Atlassian layer passes through here,
 * because upstream bodies, URLs and thrown network errors can echo what we sent. Two mechanisms work
 * together: pattern rules (bearer/basic schemes, Authorization headers, secret-named URL parameters,
 * URL userinfo, JWTs, Atlassian token prefixes) and exact values the caller knows are secret (the keys
 * it was configured with), so a key with no recognisable shape is still caught.
 */

export const REDACTED = '[REDACTED]';

/** Object keys whose values are always secret, whatever their content. */
const SECRET_KEY =
  /authorization|cookie|passw(or)?d|secret|token|api[-_]?key|scim[-_]?keys?|private[-_]?key|access[-_]?key|credential/i;

/** URL query / form parameter names whose values are secret. */
const SECRET_PARAM =
  /^(access[-_]?token|refresh[-_]?token|id[-_]?token|token|api[-_]?key|apikey|key|secret|client[-_]?secret|password|sig|signature|jwt|auth)$/i;

interface PatternRule {
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

// Order matters: header-shaped rules run before the bare-scheme rule so "Authorization: Bearer x"
// is reported once, as a header.
const PATTERN_RULES: readonly PatternRule[] = [
  {
    // "Authorization: <anything up to end of line / quote / comma>" in log lines and dumped headers.
    pattern: /\b((?:proxy-)?authorization)(["']?\s*[:=]\s*["']?)([^"'\r\n,}]+)/gi,
    replace: (_m, name, sep) => `${name}${sep}${REDACTED}`,
  },
  {
    pattern: /\b(bearer|basic)\s+[A-Za-z0-9\-._~+/]+=*/gi,
    replace: (_m, scheme) => `${scheme} ${REDACTED}`,
  },
  {
    // userinfo in URLs: scheme://user:password@host
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi,
    replace: (_m, scheme) => `${scheme}${REDACTED}@`,
  },
  {
    // secret-named query parameters: ?token=…&api_key=…
    pattern: /([?&;])([^=&\s#]+)=([^&\s#"']*)/g,
    replace: (m, lead, name, value) =>
      (SECRET_PARAM.test(name) || SECRET_KEY.test(name)) && value !== '' ? `${lead}${name}=${REDACTED}` : m,
  },
  {
    // JSON Web Tokens (e.g. Forge Invocation Tokens).
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
    replace: () => REDACTED,
  },
  {
    // Atlassian API tokens and admin API keys share an "AT..T" prefix (ATATT…, ATCTT…).
    pattern: /\bAT[A-Z]{2}T[A-Za-z0-9_\-=]{16,}/g,
    replace: () => REDACTED,
  },
];

export interface Redactor {
  /** Redacts a string: known secret values first, then pattern rules. */
  string(input: string): string;
  /** Deep-copies a value with secret-named keys replaced and every string redacted. */
  value(input: unknown): unknown;
  /** A redactor that additionally knows these secret values. */
  with(secrets: Iterable<string | undefined>): Redactor;
}

// Very short "secrets" would turn every message into confetti; real keys are far longer.
const MIN_SECRET_LENGTH = 6;

function normaliseSecrets(secrets: Iterable<string | undefined>): string[] {
  const unique = new Set<string>();
  for (const s of secrets) {
    if (typeof s === 'string' && s.length >= MIN_SECRET_LENGTH) unique.add(s);
  }
  // Longest first so a secret containing another is replaced whole.
  return [...unique].sort((a, b) => b.length - a.length);
}

function redactStringWith(input: string, secrets: readonly string[]): string {
  let out = input;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    // A secret may also appear URL-encoded (in a query string or an echoed URL).
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(REDACTED);
  }
  for (const rule of PATTERN_RULES) {
    out = out.replace(rule.pattern, rule.replace as (substring: string, ...args: unknown[]) => string);
  }
  return out;
}

function redactValueWith(input: unknown, secrets: readonly string[], seen: WeakSet<object>): unknown {
  if (typeof input === 'string') return redactStringWith(input, secrets);
  if (input === null || typeof input !== 'object') return input;
  if (seen.has(input)) return '[Circular]';
  seen.add(input);

  // toString tag rather than instanceof: errors thrown by fetch come from another realm under Jest/vm.
  if (Object.prototype.toString.call(input) === '[object Error]') {
    const error = input as Error;
    // Errors that describe themselves (the Atlassian error family) keep their structured fields.
    const toJSON = (error as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const described: unknown = toJSON.call(error);
      if (described !== null && typeof described === 'object') {
        const { stack: _stack, ...rest } = described as Record<string, unknown>;
        return redactValueWith({ name: error.name, message: error.message, ...rest }, secrets, seen);
      }
    }
    // Stack traces are dropped on purpose: they leak paths and are noise in operator logs.
    const out: Record<string, unknown> = {
      name: error.name,
      message: redactStringWith(error.message, secrets),
    };
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') out.code = code;
    if (error.cause !== undefined) out.cause = redactValueWith(error.cause, secrets, seen);
    return out;
  }
  if (typeof Headers !== 'undefined' && input instanceof Headers) {
    const out: Record<string, string> = {};
    input.forEach((value, name) => {
      out[name] = SECRET_KEY.test(name) ? REDACTED : redactStringWith(value, secrets);
    });
    return out;
  }
  if (input instanceof URL) return redactStringWith(input.toString(), secrets);
  if (Array.isArray(input)) return input.map((item) => redactValueWith(item, secrets, seen));
  if (input instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of input) {
      const key = String(k);
      out[key] = SECRET_KEY.test(key) ? REDACTED : redactValueWith(v, secrets, seen);
    }
    return out;
  }

  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    out[key] =
      SECRET_KEY.test(key) && value !== undefined && value !== null
        ? REDACTED
        : redactValueWith(value, secrets, seen);
  }
  return out;
}

export function createRedactor(secrets: Iterable<string | undefined> = []): Redactor {
  const known = normaliseSecrets(secrets);
  return {
    string: (input) => redactStringWith(input, known),
    value: (input) => redactValueWith(input, known, new WeakSet()),
    with: (more) => createRedactor([...known, ...more]),
  };
}

const patternsOnly = createRedactor();

/** Redacts a string using pattern rules only (no known secret values). */
export function redactString(input: string): string {
  return patternsOnly.string(input);
}

/** Redacts a structured value using key names and pattern rules (no known secret values). */
export function redactValue(input: unknown): unknown {
  return patternsOnly.value(input);
}

/** Whether an object key names a secret (used by loggers that build their own structures). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * A URL safe to show: userinfo removed, secret-named query parameters and known secrets masked.
 * Non-URL input is redacted as a plain string.
 */
export function redactUrl(url: string, redactor: Redactor = patternsOnly): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
    }
    return redactor.string(parsed.toString());
  } catch {
    return redactor.string(url);
  }
}
