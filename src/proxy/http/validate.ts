import type { Context } from 'hono';
import { z } from 'zod';
import { UnsupportedMediaTypeProblem, ValidationProblem, type InputLocation } from './problems';

export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: InputLocation,
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw ValidationProblem.fromZod(result.error, where);
  return result.data;
}

/**
 * Reads a JSON body. An empty body counts as `{}` so `POST .../scan` works without one; anything that is
 * not JSON is a 400 (the parser's message is not echoed: it can quote the input).
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) throw new UnsupportedMediaTypeProblem();
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationProblem([{ path: 'body', code: 'invalid_json', message: 'is not valid JSON' }]);
  }
}

/** Query parameters as a plain object; a repeated parameter stays an array so the schema rejects it. */
export function queryObject(c: Context): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, values] of Object.entries(c.req.queries())) {
    out[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return out;
}

/** A path parameter, already percent-decoded by the router, checked against its pattern. */
export function pathParam<S extends z.ZodType>(c: Context, name: string, schema: S): z.output<S> {
  const parsed = parseInput(z.object({ [name]: schema }), { [name]: c.req.param(name) }, 'path');
  return (parsed as Record<string, z.output<S>>)[name] as z.output<S>;
}

export type { InputLocation };
