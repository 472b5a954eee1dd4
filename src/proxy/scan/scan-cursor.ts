import { ValidationProblem } from '../http/problems';

/**
 * The scan's page token wraps the Org API's cursor. Atlassian's cursors are opaque and may contain any
 * character; base64url keeps the token within the contract's cursor alphabet whatever they hold, and the
 * version prefix lets the format change without misreading old tokens.
 */
const PREFIX = 'v1.';
/** Printable ASCII without spaces: what an Org cursor is made of; anything else was not issued by us. */
const ORG_CURSOR = /^[\x21-\x7e]{1,1500}$/;

export function encodeScanCursor(orgCursor: string): string {
  return PREFIX + Buffer.from(orgCursor, 'utf8').toString('base64url');
}

/** The Org cursor inside a token; a token this proxy cannot have issued is refused before any call. */
export function decodeScanCursor(token: string): string {
  const body = token.startsWith(PREFIX) ? token.slice(PREFIX.length) : null;
  const decoded =
    body !== null && /^[A-Za-z0-9_-]+$/.test(body) ? Buffer.from(body, 'base64url').toString('utf8') : '';
  if (!ORG_CURSOR.test(decoded) || encodeScanCursor(decoded) !== token) {
    throw new ValidationProblem([
      { path: 'body.cursor', code: 'invalid_cursor', message: 'is not a cursor issued by this proxy' },
    ]);
  }
  return decoded;
}
