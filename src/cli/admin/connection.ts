import { readFileSync } from 'node:fs';
import { CliError } from '../io/errors';
import { EXIT } from '../io/exit-codes';
import type { CliIo } from '../io/terminal';

/** Longer than the proxy's own request deadline (24 s), so the proxy always answers first. */
export const PROXY_REQUEST_TIMEOUT_MS = 30_000;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface ProxyConnection {
  /** No trailing slash. */
  url: string;
  token: string;
}

/**
 * SCIM_UNLOCK_URL and SCIM_UNLOCK_TOKEN (or SCIM_UNLOCK_TOKEN_FILE, a file holding it): the proxy and one
 * of its PROXY_API_TOKENS. The token is a bearer credential, so plain http is refused except on loopback,
 * and no message ever repeats it.
 */
export function connectionFromEnv(
  env: CliIo['env'],
  readText: (file: string) => string = (f) => readFileSync(f, 'utf8'),
): ProxyConnection {
  const rawUrl = env.SCIM_UNLOCK_URL?.trim();
  if (!rawUrl) {
    throw new CliError(
      'SCIM_UNLOCK_URL is not set.',
      ['Set it to the proxy’s address, e.g. SCIM_UNLOCK_URL=https://scim-unlock.example.com'],
      EXIT.usage,
    );
  }
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new CliError('SCIM_UNLOCK_URL is not a URL.', [], EXIT.usage);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new CliError(
      'SCIM_UNLOCK_URL must be an https URL (http only for 127.0.0.1 or localhost).',
      ['The token travels with every request; over plain http anyone on the path could read it.'],
      EXIT.usage,
    );
  }
  const direct = env.SCIM_UNLOCK_TOKEN?.trim();
  const file = env.SCIM_UNLOCK_TOKEN_FILE?.trim();
  if (direct && file) {
    throw new CliError('Set SCIM_UNLOCK_TOKEN or SCIM_UNLOCK_TOKEN_FILE, not both.', [], EXIT.usage);
  }
  let token = direct;
  if (file) {
    try {
      token = readText(file).trim();
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      throw new CliError(
        `SCIM_UNLOCK_TOKEN_FILE could not be read${typeof code === 'string' ? ` (${code})` : ''}.`,
        [],
        EXIT.usage,
      );
    }
  }
  if (!token) {
    throw new CliError(
      'No token: set SCIM_UNLOCK_TOKEN_FILE (or SCIM_UNLOCK_TOKEN).',
      ['Use one of the proxy’s PROXY_API_TOKENS; its name is what the audit records as the actor.'],
      EXIT.usage,
    );
  }
  return { url: rawUrl.replace(/\/+$/, ''), token };
}
