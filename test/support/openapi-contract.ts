/**
 * Checks a real HTTP exchange against one operation of an OpenAPI 3.0 document.
 *
 * The documents are Atlassian's published specs, vendored in spec/atlassian/ (its README says where each
 * came from), plus the docs-derived document in ./docs-shapes. A check
 * returns human-readable problems; an empty list means the exchange matches the spec. Misuse of
 * the harness itself (unknown file, path or method; a schema using a format nobody defined) throws
 * ContractSetupError instead, so a broken check can never pass as "no problems".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OperationDef } from '../../src/atlassian/operations';
import { DOCS_SPEC_FILE, docsSpecDocument } from './docs-shapes';

export const SPECS_DIR = path.resolve(__dirname, '../../spec/atlassian');

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ExchangeToCheck {
  /** A file in SPECS_DIR, or DOCS_SPEC_FILE. */
  file: string;
  /** The spec's path template, e.g. `/scim/directory/{directoryId}/Users`. */
  path: string;
  method: HttpMethod;
  /** Omit to skip request checks; `body: undefined` means "sent without a body". */
  request?: { body: unknown; contentType?: string };
  /** `body` is the parsed body, or undefined when the response had none. */
  response: { status: number; contentType?: string; body: unknown };
}

export class ContractSetupError extends Error {
  constructor(
    message: string,
    readonly context: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ContractSetupError';
  }
}

/** Where an operation of src/atlassian/operations.ts is specified, for validateExchange. */
export function specLocation(op: OperationDef): { file: string; path: string } {
  return op.spec.kind === 'openapi'
    ? { file: op.spec.file, path: op.spec.path }
    : { file: DOCS_SPEC_FILE, path: op.path };
}

type Json = Record<string, unknown>;

interface LoadedSpec {
  file: string;
  id: string;
  doc: Json;
  ajv: Ajv;
  validators: Map<string, ValidateFunction>;
  warnings: string[];
}

const loaded = new Map<string, LoadedSpec>();
const inlineDocuments = new Map<string, unknown>([[DOCS_SPEC_FILE, docsSpecDocument]]);

/** Makes an in-memory document available under `name` (the harness's own tests use this). */
export function registerSpecDocument(name: string, doc: unknown): void {
  if (inlineDocuments.has(name) || loaded.has(name)) {
    throw new ContractSetupError('a spec with this name is already registered', { name });
  }
  inlineDocuments.set(name, doc);
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * OpenAPI 3.0 differs from the JSON Schema draft ajv speaks in two ways these specs rely on:
 * `$ref` siblings are ignored (the SCIM spec puts `type`/`value` beside refs), and `nullable`
 * may sit beside a `$ref` or without `type`, which ajv's own `nullable` support rejects.
 */
function toAjvDialect(node: unknown, key?: string, parentKey?: string): unknown {
  if (Array.isArray(node)) return node.map((n) => toAjvDialect(n));
  if (!isObject(node)) return node;
  // Examples are data, not schemas: leave them untouched (unless "example" is a property name).
  if ((key === 'example' || key === 'examples') && parentKey !== 'properties') return node;
  if (typeof node.$ref === 'string') {
    const ref = { $ref: node.$ref };
    return node.nullable === true ? { anyOf: [ref, { type: 'null' }] } : ref;
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = toAjvDialect(v, k, key);
  // Spec defect: the user-management spec's AccountId pattern ends in a newline (a YAML block
  // scalar artifact), so no account id matches it — not even the spec's own example
  // "557057:4f9acfd2-…"; docs §4.2 shows plain ids in its 409 body. Only that artifact is removed.
  if (typeof out.pattern === 'string' && out.pattern.endsWith('\n')) out.pattern = out.pattern.slice(0, -1);
  if (out.nullable === true && out.type === undefined) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

function loadSpec(file: string): LoadedSpec {
  const cached = loaded.get(file);
  if (cached) return cached;
  let raw: unknown;
  if (inlineDocuments.has(file)) {
    raw = inlineDocuments.get(file);
  } else {
    if (file.includes('/') || file.includes('\\')) {
      throw new ContractSetupError('spec file must be a bare file name', { file });
    }
    try {
      raw = JSON.parse(readFileSync(path.join(SPECS_DIR, file), 'utf8'));
    } catch {
      throw new ContractSetupError('cannot read spec file', { file, dir: SPECS_DIR });
    }
  }
  if (!isObject(raw) || typeof raw.openapi !== 'string' || !raw.openapi.startsWith('3.0')) {
    throw new ContractSetupError('not an OpenAPI 3.0 document', { file });
  }
  const doc = toAjvDialect(raw) as Json;
  const warnings: string[] = [];
  const ajv = new Ajv({
    // The specs carry x-*, example, xml, discriminator-with-mapping and other keywords ajv does
    // not know; strict mode would refuse them. Unknown formats are caught via the logger instead.
    strict: false,
    allErrors: true,
    validateSchema: false,
    logger: {
      log: () => undefined,
      warn: (...args: unknown[]) => warnings.push(args.map(String).join(' ')),
      error: (...args: unknown[]) => warnings.push(args.map(String).join(' ')),
    },
  });
  addFormats(ajv);
  // OpenAPI's numeric formats (and the org spec's non-standard "int").
  const integer = (min: number, max: number) => (n: number) => Number.isInteger(n) && n >= min && n <= max;
  ajv.addFormat('int32', { type: 'number', validate: integer(INT32.min, INT32.max) });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('int', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('float', { type: 'number', validate: () => true });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  const id = `https://specs.invalid/${encodeURIComponent(file)}`;
  ajv.addSchema(doc, id);
  const spec: LoadedSpec = { file, id, doc, ajv, validators: new Map(), warnings };
  loaded.set(file, spec);
  return spec;
}

const pointerOf = (segments: string[]): string =>
  segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

function compileAt(spec: LoadedSpec, segments: string[]): ValidateFunction {
  const pointer = pointerOf(segments);
  const hit = spec.validators.get(pointer);
  if (hit) return hit;
  spec.warnings.length = 0;
  const validate = spec.ajv.compile({ $ref: `${spec.id}#/${pointer}` });
  const unknownFormat = spec.warnings.find((w) => w.includes('unknown format'));
  if (unknownFormat) {
    throw new ContractSetupError('schema uses a format the harness does not define', {
      file: spec.file,
      at: `/${segments.join('/')}`,
      warning: unknownFormat,
    });
  }
  spec.validators.set(pointer, validate);
  return validate;
}

/** Follows local `$ref`s (e.g. '#/components/responses/Forbidden.Action') to the object and its location. */
function resolveLocal(spec: LoadedSpec, node: unknown, at: string[]): { node: Json; at: string[] } {
  let current = node;
  let location = at;
  for (let hops = 0; hops < 10; hops += 1) {
    if (!isObject(current))
      throw new ContractSetupError('expected an object', { at: `/${location.join('/')}` });
    const ref = current.$ref;
    if (typeof ref !== 'string') return { node: current, at: location };
    if (!ref.startsWith('#/')) throw new ContractSetupError('only local $refs are supported', { ref });
    location = ref
      .slice(2)
      .split('/')
      .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));
    current = location.reduce<unknown>((n, s) => (isObject(n) ? n[s] : undefined), spec.doc);
    if (current === undefined) throw new ContractSetupError('dangling $ref', { file: spec.file, ref });
  }
  throw new ContractSetupError('$ref chain too long', { at: `/${at.join('/')}` });
}

const mediaTypeOf = (contentType: string | undefined): string | undefined =>
  contentType?.split(';')[0]?.trim().toLowerCase() || undefined;

function findMedia(content: Json, contentType: string): string | undefined {
  const keys = Object.keys(content);
  const exact = keys.find((k) => k.toLowerCase() === contentType);
  if (exact) return exact;
  const [type] = contentType.split('/');
  return keys.find((k) => k === `${type}/*`) ?? keys.find((k) => k === '*/*');
}

function describeErrors(where: string, errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : '';
    return `${where}${e.instancePath || '/'} ${e.message ?? e.keyword}${extra} [schema ${e.schemaPath}]`;
  });
}

/** Checks a body against the `content` map found at `at` (a requestBody or response object). */
function checkBody(
  spec: LoadedSpec,
  where: string,
  holder: Json,
  at: string[],
  contentType: string | undefined,
  body: unknown,
): string[] {
  const content = holder.content;
  if (!isObject(content) || Object.keys(content).length === 0) return [];
  const declared = Object.keys(content);
  // `schema: {}` (Jira's property PUT, for instance) constrains nothing, not even presence.
  const demandsBody = declared.some((k) => {
    const media = content[k];
    return isObject(media) && isObject(media.schema) && Object.keys(media.schema).length > 0;
  });
  if (body === undefined) {
    return demandsBody ? [`${where}: no body, but the spec documents ${declared.join(', ')}`] : [];
  }
  const media = mediaTypeOf(contentType);
  if (!media) return [`${where}: a body without Content-Type (documented: ${declared.join(', ')})`];
  const key = findMedia(content, media);
  if (!key) return [`${where}: content type ${media} is not documented (documented: ${declared.join(', ')})`];
  const mediaObject = content[key];
  if (!isObject(mediaObject) || !isObject(mediaObject.schema)) return [];
  const validate = compileAt(spec, [...at, 'content', key, 'schema']);
  return validate(body) ? [] : describeErrors(`${where} body`, validate.errors);
}

function statusesOf(responses: Json): string[] {
  return Object.keys(responses).sort();
}

/** The statuses an operation documents (e.g. to decide whether a 429 case applies). */
export function documentedStatuses(file: string, specPath: string, method: HttpMethod): string[] {
  const { op } = findOperation(loadSpec(file), specPath, method);
  return isObject(op.responses) ? statusesOf(op.responses) : [];
}

function findOperation(spec: LoadedSpec, specPath: string, method: HttpMethod): { op: Json; at: string[] } {
  const paths = spec.doc.paths;
  const item = isObject(paths) ? paths[specPath] : undefined;
  const m = method.toLowerCase();
  const op = isObject(item) ? item[m] : undefined;
  if (!isObject(op)) {
    throw new ContractSetupError('operation not in spec', { file: spec.file, path: specPath, method });
  }
  return { op, at: ['paths', specPath, m] };
}

function requestProblems(
  spec: LoadedSpec,
  op: Json,
  at: string[],
  label: string,
  request: { body: unknown; contentType?: string },
): string[] {
  if (op.requestBody === undefined) {
    return request.body === undefined ? [] : [`${label} request: a body, but the spec defines none`];
  }
  const rb = resolveLocal(spec, op.requestBody, [...at, 'requestBody']);
  if (request.body === undefined) {
    return rb.node.required === true ? [`${label} request: the spec requires a body`] : [];
  }
  return checkBody(spec, `${label} request`, rb.node, rb.at, request.contentType, request.body);
}

/** Checks only the request side (e.g. what a client sent to a recording server). */
export function validateRequest(
  x: Omit<ExchangeToCheck, 'response' | 'request'> & {
    request: { body: unknown; contentType?: string };
  },
): string[] {
  const spec = loadSpec(x.file);
  const { op, at } = findOperation(spec, x.path, x.method);
  return requestProblems(spec, op, at, `${x.method} ${x.path}`, x.request);
}

export function validateExchange(x: ExchangeToCheck): string[] {
  const spec = loadSpec(x.file);
  const { op, at } = findOperation(spec, x.path, x.method);
  const label = `${x.method} ${x.path}`;
  const problems = x.request ? requestProblems(spec, op, at, label, x.request) : [];

  const responses = isObject(op.responses) ? op.responses : {};
  const status = String(x.response.status);
  const key =
    status in responses
      ? status
      : `${status[0]}XX` in responses
        ? `${status[0]}XX`
        : 'default' in responses
          ? 'default'
          : undefined;
  const where = `${label} → ${status}`;
  if (key === undefined) {
    problems.push(`${where}: status not documented (documented: ${statusesOf(responses).join(', ')})`);
    return problems;
  }
  if (x.response.status === 204 || x.response.status === 304) {
    if (x.response.body !== undefined) problems.push(`${where}: must have no body, got one`);
    return problems;
  }
  const resp = resolveLocal(spec, responses[key], [...at, 'responses', key]);
  problems.push(
    ...checkBody(spec, `${where} response`, resp.node, resp.at, x.response.contentType, x.response.body),
  );
  return problems;
}
