import { clip } from '../../../src/lib/clip';

describe('clip', () => {
  test.each<[string, number, string]>([
    ['', 5, ''],
    ['abcde', 5, 'abcde'],
    ['abcdef', 5, 'abcd…'],
    ['abcdef', 1, '…'],
    ['x'.repeat(300), 255, `${'x'.repeat(254)}…`],
  ])('clip(%j, %p) → %j', (value, max, expected) => {
    const out = clip(value, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max);
  });
});
