import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildOpenApiDocument } from '../../../../src/proxy/server/openapi';
import { OPENAPI_DOC_PATH } from '../../../../src/proxy/server/openapi-file';
import { ROUTES } from '../../../../src/contract/proxy/routes';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string }>>;
  components: { schemas: Record<string, object> };
};

describe('OpenAPI document', () => {
  const doc = buildOpenApiDocument() as Doc;

  test('the committed docs/proxy-openapi.json is what the generator produces (run tools/gen-openapi.ts)', () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, '..', '..', '..', '..', OPENAPI_DOC_PATH), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  test('is OpenAPI 3.1 and lists every route of the app', () => {
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, op]) => `${m.toUpperCase()} ${path} ${op.operationId}`),
    );
    expect(ops.sort()).toEqual(
      Object.entries(ROUTES)
        .map(([id, r]) => `${r.method} ${r.path} ${id}`)
        .sort(),
    );
  });

  test('every component schema compiles as JSON Schema 2020-12 and every $ref resolves', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => ajv.getSchema(`doc#/components/schemas/${name}`)).not.toThrow();
    }
    const refs = JSON.stringify(doc).match(/"#\/components\/(schemas|responses)\/[A-Za-z0-9]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const [, kind, name] = /#\/components\/(\w+)\/(\w+)/.exec(ref)!;
      expect((doc.components as Record<string, Record<string, unknown>>)[kind!]![name!]).toBeDefined();
    }
  });

  test('request schemas reject unknown fields; the generated schema agrees with zod', () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const validate = ajv.getSchema('doc#/components/schemas/UnlockRequest')!;
    expect(validate({ reason: 'x' })).toBe(true);
    expect(validate({ reason: 'x', extra: 1 })).toBe(false);
    expect(validate({ reason: '' })).toBe(false);
    expect(validate({ reason: 'x', method: 'purge' })).toBe(false);
  });
});
