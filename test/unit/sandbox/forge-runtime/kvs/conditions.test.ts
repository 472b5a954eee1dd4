import {
  checkFilterGroup,
  matches,
  matchesGroup,
} from '../../../../../src/sandbox/forge-runtime/kvs/conditions';

describe('matches', () => {
  test.each([
    ['BEGINS_WITH', ['ab'], 'abc', true],
    ['BEGINS_WITH', ['ab'], 'xab', false],
    ['BEGINS_WITH', ['1'], 12, false],
    ['BETWEEN', [2, 4], 2, true],
    ['BETWEEN', [2, 4], 4, true],
    ['BETWEEN', [2, 4], 5, false],
    ['BETWEEN', ['a', 'c'], 'b', true],
    ['BETWEEN', [1, 3], '2', false],
    ['CONTAINS', ['lo'], 'hello', true],
    ['CONTAINS', ['x'], ['x', 'y'], true],
    ['NOT_CONTAINS', ['x'], ['y'], true],
    ['NOT_CONTAINS', ['x'], undefined, false],
    ['EQUAL_TO', [true], true, true],
    ['EQUAL_TO', [1], '1', false],
    ['NOT_EQUAL_TO', ['a'], 'b', true],
    ['EXISTS', [true], 0, true],
    ['EXISTS', [true], undefined, false],
    ['NOT_EXISTS', [true], undefined, true],
    ['GREATER_THAN', [1], 2, true],
    ['GREATER_THAN', [2], 2, false],
    ['GREATER_THAN_EQUAL_TO', [2], 2, true],
    ['LESS_THAN', ['b'], 'a', true],
    ['LESS_THAN', [1], undefined, false],
    ['LESS_THAN_EQUAL_TO', [2], 2, true],
    ['UNKNOWN', [1], 1, false],
  ])('%s %j on %j → %s', (condition, values, value, expected) => {
    expect(matches({ condition, values }, value)).toBe(expected);
  });
});

describe('filter groups', () => {
  const attrs = { status: 'open', count: 3 };
  test('and needs every condition, or needs one', () => {
    const a = { property: 'status', condition: 'EQUAL_TO', values: ['open'] };
    const b = { property: 'count', condition: 'GREATER_THAN', values: [5] };
    expect(matchesGroup({ and: [a, b] }, attrs)).toBe(false);
    expect(matchesGroup({ or: [a, b] }, attrs)).toBe(true);
  });

  test.each([
    [{}, 'EMPTY_FILTER_OPERATOR'],
    [{ and: [] }, 'EMPTY_FILTER_OPERATOR'],
    [
      { and: [{ condition: 'EXISTS', values: [true] }], or: [{ condition: 'EXISTS', values: [true] }] },
      'INVALID_FILTER_OPERATORS_COMBINATION',
    ],
    [{ and: [{ property: 'n', condition: 'BETWEEN', values: [1] }] }, 'INSUFFICIENT_FILTER_VALUES'],
    [{ and: [{ property: 'n', condition: 'EQUAL_TO', values: [1, 2] }] }, 'INVALID_FILTER_VALUES'],
    [{ and: [{ condition: 'EXISTS', values: [true] }] }, 'INVALID_FILTER_CONDITION'],
    [{ or: [{ condition: 'LIKE', values: ['x'] }] }, 'INVALID_FILTER_CONDITION'],
  ])('%j is refused with %s', (group, code) => {
    expect(() => checkFilterGroup(group)).toThrow(expect.objectContaining({ code, status: 400 }));
  });
});
