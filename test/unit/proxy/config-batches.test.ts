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

test('BATCH_KEEP_FINISHED defaults to 100 and is read as a whole number', () => {
  expect(loadConfig(BASE).batchKeepFinished).toBe(100);
  expect(loadConfig({ ...BASE, BATCH_KEEP_FINISHED: '7' }).batchKeepFinished).toBe(7);
});

test.each(['0', '10001', '2.5', 'many', '-3'])('BATCH_KEEP_FINISHED=%s is refused by name', (value) => {
  expect(problemsOf({ BATCH_KEEP_FINISHED: value })).toEqual(['BATCH_KEEP_FINISHED']);
});
