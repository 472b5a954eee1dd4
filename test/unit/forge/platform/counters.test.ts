import { mergeChanges } from '../../../../src/forge/platform/counters';

describe('mergeChanges', () => {
  it.each([
    [[], []],
    [[{ group: 'g', name: 'a', delta: 1 }], [{ group: 'g', name: 'a', delta: 1 }]],
    [
      // A request moving pending → denied.
      [
        { group: 'r', name: 'pending', delta: -1 },
        { group: 'r', name: 'denied', delta: 1 },
      ],
      [
        { group: 'r', name: 'pending', delta: -1 },
        { group: 'r', name: 'denied', delta: 1 },
      ],
    ],
    [
      // A record rewritten with the same status: no counter is read or written.
      [
        { group: 'r', name: 'pending', delta: -1 },
        { group: 'r', name: 'pending', delta: 1 },
      ],
      [],
    ],
    [
      [
        { group: 'g', name: 'a', delta: 1 },
        { group: 'h', name: 'a', delta: 1 },
        { group: 'g', name: 'a', delta: 2 },
      ],
      [
        { group: 'g', name: 'a', delta: 3 },
        { group: 'h', name: 'a', delta: 1 },
      ],
    ],
  ])('%j → %j', (changes, merged) => {
    expect(mergeChanges(changes)).toEqual(merged);
  });
});
