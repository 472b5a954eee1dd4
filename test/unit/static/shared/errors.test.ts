import { ERROR_CODES } from '../../../../src/forge/platform/errors';
import {
  describeError,
  ResolverFailure,
  toUiError,
  unwrapResult,
  type UiErrorCode,
} from '../../../../static/shared/errors';

describe('describeError', () => {
  const codes: UiErrorCode[] = [...ERROR_CODES, 'bridge'];

  it.each(codes)('%s has its own title and a hint saying what to do', (code) => {
    const view = describeError({ code, message: 'What happened.' });
    expect(view.message).toBe('What happened.');
    expect(view.title.length).toBeGreaterThan(0);
    expect(view.hint).toMatch(/\.$/);
  });

  it('gives every code a different title', () => {
    const titles = codes.map((code) => describeError({ code, message: 'x' }).title);
    expect(new Set(titles).size).toBe(codes.length);
  });

  it('lists rejected fields for invalid input only', () => {
    const details = {
      fields: [
        { path: 'reason', message: 'is required' },
        { path: 'accountId', message: 'must be 1-128 characters' },
        { bogus: true },
        'text',
      ],
    };
    expect(
      describeError({ code: 'invalid-input', message: 'The request is not valid.', details }).fields,
    ).toEqual(['reason: is required', 'accountId: must be 1-128 characters']);
    expect(describeError({ code: 'conflict', message: 'x', details }).fields).toEqual([]);
  });

  it('falls back to the title when the message is blank', () => {
    expect(describeError({ code: 'forbidden', message: '  ' }).message).toBe(
      'You are not allowed to do this',
    );
  });
});

describe('unwrapResult', () => {
  it('returns data', () => {
    expect(unwrapResult<{ n: number }>({ data: { n: 1 } })).toEqual({ n: 1 });
    expect(unwrapResult<null>({ data: null })).toBeNull();
  });

  it('throws the resolver error as a ResolverFailure with its code, message and details', () => {
    const err = (() => {
      try {
        unwrapResult({ error: { code: 'rate-limited', message: 'Slow down.', details: { retryAfter: 30 } } });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(ResolverFailure);
    expect(toUiError(err)).toEqual({
      code: 'rate-limited',
      message: 'Slow down.',
      details: { retryAfter: 30 },
    });
  });

  it.each([
    ['an unknown code', { error: { code: 'weird', message: 'm' } }, 'internal', 'm'],
    ['a missing message', { error: { code: 'conflict' } }, 'conflict', 'The app reported an error.'],
    [
      'no data and no error',
      { other: 1 },
      'internal',
      'The app answered in a form this page does not understand.',
    ],
    ['undefined', undefined, 'internal', 'The app answered in a form this page does not understand.'],
    ['a string', 'data', 'internal', 'The app answered in a form this page does not understand.'],
  ])('treats %s as an error', (_name, raw, code, message) => {
    expect(() => unwrapResult(raw)).toThrow(ResolverFailure);
    try {
      unwrapResult(raw);
    } catch (e) {
      expect(toUiError(e)).toEqual({ code, message });
    }
  });
});

describe('toUiError', () => {
  it('never shows the text of an unexpected throwable', () => {
    expect(toUiError(new Error('secret token abc'))).toEqual({
      code: 'bridge',
      message: 'The request to Jira did not complete.',
    });
  });
});
