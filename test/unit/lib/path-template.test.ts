import {
  fillPath,
  mapPlaceholders,
  PathTemplateError,
  placeholdersOf,
  type PathParams,
} from '../../../src/lib/path-template';

describe('path templates', () => {
  it.each([
    ['/v1/accounts/{accountId}/unlock', ['accountId']],
    ['/v2/orgs/{orgId}/directories/{directoryId}/users/{userId}', ['orgId', 'directoryId', 'userId']],
    ['/users/{account_id}/manage', ['account_id']],
    ['/healthz', []],
  ])('%s has placeholders %j', (template, names) => {
    expect(placeholdersOf(template)).toEqual(names);
  });

  it.each([
    [{ accountId: 'abc:1' }, '/v1/accounts/abc%3A1/unlock'],
    [{ accountId: 'a/b' }, '/v1/accounts/a%2Fb/unlock'],
    // Dot segments are not special inside one encoded segment; schemas refuse them before this.
    [{ accountId: 'a.b' }, '/v1/accounts/a.b/unlock'],
    [{ accountId: 'x y?#' }, '/v1/accounts/x%20y%3F%23/unlock'],
  ])('fills %j as one encoded segment', (params, path) => {
    expect(fillPath('/v1/accounts/{accountId}/unlock', params)).toBe(path);
  });

  it.each([
    [{}, ['accountId'], []],
    [{ accountId: 'a', extra: 'b' }, [], ['extra']],
    [{ account: 'a' }, ['accountId'], ['account']],
  ])('refuses %j: missing %j, unexpected %j', (params, missing, unexpected) => {
    const template: string = '/v1/accounts/{accountId}/unlock';
    const attempt = () => fillPath(template, params as PathParams<string>);
    expect(attempt).toThrow(PathTemplateError);
    expect(attempt).toThrow(expect.objectContaining({ missing, unexpected }));
  });

  it('rewrites placeholders for a router', () => {
    expect(mapPlaceholders('/a/{x}/b/{y}', (n) => `:${n}`)).toBe('/a/:x/b/:y');
  });
});
