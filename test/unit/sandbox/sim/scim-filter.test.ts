import { InvalidScimRequestError } from '../../../../src/sandbox/sim/model/errors';
import { parseEqFilter } from '../../../../src/sandbox/sim/model/scim-filter';

const USER_ATTRS = ['userName', 'externalId'] as const;

test.each([
  ['userName eq "a@b.c"', { attribute: 'userName', value: 'a@b.c' }],
  ['username EQ "a@b.c"', { attribute: 'userName', value: 'a@b.c' }],
  ['  externalId eq "00u1"  ', { attribute: 'externalId', value: '00u1' }],
  ['userName eq ""', { attribute: 'userName', value: '' }],
  ['userName eq "with \\"quote\\""', { attribute: 'userName', value: 'with "quote"' }],
])('%s', (filter, expected) => {
  expect(parseEqFilter(filter, USER_ATTRS)).toEqual(expected);
});

test.each([
  'emails.value eq "a@b.c"',
  'userName ne "a"',
  'userName co "a"',
  'userName sw "a"',
  'userName pr',
  'userName eq "a" and externalId eq "b"',
  'userName eq "a" or userName eq "b"',
  'displayName eq "x"',
  'userName eq a',
  '',
])('refused: %s', (filter) => {
  expect(() => parseEqFilter(filter, USER_ATTRS)).toThrow(
    expect.objectContaining({ scimType: 'invalidFilter' }) as InvalidScimRequestError,
  );
});
