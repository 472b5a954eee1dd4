import { healthUrl } from '../../../src/cli/commands/healthcheck';
import { DEFAULT_SHUTDOWN_GRACE_SECONDS, proxyProcessSettings } from '../../../src/cli/commands/proxy';
import { exitCodeOf, lookupQuery } from '../../../src/cli/admin/mutation';
import { table } from '../../../src/cli/admin/render';
import { CliError, describeError } from '../../../src/cli/io/errors';
import { EXIT } from '../../../src/cli/io/exit-codes';
import { colorWanted } from '../../../src/cli/io/terminal';

test.each([
  [{}, true, true],
  [{ NO_COLOR: '1' }, true, false],
  [{ NO_COLOR: '' }, true, true],
  [{}, false, false],
])('colour with env %j on a terminal=%s: %s', (env, tty, expected) => {
  expect(colorWanted(env, tty)).toBe(expected);
});

test.each([
  ['unlocked', EXIT.done],
  ['already-active', EXIT.done],
  ['done', EXIT.done],
  ['no-op', EXIT.done],
  ['planned', EXIT.done],
  ['blocked', EXIT.failed],
  ['partial', EXIT.partial],
] as const)('outcome %s exits %i', (outcome, code) => {
  expect(exitCodeOf(outcome)).toBe(code);
});

test.each([
  ['bob@acme.example', { email: 'bob@acme.example' }],
  ['712020:abc', { accountId: '712020:abc' }],
])('lookupQuery(%s)', (who, query) => {
  expect(lookupQuery(who)).toEqual(query);
});

test.each([
  [{}, 'http://127.0.0.1:4020/healthz'],
  [{ PROXY_HOST: '0.0.0.0', PORT: '8080' }, 'http://127.0.0.1:8080/healthz'],
  [{ PROXY_HOST: '::' }, 'http://127.0.0.1:4020/healthz'],
  [{ PROXY_HOST: '10.1.2.3', PORT: '9' }, 'http://10.1.2.3:9/healthz'],
  [{ PROXY_HOST: '::1' }, 'http://[::1]:4020/healthz'],
])('healthUrl(%j)', (env, url) => {
  expect(healthUrl(env)).toBe(url);
});

describe('proxyProcessSettings', () => {
  test('defaults: loopback, the default grace', () => {
    expect(proxyProcessSettings({})).toEqual({
      host: '127.0.0.1',
      graceMs: DEFAULT_SHUTDOWN_GRACE_SECONDS * 1000,
    });
  });
  test.each(['-1', '601', '1.5', 'soon'])('SHUTDOWN_GRACE_SECONDS=%s is refused by name', (value) => {
    expect(() => proxyProcessSettings({ SHUTDOWN_GRACE_SECONDS: value })).toThrow(/SHUTDOWN_GRACE_SECONDS/);
  });
});

test('table pads every column but the last', () => {
  expect(
    table([
      ['a', 'bb', 'c'],
      ['ccc', 'd', 'eeee'],
    ]),
  ).toEqual(['a    bb  c', 'ccc  d   eeee']);
});

describe('describeError', () => {
  test('a CliError keeps its words and exit code', () => {
    expect(describeError(new CliError('Title.', ['Fix it.'], EXIT.usage))).toEqual({
      lines: ['Title.', 'Fix it.'],
      exitCode: EXIT.usage,
    });
  });
  test('anything else is named only: no message (it could hold a value), no stack', () => {
    const err = Object.assign(new TypeError('secret-value in a message'), { cause: { code: 'ECONNRESET' } });
    const described = describeError(err);
    expect(described).toEqual({ lines: ['Unexpected TypeError (ECONNRESET).'], exitCode: EXIT.failed });
  });
});
