import {
  ContractSetupError,
  documentedStatuses,
  registerSpecDocument,
  validateExchange,
  validateRequest,
  type ExchangeToCheck,
} from '../support/openapi-contract';
import { DOCS_SPEC_FILE } from '../support/docs-shapes';

// A tiny spec exercising every feature the harness claims: $ref'd responses, nullable beside a
// $ref and without a type, two content types, `default`, 204, an inline schema under a templated
// path, a requestBody via $ref, and numeric formats.
const TINY = 'tiny-harness-spec.json';
registerSpecDocument(TINY, {
  openapi: '3.0.1',
  info: { title: 'tiny', version: '1' },
  paths: {
    '/things/{id}': {
      get: {
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Thing' } },
              'application/scim+json': { schema: { $ref: '#/components/schemas/Thing' } },
            },
          },
          '403': { $ref: '#/components/responses/Forbidden' },
          default: {
            description: 'error',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
      delete: { responses: { '204': { description: 'gone' }, '404': { description: 'no body schema' } } },
      put: {
        requestBody: { $ref: '#/components/requestBodies/Thing' },
        responses: {
          '200': {
            description: 'inline schema with a ref inside',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['thing'],
                  properties: { thing: { $ref: '#/components/schemas/Thing' } },
                },
              },
            },
          },
          '201': { description: 'anything', content: { 'application/json': { schema: {} } } },
        },
      },
    },
    '/odd': {
      get: {
        responses: {
          '200': {
            description: 'uses a format nobody defines',
            content: { 'application/json': { schema: { type: 'string', format: 'flux-capacitor' } } },
          },
        },
      },
    },
  },
  components: {
    requestBodies: {
      Thing: {
        required: true,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
      },
    },
    responses: {
      Forbidden: {
        description: 'forbidden',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    },
    schemas: {
      Thing: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'count'],
        properties: {
          id: { type: 'string' },
          count: { type: 'integer', format: 'int32' },
          owner: { $ref: '#/components/schemas/Owner', nullable: true },
          note: { nullable: true, allOf: [{ type: 'string' }] },
          example: { type: 'string' },
        },
      },
      Owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
      Error: {
        type: 'object',
        required: ['key'],
        properties: { key: { type: 'string', enum: ['forbidden', 'broken'] } },
      },
    },
  },
});

const get = (status: number, body: unknown, contentType = 'application/json'): ExchangeToCheck => ({
  file: TINY,
  path: '/things/{id}',
  method: 'GET',
  response: { status, contentType, body },
});

describe('validateExchange (harness self-test)', () => {
  const valid = { id: 'a', count: 3, owner: null, note: null, example: 'x' };

  it.each<[string, ExchangeToCheck, RegExp[]]>([
    ['a valid body', get(200, valid), []],
    ['a valid body with a charset parameter', get(200, valid, 'application/json; charset=utf-8'), []],
    ['the second documented content type', get(200, valid, 'application/scim+json'), []],
    ['a nullable $ref holding an object', get(200, { ...valid, owner: { name: 'n' } }), []],
    ['a missing required field', get(200, { id: 'a' }), [/body\/ must have required property 'count'/]],
    ['an extra property', get(200, { ...valid, extra: 1 }), [/additional properties \(extra\)/]],
    ['a wrong type inside a nullable $ref', get(200, { ...valid, owner: { name: 5 } }), [/owner\/name/]],
    ['an int32 overflow', get(200, { ...valid, count: 2 ** 40 }), [/count must match format "int32"/]],
    [
      'an undocumented content type',
      get(200, valid, 'text/html'),
      [/content type text\/html is not documented/],
    ],
    ['a body without content type', get(200, valid, ''), [/a body without Content-Type/]],
    ['no body where one is documented', get(200, undefined), [/no body, but the spec documents/]],
    ['a $ref response, valid', get(403, { key: 'forbidden' }), []],
    [
      'a $ref response, wrong enum',
      get(403, { key: 'nope' }),
      [/must be equal to one of the allowed values/],
    ],
    ['the default response, valid', get(503, { key: 'broken' }), []],
    ['the default response, invalid', get(500, { nokey: true }), [/must have required property 'key'/]],
  ])('GET: %s', (_name, exchange, expected) => {
    const problems = validateExchange(exchange);
    if (expected.length === 0) expect(problems).toEqual([]);
    // anyOf failures add branch errors, so each expected problem must be present, not alone.
    for (const re of expected) expect(problems).toContainEqual(expect.stringMatching(re));
  });

  it('flags a status the operation does not document', () => {
    const problems = validateExchange({
      file: TINY,
      path: '/things/{id}',
      method: 'DELETE',
      response: { status: 200, body: undefined },
    });
    expect(problems).toEqual([expect.stringMatching(/status not documented \(documented: 204, 404\)/)]);
  });

  it('accepts an empty 204 and flags a 204 with a body', () => {
    const del = (body: unknown): ExchangeToCheck => ({
      file: TINY,
      path: '/things/{id}',
      method: 'DELETE',
      response: { status: 204, body },
    });
    expect(validateExchange(del(undefined))).toEqual([]);
    expect(validateExchange(del({ x: 1 }))).toEqual([expect.stringMatching(/must have no body/)]);
  });

  it('leaves a body unconstrained where the spec gives no content', () => {
    expect(
      validateExchange({
        file: TINY,
        path: '/things/{id}',
        method: 'DELETE',
        response: { status: 404, contentType: 'application/json', body: { anything: true } },
      }),
    ).toEqual([]);
  });

  it('validates request bodies through a $ref requestBody and inline response schemas', () => {
    const put = (reqBody: unknown, resBody: unknown, status = 200): ExchangeToCheck => ({
      file: TINY,
      path: '/things/{id}',
      method: 'PUT',
      request: { body: reqBody, contentType: 'application/json' },
      response: { status, contentType: 'application/json', body: resBody },
    });
    expect(validateExchange(put(valid, { thing: valid }))).toEqual([]);
    expect(validateExchange(put({ id: 1 }, { thing: valid }))).toEqual([
      expect.stringMatching(/request body\/ must have required property 'count'/),
      expect.stringMatching(/request body\/id must be string/),
    ]);
    expect(validateExchange(put(undefined, { thing: valid }))).toEqual([
      expect.stringMatching(/the spec requires a body/),
    ]);
    expect(validateExchange(put(valid, { thing: { id: 'a' } }))).toEqual([
      expect.stringMatching(/response body\/thing must have required property 'count'/),
    ]);
    // `schema: {}` accepts anything, including no body at all.
    expect(validateExchange(put(valid, undefined, 201))).toEqual([]);
  });

  it('checks a request on its own', () => {
    const req = (body: unknown, contentType = 'application/json') =>
      validateRequest({ file: TINY, path: '/things/{id}', method: 'PUT', request: { body, contentType } });
    expect(req(valid)).toEqual([]);
    expect(req({ id: 'a' })).toEqual([expect.stringMatching(/must have required property 'count'/)]);
    expect(req(valid, 'text/plain')).toEqual([
      expect.stringMatching(/content type text\/plain is not documented/),
    ]);
  });

  it('flags a request body where the spec defines none', () => {
    expect(
      validateExchange({
        file: TINY,
        path: '/things/{id}',
        method: 'GET',
        request: { body: {}, contentType: 'application/json' },
        response: { status: 200, contentType: 'application/json', body: valid },
      }),
    ).toEqual([expect.stringMatching(/a body, but the spec defines none/)]);
  });

  it('throws (never passes) on misuse: unknown operation, unknown file, unknown format', () => {
    expect(() =>
      validateExchange({
        file: TINY,
        path: '/nope',
        method: 'GET',
        response: { status: 200, body: undefined },
      }),
    ).toThrow(ContractSetupError);
    expect(() =>
      validateExchange({
        file: 'no-such-spec.json',
        path: '/x',
        method: 'GET',
        response: { status: 200, body: undefined },
      }),
    ).toThrow(ContractSetupError);
    expect(() =>
      validateExchange({
        file: TINY,
        path: '/odd',
        method: 'GET',
        response: { status: 200, contentType: 'application/json', body: 'x' },
      }),
    ).toThrow(/format the harness does not define/);
  });

  it('lists documented statuses', () => {
    expect(documentedStatuses(TINY, '/things/{id}', 'GET')).toEqual(['200', '403', 'default']);
  });
});

describe('real specs load and resolve', () => {
  it('checks a UM Forbidden.Action body through the $ref response', () => {
    const check = (body: unknown) =>
      validateExchange({
        file: 'user-management.swagger.v3.2026-08.json',
        path: '/users/{account_id}/manage/lifecycle/enable',
        method: 'POST',
        response: { status: 403, contentType: 'application/json', body },
      });
    expect(
      check({
        key: 'forbidden.action',
        context: { allowed: false, reason: { key: 'externalDirectory.scim' } },
      }),
    ).toEqual([]);
    expect(check({ key: 'not-a-key' }).length).toBeGreaterThan(0);
  });

  it('repairs only the newline artifact of the UM AccountId pattern (the pattern still applies)', () => {
    const conflict = (accountId: string) =>
      validateExchange({
        file: 'user-management.swagger.v3.2026-08.json',
        path: '/users/{account_id}/manage/lifecycle/enable',
        method: 'POST',
        response: {
          status: 409,
          contentType: 'application/json',
          body: {
            key: 'conflict.lifecycleErrors',
            context: { message: 'not eligible', accountId, errorCodes: [{ code: 'x' }] },
          },
        },
      });
    expect(conflict('557057:4f9acfd2-6155-419b-8de5-5b5cf27a59a0')).toEqual([]);
    expect(conflict('***')).toEqual([expect.stringMatching(/accountId must match pattern/)]);
  });

  it('checks SCIM ScimError bodies under both content types', () => {
    const body = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '409',
      scimType: 'uniqueness',
      detail: 'Resource [USER]: with email[a@b.c] already exists.',
    };
    for (const contentType of ['application/json', 'application/scim+json']) {
      expect(
        validateExchange({
          file: 'user-provisioning.swagger.v3.2024-09-28.json',
          path: '/scim/directory/{directoryId}/Users',
          method: 'POST',
          response: { status: 409, contentType, body },
        }),
      ).toEqual([]);
    }
  });

  it('checks the docs-derived SCIM link shapes', () => {
    const path = '/admin/user-provisioning/v1/org/{orgId}/user/{aaId}/get-scim-links';
    const link = { scimUserId: 's', atlassianAccountId: null, orgId: 'o', directoryId: 'd' };
    const check = (body: unknown) =>
      validateExchange({
        file: DOCS_SPEC_FILE,
        path,
        method: 'GET',
        response: { status: 200, contentType: 'application/json', body },
      });
    expect(check({ scimLinks: [link] })).toEqual([]);
    expect(check({ scimLinks: [{ ...link, atlassianAccountId: 5 }] }).length).toBeGreaterThan(0);
    expect(check({ links: [] }).length).toBeGreaterThan(0);
  });
});
