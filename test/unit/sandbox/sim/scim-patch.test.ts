import { InvalidScimRequestError } from '../../../../src/sandbox/sim/model/errors';
import { applyScimUserPatch, type PatchOperation } from '../../../../src/sandbox/sim/model/scim-patch';
import type { ScimUserAttributes } from '../../../../src/sandbox/sim/model/types';

const base: ScimUserAttributes = {
  userName: 'sam@acme.example',
  externalId: 'x1',
  emails: [{ value: 'sam@acme.example', type: 'work', primary: true }],
  name: { givenName: 'Sam', familyName: 'Lee' },
  displayName: 'Sam Lee',
  nickName: null,
  title: 'Engineer',
  department: null,
  organization: null,
  timezone: null,
  preferredLanguage: null,
  phoneNumbers: [],
  active: true,
};

test.each<[string, PatchOperation[], Partial<ScimUserAttributes>]>([
  ['replace active false', [{ op: 'replace', path: 'active', value: false }], { active: false }],
  [
    'Entra: Replace with string "False"',
    [{ op: 'Replace', path: 'active', value: 'False' }],
    { active: false },
  ],
  [
    'no path, object value',
    [{ op: 'replace', value: { active: false, title: 'Lead' } }],
    { active: false, title: 'Lead' },
  ],
  [
    'attribute names are case-insensitive',
    [{ op: 'replace', path: 'DisplayName', value: 'S. Lee' }],
    { displayName: 'S. Lee' },
  ],
  [
    'name sub-attribute',
    [{ op: 'replace', path: 'name.familyName', value: 'Li' }],
    { name: { givenName: 'Sam', familyName: 'Li' } },
  ],
  ['remove title', [{ op: 'remove', path: 'title' }], { title: null }],
  [
    'filtered email value',
    [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'sam.lee@acme.example' }],
    { emails: [{ value: 'sam.lee@acme.example', type: 'work', primary: true }] },
  ],
  [
    'enterprise extension attribute',
    [
      {
        op: 'add',
        path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization',
        value: 'Acme',
      },
    ],
    { organization: 'Acme' },
  ],
  [
    'enterprise extension object without path',
    [
      {
        op: 'add',
        value: { 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'R&D' } },
      },
    ],
    { department: 'R&D' },
  ],
  [
    'operations apply in order',
    [
      { op: 'replace', path: 'active', value: false },
      { op: 'replace', path: 'active', value: true },
    ],
    { active: true },
  ],
])('%s', (_name, ops, expected) => {
  const result = applyScimUserPatch(base, ops);
  expect(result).toEqual({ ...base, ...expected });
  expect(base.active).toBe(true); // the input is never mutated
});

test.each<[string, PatchOperation[], string]>([
  ['unknown op', [{ op: 'copy', path: 'title', value: 'x' }], 'invalidSyntax'],
  ['unknown path', [{ op: 'replace', path: 'shoeSize', value: 44 }], 'invalidPath'],
  ['non-boolean active', [{ op: 'replace', path: 'active', value: 'yes' }], 'invalidValue'],
  ['remove without path', [{ op: 'remove' }], 'noTarget'],
  ['remove userName', [{ op: 'remove', path: 'userName' }], 'mutability'],
  ['no operations', [], 'invalidValue'],
  ['email without @', [{ op: 'replace', path: 'emails', value: [{ value: 'nope' }] }], 'invalidValue'],
])('%s → %s', (_name, ops, scimType) => {
  expect(() => applyScimUserPatch(base, ops)).toThrow(InvalidScimRequestError);
  try {
    applyScimUserPatch(base, ops);
  } catch (e) {
    expect((e as InvalidScimRequestError).scimType).toBe(scimType);
  }
});
