import { JqlError, UNBOUNDED_MESSAGE, parseJql, type JqlQuery } from '../../../../src/sandbox/sim/jira/jql';
import { selectFields, selectProperties, ISSUE_FIELDS } from '../../../../src/sandbox/sim/jira/selection';

describe('parseJql: the documented grammar', () => {
  it.each<[string, JqlQuery]>([
    ['project = ITSUP', { clauses: [{ kind: 'project', value: 'ITSUP' }] }],
    ['project = "ITSUP"', { clauses: [{ kind: 'project', value: 'ITSUP' }] }],
    ['  PROJECT=itsup  ', { clauses: [{ kind: 'project', value: 'itsup' }] }],
    [
      'project = ITSUP AND labels = "scim-unlock"',
      {
        clauses: [
          { kind: 'project', value: 'ITSUP' },
          { kind: 'labels', value: 'scim-unlock' },
        ],
      },
    ],
    [
      'issue.property[scimUnlock].accountId = "712020:abc"',
      { clauses: [{ kind: 'property', key: 'scimUnlock', path: ['accountId'], value: '712020:abc' }] },
    ],
    [
      'issue.property[com.acme.flag].flag.account.id = "a \\"quoted\\" \\\\ value"',
      {
        clauses: [
          {
            kind: 'property',
            key: 'com.acme.flag',
            path: ['flag', 'account', 'id'],
            value: 'a "quoted" \\ value',
          },
        ],
      },
    ],
    [
      'project = ITSUP and issue.property[p].k = v1 ORDER BY created DESC',
      {
        clauses: [
          { kind: 'project', value: 'ITSUP' },
          { kind: 'property', key: 'p', path: ['k'], value: 'v1' },
        ],
        orderBy: { field: 'created', direction: 'DESC' },
      },
    ],
    [
      'labels = x order by key',
      { clauses: [{ kind: 'labels', value: 'x' }], orderBy: { field: 'key', direction: 'ASC' } },
    ],
  ])('parses %j', (jql, expected) => {
    expect(parseJql(jql)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ['', new RegExp(UNBOUNDED_MESSAGE.slice(0, 20))],
    ['   ', /Unbounded/],
    ['order by key desc', /Unbounded/],
    ['assignee = currentUser()', /unsupported clause at character 1/],
    ['project = ITSUP OR labels = x', /expected AND or ORDER BY at character 16/],
    ['project != ITSUP', /unsupported clause/],
    ['project = ', /expected a value/],
    ['labels = "unterminated', /expected a value/],
    ['labels ~ "x"', /unsupported clause/],
    ['project = ITSUP AND', /expected AND or ORDER BY/],
    ['project = ITSUP ORDER BY summary', /expected AND or ORDER BY/],
    ['issue.property[bad key].x = "1"', /unsupported clause/],
    ['issue.property[k] = "1"', /unsupported clause/],
  ])('rejects %j', (jql, message) => {
    expect(() => parseJql(jql)).toThrow(JqlError);
    expect(() => parseJql(jql)).toThrow(message);
  });
});

describe('selectFields / selectProperties', () => {
  it.each<[string[] | undefined, 'all' | 'none', string[]]>([
    [undefined, 'all', [...ISSUE_FIELDS]],
    [undefined, 'none', []],
    [['id'], 'none', []],
    [['summary,labels'], 'all', ['summary', 'labels']],
    [['summary', 'reporter'], 'none', ['summary', 'reporter']],
    [['-description'], 'none', ISSUE_FIELDS.filter((f) => f !== 'description')],
    [
      ['*all,-comment,-description'],
      'none',
      ISSUE_FIELDS.filter((f) => f !== 'comment' && f !== 'description'),
    ],
    [['*navigable'], 'none', [...ISSUE_FIELDS]],
    [['nonexistent'], 'all', []],
  ])('fields %j (absent → %s)', (params, whenAbsent, expected) => {
    expect(selectFields(params, whenAbsent)).toEqual(expected);
  });

  it.each<[string[] | undefined, string[] | undefined]>([
    [undefined, undefined],
    [[''], undefined],
    [['*all'], ['a', 'b', 'c']],
    [['*all,-b'], ['a', 'c']],
    [
      ['c', 'a'],
      ['a', 'c'],
    ],
    [['zzz'], []],
  ])('properties %j', (params, expected) => {
    expect(selectProperties(params, ['a', 'b', 'c'])).toEqual(expected);
  });
});
