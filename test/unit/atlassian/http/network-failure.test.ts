import { classifyNetworkFailure } from '../../../../src/atlassian/http/network-failure';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('classifyNetworkFailure', () => {
  const rows: Array<[string, unknown, { code?: string; notSent: boolean }]> = [
    [
      'refused (undici wraps the socket error)',
      new TypeError('fetch failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }),
      { code: 'ECONNREFUSED', notSent: true },
    ],
    [
      'DNS failure',
      new TypeError('fetch failed', { cause: withCode('getaddrinfo ENOTFOUND', 'ENOTFOUND') }),
      { code: 'ENOTFOUND', notSent: true },
    ],
    [
      'connect timeout',
      new TypeError('fetch failed', { cause: withCode('Connect Timeout', 'UND_ERR_CONNECT_TIMEOUT') }),
      { code: 'UND_ERR_CONNECT_TIMEOUT', notSent: true },
    ],
    [
      'reset',
      new TypeError('fetch failed', { cause: withCode('read ECONNRESET', 'ECONNRESET') }),
      { code: 'ECONNRESET', notSent: false },
    ],
    [
      'socket closed',
      new TypeError('fetch failed', { cause: withCode('other side closed', 'UND_ERR_SOCKET') }),
      { code: 'UND_ERR_SOCKET', notSent: false },
    ],
    [
      'happy-eyeballs AggregateError',
      new TypeError('fetch failed', {
        cause: new AggregateError([withCode('a', 'ECONNREFUSED')], 'all failed'),
      }),
      { code: 'ECONNREFUSED', notSent: true },
    ],
    ['abort without code', new DOMException('This operation was aborted', 'AbortError'), { notSent: false }],
    ['a thrown string', 'boom', { notSent: false }],
  ];
  it.each(rows)('%s', (_name, error, expected) => {
    const got = classifyNetworkFailure(error);
    expect({ code: got.code, notSent: got.notSent }).toEqual({
      code: expected.code,
      notSent: expected.notSent,
    });
    expect(got.message.length).toBeGreaterThan(0);
  });

  it('recognises errors from another realm (no instanceof)', () => {
    const foreign = { message: 'fetch failed', cause: { message: 'x', code: 'ECONNREFUSED' } };
    Object.defineProperty(foreign, Symbol.toStringTag, { value: 'Error' });
    Object.defineProperty(foreign.cause, Symbol.toStringTag, { value: 'Error' });
    expect(classifyNetworkFailure(foreign)).toMatchObject({ code: 'ECONNREFUSED', notSent: true });
  });
});
