import {
  upstreamVerdict,
  type ProbeOutcome,
  type ProbeSubject,
} from '../../../src/doctor/domain/upstream-verdict';

const subject: ProbeSubject = {
  service: 'The Organizations API',
  locationVariable: 'ATLASSIAN_API_BASE_URL',
  onRefused: 'REFUSED-FIX',
  onForbidden: 'FORBIDDEN-FIX',
  onNotFound: 'NOT-FOUND-FIX',
};

const cases: Array<[string, ProbeOutcome, 'pass' | 'fail', RegExp, RegExp | null]> = [
  ['success', { kind: 'ok' }, 'pass', /^all good$/, null],
  ['401', { kind: 'http', status: 401 }, 'fail', /HTTP 401: the credential was refused/, /^REFUSED-FIX$/],
  [
    '403',
    { kind: 'http', status: 403, code: 'forbidden' },
    'fail',
    /HTTP 403 \(forbidden\)/,
    /^FORBIDDEN-FIX$/,
  ],
  ['404', { kind: 'http', status: 404 }, 'fail', /not found/, /^NOT-FOUND-FIX$/],
  ['429', { kind: 'http', status: 429 }, 'fail', /rate limited/, /Wait a minute/],
  ['503', { kind: 'http', status: 503 }, 'fail', /server error/, /status\.atlassian\.com/],
  ['418', { kind: 'http', status: 418 }, 'fail', /HTTP 418\.$/, /Check ATLASSIAN_API_BASE_URL/],
  ['timeout', { kind: 'timeout', timeoutMs: 2500 }, 'fail', /within 2\.5 s/, /Check ATLASSIAN_API_BASE_URL/],
  [
    'refused',
    { kind: 'network', code: 'ECONNREFUSED' },
    'fail',
    /\(ECONNREFUSED\)/,
    /Check ATLASSIAN_API_BASE_URL \(host and port\)/,
  ],
  ['no code', { kind: 'network' }, 'fail', /could not be reached\.$/, /DNS, firewall/],
  ['shape', { kind: 'shape' }, 'fail', /not in the shape/, /points at the API itself/],
];

test.each(cases)('%s', (_name, outcome, status, detail, fix) => {
  const verdict = upstreamVerdict(outcome, subject, 'all good');
  expect(verdict.status).toBe(status);
  expect(verdict.detail).toMatch(detail);
  if (fix === null) expect(verdict.fix).toBeNull();
  else expect(verdict.fix).toMatch(fix);
});

test('a 403 falls back to the refusal fix when the subject has no separate one', () => {
  const { onForbidden: _unused, ...plain } = subject;
  expect(upstreamVerdict({ kind: 'http', status: 403 }, plain, '').fix).toBe('REFUSED-FIX');
});
