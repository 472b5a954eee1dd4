import { ConfigError, loadConfig } from '../../../src/proxy/config';

const BASE = {
  ATLASSIAN_ORG_ID: 'org-1',
  ATLASSIAN_ORG_API_KEY: 'org-key-value',
  PROXY_API_TOKENS: JSON.stringify({ cli: 'x'.repeat(40) }),
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...BASE, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.variables;
    throw err;
  }
  return [];
}

test('listings default to 1000 pages and 120 s', () => {
  expect(loadConfig(BASE).listing).toEqual({ maxPages: 1000, maxDurationMs: 120_000 });
});

test('LISTING_MAX_PAGES and LISTING_MAX_SECONDS set the bounds', () => {
  expect(loadConfig({ ...BASE, LISTING_MAX_PAGES: '50', LISTING_MAX_SECONDS: '30' }).listing).toEqual({
    maxPages: 50,
    maxDurationMs: 30_000,
  });
});

test.each<[Record<string, string>, string[]]>([
  [{ LISTING_MAX_PAGES: '0' }, ['LISTING_MAX_PAGES']],
  [{ LISTING_MAX_PAGES: '100001' }, ['LISTING_MAX_PAGES']],
  [{ LISTING_MAX_PAGES: 'lots' }, ['LISTING_MAX_PAGES']],
  [{ LISTING_MAX_SECONDS: '0' }, ['LISTING_MAX_SECONDS']],
  [{ LISTING_MAX_SECONDS: '3601' }, ['LISTING_MAX_SECONDS']],
  [{ LISTING_MAX_SECONDS: '1.5' }, ['LISTING_MAX_SECONDS']],
])('%p is refused', (env, expected) => {
  expect(problemsOf(env)).toEqual(expected);
});
