import { acceptRequestId } from '../../../src/proxy/http/request-id';

describe('acceptRequestId', () => {
  const gen = () => 'generated';
  test.each([
    ['abc-123_X.y', 'abc-123_X.y'],
    ['a'.repeat(128), 'a'.repeat(128)],
    ['a'.repeat(129), 'generated'],
    ['', 'generated'],
    [undefined, 'generated'],
    ['has space', 'generated'],
    ['line\nbreak', 'generated'],
    ['<script>', 'generated'],
    ['a/b', 'generated'],
  ])('%p → %p', (incoming, expected) => {
    expect(acceptRequestId(incoming, gen)).toBe(expected);
  });
});
