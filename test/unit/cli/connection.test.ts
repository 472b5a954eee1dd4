import { connectionFromEnv } from '../../../src/cli/admin/connection';
import { CliError } from '../../../src/cli/io/errors';
import { EXIT } from '../../../src/cli/io/exit-codes';

const TOKEN = 'a-token-that-is-long-enough-0123456789';
const noFile = (): string => {
  throw Object.assign(new Error('nope'), { code: 'ENOENT' });
};

function failure(env: Record<string, string>, read = noFile): CliError {
  try {
    connectionFromEnv(env, read);
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error('expected a CliError');
}

describe('connectionFromEnv', () => {
  test.each([
    [
      'https, token given',
      { SCIM_UNLOCK_URL: 'https://p.example.com/', SCIM_UNLOCK_TOKEN: TOKEN },
      'https://p.example.com',
    ],
    [
      'http on loopback',
      { SCIM_UNLOCK_URL: 'http://127.0.0.1:4020', SCIM_UNLOCK_TOKEN: TOKEN },
      'http://127.0.0.1:4020',
    ],
    [
      'http on localhost',
      { SCIM_UNLOCK_URL: 'http://localhost:1', SCIM_UNLOCK_TOKEN: TOKEN },
      'http://localhost:1',
    ],
  ])('%s', (_name, env, url) => {
    expect(connectionFromEnv(env, noFile)).toEqual({ url, token: TOKEN });
  });

  test('the token file is read and trimmed', () => {
    const conn = connectionFromEnv(
      { SCIM_UNLOCK_URL: 'https://p.example.com', SCIM_UNLOCK_TOKEN_FILE: '/t' },
      (f) => (f === '/t' ? `${TOKEN}\n` : ''),
    );
    expect(conn.token).toBe(TOKEN);
  });

  test.each([
    ['no URL', { SCIM_UNLOCK_TOKEN: TOKEN }, /SCIM_UNLOCK_URL is not set/],
    ['not a URL', { SCIM_UNLOCK_URL: 'nope', SCIM_UNLOCK_TOKEN: TOKEN }, /not a URL/],
    [
      'plain http off loopback',
      { SCIM_UNLOCK_URL: 'http://p.example.com', SCIM_UNLOCK_TOKEN: TOKEN },
      /must be an https URL/,
    ],
    ['no token', { SCIM_UNLOCK_URL: 'https://p.example.com' }, /No token/],
    [
      'both token forms',
      { SCIM_UNLOCK_URL: 'https://p.example.com', SCIM_UNLOCK_TOKEN: TOKEN, SCIM_UNLOCK_TOKEN_FILE: '/t' },
      /not both/,
    ],
    [
      'unreadable token file',
      { SCIM_UNLOCK_URL: 'https://p.example.com', SCIM_UNLOCK_TOKEN_FILE: '/t' },
      /could not be read \(ENOENT\)/,
    ],
  ])('%s is a usage error that never repeats the token', (_name, env, message) => {
    const err = failure(env as Record<string, string>);
    expect(err.exitCode).toBe(EXIT.usage);
    expect([err.message, ...err.detail].join(' ')).toMatch(message);
    expect([err.message, ...err.detail].join(' ')).not.toContain(TOKEN);
  });
});
