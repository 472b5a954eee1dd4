import { hasDotSegment } from '../../../../src/proxy/http/raw-target';

describe('hasDotSegment', () => {
  test.each<[string, boolean]>([
    ['/v1/accounts/557058:abc/unlock', false],
    ['/v1/accounts/a.b/unlock', false],
    ['/v1/accounts/..a/unlock', false],
    ['/v1/accounts/lookup?email=a..b@example.com', false],
    ['/v1/accounts/lookup?next=../x', false],
    ['/v1/accounts/../unlock', true],
    ['/v1/accounts/a/../b/unlock', true],
    ['/v1/accounts/./unlock', true],
    ['/v1/accounts/%2E%2E/unlock', true],
    ['/v1/accounts/.%2e/unlock', true],
    ['/v1/accounts/%2e/unlock', true],
    ['/v1/accounts/..', true],
    ['/v1/accounts/..?x=1', true],
  ])('%s → %s', (target, expected) => {
    expect(hasDotSegment(target)).toBe(expected);
  });
});
