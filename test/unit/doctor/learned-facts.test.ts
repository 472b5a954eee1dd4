import { learnedFacts, type FactInput, type Observation } from '../../../src/doctor/domain/learned-facts';

const obs = (over: Partial<Observation>): Observation => ({
  api: 'org',
  operationId: 'org.listDirectories',
  status: 200,
  rateLimitHeaders: [],
  retryAfter: false,
  contentType: 'application/json',
  ...over,
});
const base: FactInput = { observations: [], scimDirectoriesRead: [], orgDirectoryIds: null };
const answer = (input: Partial<FactInput>, id: string) => {
  const fact = learnedFacts({ ...base, ...input }).find((f) => f.id === id);
  if (!fact) throw new Error(`no fact ${id}`);
  return fact;
};

test('every fact is reported, in a stable order, unknown when nothing was observed', () => {
  const facts = learnedFacts(base);
  expect(facts.map((f) => f.id)).toEqual([
    'scim-links-org-key',
    'user-management-org-key',
    'org-rate-limit-headers',
    'scim-rate-limit-headers',
    'retry-after-on-429',
    'scim-content-type',
    'directory-ids-match',
  ]);
  expect(facts.every((f) => f.answer === 'unknown')).toBe(true);
});

test.each<[string, Observation[], 'yes' | 'no' | 'unknown']>([
  ['accepted', [obs({ api: 'scimLinks', operationId: 'scimLinks.getByAccountId', status: 200 })], 'yes'],
  ['401', [obs({ api: 'scimLinks', status: 401 })], 'no'],
  ['403', [obs({ api: 'scimLinks', status: 403 })], 'no'],
  ['500 says nothing', [obs({ api: 'scimLinks', status: 500 })], 'unknown'],
  ['no answer', [obs({ api: 'scimLinks', status: 'network-error' })], 'unknown'],
  ['other APIs do not count', [obs({ api: 'org', status: 200 })], 'unknown'],
])('link API key: %s', (_name, observations, expected) => {
  expect(answer({ observations }, 'scim-links-org-key').answer).toBe(expected);
});

test.each<[string, Observation[], 'yes' | 'no' | 'unknown', RegExp]>([
  [
    'headers',
    [obs({ rateLimitHeaders: ['x-ratelimit-limit', 'x-ratelimit-remaining'] }), obs({})],
    'yes',
    /1 of 2 answer\(s\) carried x-ratelimit-limit, x-ratelimit-remaining/,
  ],
  ['none', [obs({}), obs({})], 'no', /None of 2/],
  ['no answers', [obs({ status: 'network-error' })], 'unknown', /No answer/],
])('org rate-limit headers: %s', (_name, observations, expected, evidence) => {
  const fact = answer({ observations }, 'org-rate-limit-headers');
  expect(fact.answer).toBe(expected);
  expect(fact.evidence).toMatch(evidence);
});

test.each<[string, Observation[], 'yes' | 'no' | 'unknown']>([
  ['with', [obs({ status: 429, retryAfter: true })], 'yes'],
  ['without', [obs({ status: 429 })], 'no'],
  ['no 429', [obs({})], 'unknown'],
])('Retry-After on 429: %s', (_name, observations, expected) => {
  expect(answer({ observations }, 'retry-after-on-429').answer).toBe(expected);
});

test.each<[string, Array<string | null>, 'yes' | 'no']>([
  ['scim+json', ['application/scim+json'], 'yes'],
  ['plain json', ['application/json'], 'no'],
  ['mixed', ['application/scim+json', 'application/json'], 'no'],
  ['missing', [null], 'no'],
])('SCIM content type: %s', (_name, types, expected) => {
  const observations = types.map((contentType) =>
    obs({ api: 'scim', operationId: 'scim.listUsers', contentType }),
  );
  expect(answer({ observations }, 'scim-content-type').answer).toBe(expected);
});

test.each<[string, Partial<FactInput>, 'yes' | 'no' | 'unknown']>([
  ['all listed', { scimDirectoriesRead: ['a'], orgDirectoryIds: ['a', 'b'] }, 'yes'],
  ['one missing', { scimDirectoriesRead: ['a', 'c'], orgDirectoryIds: ['a', 'b'] }, 'no'],
  ['listing failed', { scimDirectoriesRead: ['a'], orgDirectoryIds: null }, 'unknown'],
  ['no SCIM read', { scimDirectoriesRead: [], orgDirectoryIds: ['a'] }, 'unknown'],
])('directory ids: %s', (_name, input, expected) => {
  expect(answer(input, 'directory-ids-match').answer).toBe(expected);
});
