import {
  buildQuery,
  checkPathParam,
  fillPath,
  joinUrl,
  validatePathParams,
  type ParamProblem,
} from '../../../../src/atlassian/http/build-url';
import { OPERATIONS, type OperationParams } from '../../../../src/atlassian/operations';
import { createAtlassianHttp } from '../../../../src/atlassian/http/create-http';
import { AtlassianInvalidRequestError } from '../../../../src/atlassian/errors';

describe('checkPathParam', () => {
  const rows: Array<[string, ParamProblem | undefined]> = [
    ['5b10ac8d82e05b22cc7d4ef5', undefined],
    ['712020:3b5a9f2e-0c1d-4e7f-9a8b-1c2d3e4f5a6b', undefined],
    ['-', undefined],
    ['alice@example.com', undefined],
    ['a.b', undefined],
    ['', 'empty'],
    ['a/b', 'slash'],
    ['a\\b', 'slash'],
    ['.', 'dot-segment'],
    ['..', 'dot-segment'],
    ['a..b', 'dot-segment'],
    ['%2e%2e', 'percent'],
    ['a%2Fb', 'percent'],
    ['a b', 'whitespace'],
    ['a\tb', 'whitespace'],
    ['a\nb', 'whitespace'],
    ['a\u0000b', 'control'],
  ];
  it.each(rows)('%j → %p', (value, expected) => {
    expect(checkPathParam(value)).toBe(expected);
  });
});

describe('validatePathParams / fillPath', () => {
  const template = OPERATIONS['org.getUser'].path;

  it('reports missing and unexpected parameters', () => {
    expect(validatePathParams(template, { orgId: 'o', directoryId: 'd', accountId: 'u' })).toEqual([
      { name: 'userId', problem: 'missing' },
      { name: 'accountId', problem: 'unexpected' },
    ]);
  });

  it('encodes characters that are legal in IDs but special in URLs', () => {
    const params = { orgId: 'o', directoryId: '-', userId: '712020:a?b#c' };
    expect(validatePathParams(template, params)).toEqual([]);
    expect(fillPath(template, params)).toBe('/admin/v2/orgs/o/directories/-/users/712020%3Aa%3Fb%23c');
  });

  it('every operation path has well-formed placeholders', () => {
    for (const op of Object.values(OPERATIONS)) {
      expect(op.path.startsWith('/')).toBe(true);
      expect(op.path).not.toMatch(/\{[^}]*[^A-Za-z0-9_}][^}]*\}/);
    }
  });
});

describe('buildQuery / joinUrl', () => {
  it('encodes spaces as %20, repeats arrays, skips undefined', () => {
    expect(
      buildQuery({ filter: 'userName eq "a b"', directoryIds: ['x', 'y'], limit: 5, cursor: undefined }),
    ).toBe('?filter=userName%20eq%20%22a%20b%22&directoryIds=x&directoryIds=y&limit=5');
    expect(buildQuery({})).toBe('');
    expect(buildQuery(undefined)).toBe('');
  });
  it('joins without doubling slashes', () => {
    expect(joinUrl('http://127.0.0.1:1/', '/a', '?b=1')).toBe('http://127.0.0.1:1/a?b=1');
  });
});

describe('createAtlassianHttp refuses bad parameters before sending', () => {
  const fetched: string[] = [];
  const http = createAtlassianHttp({
    baseUrl: 'http://127.0.0.1:9',
    fetch: async (url) => {
      fetched.push(String(url));
      return new Response(null, { status: 204 });
    },
  });

  const bad: Array<[string, Record<string, string>]> = [
    ['traversal', { account_id: '..' }],
    ['slash', { account_id: 'a/b' }],
    ['pre-encoded', { account_id: '%2e%2e' }],
    ['whitespace', { account_id: 'a b' }],
    ['empty', { account_id: '' }],
    ['misspelt name', { accountId: 'abc' }],
  ];
  it.each(bad)('%s', async (_name, params) => {
    // The types refuse a misspelt name at compile time; this is the run-time check behind them.
    const untyped = params as OperationParams<'um.enable'>;
    await expect(http.call('um.enable', { params: untyped, bearer: 'token-value' })).rejects.toBeInstanceOf(
      AtlassianInvalidRequestError,
    );
    expect(fetched).toEqual([]);
  });

  it('refuses a bearer that could inject headers, without echoing it', async () => {
    const err = await http
      .call('um.enable', { params: { account_id: 'abc' }, bearer: 'secret-value\r\nX-Evil: 1' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtlassianInvalidRequestError);
    expect((err as Error).message).not.toContain('secret-value');
    expect(fetched).toEqual([]);
  });
});
