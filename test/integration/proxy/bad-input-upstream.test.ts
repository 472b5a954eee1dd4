/**
 * Bad input reaches no upstream: a batch of malformed requests against the real proxy wired to the
 * real simulator, then the simulator's call log must be empty. (routes.test.ts proves each refusal's
 * status and problem shape; this proves the refusals happen before any Atlassian call.)
 */
import { TOKEN, startHarness, type Harness } from './support/sim-proxy';
import { rawRequest } from './support/serve';
import { idOf } from './support/sim-state';

const OLIVIA = 'olivia.owner@acme.example';
const BOB = idOf('bob.mover@acme.example');

describe('bad input reaches no upstream', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: () => ({ PROTECTED_ACCOUNTS: `alice.admin@acme.example,${idOf(OLIVIA)}` }),
    });
  });
  afterAll(() => h.close());

  test('every malformed request is refused and the simulator saw no call', async () => {
    await h.control.clearCalls();
    const long = 'x'.repeat(10_000);
    const gets = [
      '/v1/accounts/lookup?email=not-an-email',
      `/v1/accounts/lookup?email=${long}@acme.example`,
      '/v1/accounts/lookup?accountId=a%2Fb',
      '/v1/accounts/lookup?accountId=..',
      '/v1/accounts/lookup?accountId=a%20b',
      '/v1/accounts/lookup?email=bob.mover@acme.example&accountId=abc',
      '/v1/accounts/lookup',
      '/v1/accounts/lookup?accountId=abc&extra=1',
    ];
    const posts: Array<[string, unknown]> = [
      [`/v1/accounts/${BOB}/unlock`, {}],
      [`/v1/accounts/${BOB}/unlock`, { reason: '   ' }],
      [`/v1/accounts/${BOB}/unlock`, { reason: 'r'.repeat(501) }],
      [`/v1/accounts/${BOB}/unlock`, { reason: 'ok', dryRun: 'yes' }],
      [`/v1/accounts/${BOB}/unlock`, { reason: 'ok', method: 'purge' }],
      [`/v1/accounts/${BOB}/unlock`, { reason: 'ok', admin: true }],
      [`/v1/accounts/${BOB}/unlink`, { reason: 'ok', method: 'delete', directoryId: h.okta }],
      [`/v1/accounts/${BOB}/unlink`, { reason: 'ok', directoryId: 'a/b' }],
      [`/v1/accounts/${BOB}/deactivate`, { reason: 'ok', message: long }],
      [`/v1/accounts/${BOB}/reactivate`, 'not json'],
      ['/v1/accounts/a%2Fb/unlock', { reason: 'ok' }],
      ['/v1/accounts/a%20b/unlock', { reason: 'ok' }],
      [`/v1/accounts/${long}/unlock`, { reason: 'ok' }],
      ['/v1/scan/deactivated-by-sync', { limit: 101 }],
      ['/v1/scan/deactivated-by-sync', { limit: 0 }],
      ['/v1/scan/deactivated-by-sync', { cursor: 'not a cursor' }],
      ['/v1/scan/deactivated-by-sync', { cursor: 'abc' }],
      ['/v1/scan/deactivated-by-sync', { cursor: 'v1.AAAA' }],
      // Protected by account id: refused before anything is read.
      [`/v1/accounts/${idOf(OLIVIA)}/deactivate`, { reason: 'ok' }],
    ];
    const statuses: number[] = [];
    for (const path of gets) statuses.push((await h.call('GET', path)).status);
    for (const [path, body] of posts) statuses.push((await h.call('POST', path, body)).status);
    // Paths fetch() would normalise are sent verbatim.
    // (`/v1/accounts/a/../b/unlock` is not among them: the server resolves dot segments per RFC 3986,
    // so it is a valid request for account `b`.)
    for (const path of ['/v1/accounts/..%2F..%2Fadmin/unlock', '/v1/accounts/%2E%2E/unlock']) {
      const res = await rawRequest(h.proxy.url, {
        method: 'POST',
        path,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'ok' }),
      });
      statuses.push(res.status);
    }
    for (const status of statuses) expect([400, 403, 404, 413]).toContain(status);
    expect(statuses.filter((s) => s === 403)).toHaveLength(1);
    expect((await h.control.calls()).calls).toEqual([]);
  });
});
