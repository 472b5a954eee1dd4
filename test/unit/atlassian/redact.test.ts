import { createHttpError } from '../../../src/atlassian/errors';
import {
  createRedactor,
  REDACTED,
  redactString,
  redactUrl,
  redactValue,
} from '../../../src/atlassian/redact';

describe('redactString (pattern rules)', () => {
  const rows: Array<[string, string, string]> = [
    ['bearer scheme', 'sent Bearer abc.DEF-123_x~+/= ok', `sent Bearer ${REDACTED} ok`],
    ['basic scheme', 'Basic dXNlcjpwYXNz', `Basic ${REDACTED}`],
    ['Authorization header line', 'Authorization: Bearer s3cr3t-token', `Authorization: ${REDACTED}`],
    ['JSON-dumped header', '{"authorization":"Bearer s3cr3t"}', `{"authorization":"${REDACTED}"}`],
    ['proxy-authorization', 'Proxy-Authorization=Basic abc', `Proxy-Authorization=${REDACTED}`],
    [
      'userinfo in URL',
      'GET https://admin:hunter2@api.example.com/x',
      `GET https://${REDACTED}@api.example.com/x`,
    ],
    [
      'secret query params',
      'https://h/p?access_token=abc&limit=5&api_key=zzz',
      `https://h/p?access_token=${REDACTED}&limit=5&api_key=${REDACTED}`,
    ],
    ['key param', 'https://h/p?key=abc', `https://h/p?key=${REDACTED}`],
    [
      'non-secret params untouched',
      'https://h/p?cursor=abc&filter=userName',
      'https://h/p?cursor=abc&filter=userName',
    ],
    ['JWT', 'fit eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl end', `fit ${REDACTED} end`],
    ['Atlassian token prefix', 'key ATATT3xFfGF0abcdefghijklmnop123 used', `key ${REDACTED} used`],
    ['Atlassian admin key prefix', 'ATCTT3xFfGN0abcdefghijklmnop=', REDACTED],
    ['plain text untouched', 'User not found: alice@example.com', 'User not found: alice@example.com'],
  ];
  it.each(rows)('%s', (_name, input, expected) => {
    expect(redactString(input)).toBe(expected);
  });
});

describe('createRedactor (known secrets)', () => {
  const secret = 'plainkey_without_shape_42';
  const r = createRedactor([secret, 'short', undefined]);

  it('masks known secret values anywhere, raw or URL-encoded', () => {
    expect(r.string(`detail: key ${secret} rejected`)).toBe(`detail: key ${REDACTED} rejected`);
    const withSpecial = createRedactor(['k3y/with+special=']);
    expect(withSpecial.string(`https://h/x?q=${encodeURIComponent('k3y/with+special=')}`)).toBe(
      `https://h/x?q=${REDACTED}`,
    );
  });

  it('ignores too-short secrets rather than shredding text', () => {
    expect(r.string('a short message')).toBe('a short message');
  });

  it('extends with more secrets', () => {
    const r2 = r.with(['another-secret-value']);
    expect(r2.string(`another-secret-value and ${secret}`)).toBe(`${REDACTED} and ${REDACTED}`);
    expect(r.string('another-secret-value')).toBe('another-secret-value');
  });

  it('prefers the longest secret when one contains another', () => {
    const nested = createRedactor(['abcdefgh', 'abcdefgh-extended']);
    expect(nested.string('x abcdefgh-extended y')).toBe(`x ${REDACTED} y`);
  });
});

describe('redactValue (structured)', () => {
  it('redacts secret-named keys and strings in nested objects and arrays', () => {
    const input = {
      headers: { Authorization: 'Bearer abc', accept: 'application/json' },
      config: { orgApiKey: 'k', scimKeys: { dir1: 'x' }, orgId: 'org-1', password: 'p', controlToken: 't' },
      list: [{ url: 'https://u:p@h/p?token=zzz' }, 'Bearer q'],
      key: 'forbidden.action',
      count: 3,
      nothing: null,
    };
    expect(redactValue(input)).toEqual({
      headers: { Authorization: REDACTED, accept: 'application/json' },
      config: {
        orgApiKey: REDACTED,
        scimKeys: REDACTED,
        orgId: 'org-1',
        password: REDACTED,
        controlToken: REDACTED,
      },
      list: [{ url: `https://${REDACTED}@h/p?token=${REDACTED}` }, `Bearer ${REDACTED}`],
      key: 'forbidden.action',
      count: 3,
      nothing: null,
    });
  });

  it('does not mutate its input', () => {
    const input = { authorization: 'Bearer x' };
    redactValue(input);
    expect(input.authorization).toBe('Bearer x');
  });

  it('turns errors into name/message/code/cause without stacks', () => {
    const cause = Object.assign(new Error('connect to https://u:pw@h failed'), { code: 'ECONNREFUSED' });
    const err = new Error('call with Bearer tok123 failed', { cause });
    expect(redactValue({ err })).toEqual({
      err: {
        name: 'Error',
        message: `call with Bearer ${REDACTED} failed`,
        cause: { name: 'Error', message: `connect to https://${REDACTED}@h failed`, code: 'ECONNREFUSED' },
      },
    });
  });

  it('redacts Headers and Map instances', () => {
    const headers = new Headers({
      Authorization: 'Bearer a',
      'X-Api-Key': 'b',
      'content-type': 'text/plain',
    });
    expect(redactValue(headers)).toEqual({
      authorization: REDACTED,
      'x-api-key': REDACTED,
      'content-type': 'text/plain',
    });
    expect(
      redactValue(
        new Map([
          ['token', 'a'],
          ['name', 'Bearer b'],
        ]),
      ),
    ).toEqual({ token: REDACTED, name: `Bearer ${REDACTED}` });
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactValue(a)).toEqual({ name: 'a', self: '[Circular]' });
  });

  it('uses known secrets inside structures', () => {
    const r = createRedactor(['dir-key-0123456789']);
    expect(r.value({ message: 'bad dir-key-0123456789', nested: ['dir-key-0123456789'] })).toEqual({
      message: `bad ${REDACTED}`,
      nested: [REDACTED],
    });
  });
});

describe('redactUrl', () => {
  it('drops userinfo and masks secret parameters and known keys', () => {
    const r = createRedactor(['sekret-path-value']);
    expect(redactUrl('https://me:pw@api.example.com/a/sekret-path-value?token=1&cursor=2', r)).toBe(
      `https://api.example.com/a/${REDACTED}?token=${REDACTED}&cursor=2`,
    );
  });
  it('handles non-URLs as strings', () => {
    expect(redactUrl('not a url Bearer x')).toBe(`not a url Bearer ${REDACTED}`);
  });
});

describe('redactValue on the Atlassian error family', () => {
  it('keeps structured fields from toJSON and redacts them', () => {
    const err = createHttpError(
      { operationId: 'um.enable', api: 'userManagement', method: 'POST', url: 'http://h/users/a?token=abc' },
      { status: 403, code: 'forbidden.action', reason: 'externalDirectory.scim', detail: 'Bearer abc' },
    );
    expect(redactValue(err)).toMatchObject({
      name: 'AtlassianForbiddenError',
      operationId: 'um.enable',
      status: 403,
      reason: 'externalDirectory.scim',
      url: `http://h/users/a?token=${REDACTED}`,
      detail: `Bearer ${REDACTED}`,
    });
    expect(redactValue(err)).not.toHaveProperty('stack');
  });
});
