/**
 * Path templates with `{name}` placeholders, typed: `PathParams<'/users/{id}/x'>` is `{ id: string }`,
 * so a table entry (the proxy's routes, the upstream operations) fixes at compile time which
 * parameters a caller must give, and renaming a placeholder fails every caller that used the old name.
 * Filling encodes each value as one path segment; the runtime checks stay for callers whose template
 * is only known as `string`.
 */

/** The placeholder names of a template literal type; `never` when it has none. */
export type PlaceholderNames<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholderNames<Rest>
  : never;

/** One value per placeholder. A template typed only as `string` gives an open record. */
export type PathParams<T extends string, V = string> = string extends T
  ? Readonly<Record<string, V>>
  : { readonly [K in PlaceholderNames<T>]: V };

/** A missing or unexpected parameter: a caller bug the types normally catch first. */
export class PathTemplateError extends Error {
  override readonly name = 'PathTemplateError';
  constructor(
    readonly template: string,
    readonly missing: readonly string[],
    readonly unexpected: readonly string[],
  ) {
    const parts = [
      ...(missing.length > 0 ? [`missing ${missing.join(', ')}`] : []),
      ...(unexpected.length > 0 ? [`unexpected ${unexpected.join(', ')}`] : []),
    ];
    super(`path ${template}: ${parts.join('; ')}`);
  }
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** The template with `{name}` rewritten by `rename` (e.g. Hono's `:name`). */
export function mapPlaceholders(template: string, rename: (name: string) => string): string {
  return template.replace(PLACEHOLDER, (_m, name: string) => rename(name));
}

/**
 * Fills every placeholder with its value percent-encoded as one segment (`/` becomes `%2F`), so no
 * value can change which resource is addressed. Throws PathTemplateError when a placeholder has no
 * value or a value has no placeholder.
 */
export function fillPath<T extends string>(template: T, params: PathParams<T>): string {
  const values = params as Readonly<Record<string, string | undefined>>;
  const names = placeholdersOf(template);
  const missing = names.filter((n) => values[n] === undefined);
  const unexpected = Object.keys(values).filter((k) => !names.includes(k));
  if (missing.length > 0 || unexpected.length > 0) throw new PathTemplateError(template, missing, unexpected);
  return mapPlaceholders(template, (name) => encodeURIComponent(values[name] as string));
}
