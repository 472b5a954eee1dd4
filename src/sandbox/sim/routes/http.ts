import type { Context } from 'hono';

/** Small request helpers shared by the route modules. */

/** The request body was not JSON or not an object; each API answers this in its own shape. */
export class InvalidBodyError extends Error {
  constructor(detail: string) {
    super(detail);
  }
}

export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/** The JSON body, or `fallback` when the body is empty; InvalidBodyError when it is not JSON. */
export async function readJson(c: Context, fallback?: unknown): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') {
    if (fallback !== undefined) return fallback;
    throw new InvalidBodyError('A JSON request body is required.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidBodyError('The request body is not valid JSON.');
  }
}

export function jsonResponse(body: unknown, status: number, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** The origin the client used, so links in answers point back at this simulator. */
export function originOf(c: Context): string {
  return new URL(c.req.url).origin;
}
