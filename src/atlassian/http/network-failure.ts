/**
 * Classifies what `fetch` threw when no HTTP response arrived. The distinction that matters is whether
 * the request can have reached the server: a refused connection or a failed DNS lookup proves it did
 * not, so even a mutation is not ambiguous; a reset, a closed socket or a timeout proves nothing.
 */

export interface NetworkFailure {
  /** Node / undici error code when one was found (ECONNRESET, UND_ERR_SOCKET, …). */
  code?: string;
  /** True when the request certainly never reached the server. */
  notSent: boolean;
  /** Short description safe to show (redact before use: messages can echo URLs). */
  message: string;
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

function codeOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'code' in value) {
    const code = (value as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

// Duck-typed on purpose: fetch's errors come from Node's internal realm, where `instanceof Error`
// against another realm's Error (Jest's sandbox, vm contexts) is false.
function isErrorLike(value: unknown): value is { message: string; cause?: unknown } {
  return Object.prototype.toString.call(value) === '[object Error]';
}

function messageOf(value: unknown): string | undefined {
  return isErrorLike(value) ? value.message : undefined;
}

/** Walks `cause` chains (undici wraps the socket error in "TypeError: fetch failed"). */
export function classifyNetworkFailure(error: unknown): NetworkFailure {
  let current: unknown = error;
  let code: string | undefined;
  const messages: string[] = [];
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    code ??= codeOf(current);
    const message = messageOf(current);
    if (message && !messages.includes(message)) messages.push(message);
    // AggregateError (happy-eyeballs connect failures) carries the codes on its members.
    const members = (current as { errors?: unknown }).errors;
    if (!code && Array.isArray(members)) code = members.map(codeOf).find((c) => c !== undefined);
    current = isErrorLike(current) ? current.cause : undefined;
  }
  return {
    ...(code ? { code } : {}),
    notSent: code !== undefined && NOT_SENT_CODES.has(code),
    message: messages.join(': ') || 'network error',
  };
}
