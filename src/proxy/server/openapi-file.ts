import { buildOpenApiDocument } from './openapi';

/** Where the committed copy of the OpenAPI document lives, relative to the repository root. */
export const OPENAPI_DOC_PATH = 'docs/proxy-openapi.json';

/** The document as committed: JSON with a trailing newline (the generator then formats it with Prettier). */
export function openApiJson(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}
