/**
 * The route-derived proxy client against a real proxy in front of the simulator, over fetch on
 * 127.0.0.1: paths come from the route table (placeholders encoded), answers are parsed with the
 * contract, and every failure is a typed error.
 */
import {
  createProxyClient,
  PROXY_CLIENT_ROUTES,
  ProxyInputError,
  ProxyProblemError,
  ProxyResponseFormatError,
  type ProxyTransport,
  type ProxyTransportRequest,
} from '../../../../src/contract/proxy/client';
import { IDP_PROBLEM_TYPES, PROBLEM_TYPES } from '../../../../src/contract/proxy';
import { ROUTES } from '../../../../src/contract/proxy/routes';
import { startHarness, TOKEN, type Harness } from '../../proxy/support/sim-proxy';
import { idOf } from '../../proxy/support/sim-state';
import { serveFetch } from '../../proxy/support/serve';

const BOB = 'bob.mover@acme.example';

function fetchTransport(
  baseUrl: string,
  token: string | null,
  sent: ProxyTransportRequest[] = [],
): ProxyTransport {
  return async (req) => {
    sent.push(req);
    return fetch(`${baseUrl}${req.path}`, {
      method: req.method,
      headers: { ...req.headers, ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      ...(req.body === undefined ? {} : { body: req.body }),
    });
  };
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.control.reset({ seed: 'demo' }));

test('one method per authenticated route with a response, named by its ROUTES key', () => {
  const expected = Object.entries(ROUTES)
    .filter(([, r]) => r.auth && 'response' in r)
    .map(([id]) => id);
  expect(PROXY_CLIENT_ROUTES).toEqual(expected);
  expect(expected).toEqual(
    expect.arrayContaining(['lookup', 'unlock', 'unlink', 'reactivate', 'scan', 'idpSync']),
  );
  const client = createProxyClient(fetchTransport(h.proxy.url, TOKEN));
  expect(Object.keys(client).sort()).toEqual([...expected].sort());
});

test('lookup sends its query encoded and resolves to the parsed response', async () => {
  const sent: ProxyTransportRequest[] = [];
  const client = createProxyClient(fetchTransport(h.proxy.url, TOKEN, sent));
  const found = await client.lookup({ query: { email: BOB } });
  expect(found.account).toMatchObject({ accountId: idOf(BOB), accountStatus: 'inactive' });
  expect(found.diagnosis.state).toBe('locked-by-scim');
  expect(sent).toEqual([
    {
      method: 'GET',
      path: `/v1/accounts/lookup?email=${encodeURIComponent(BOB)}`,
      headers: { accept: 'application/json, application/problem+json' },
    },
  ]);
});

test('a dry-run unlock fills the template with the encoded account id and changes nothing', async () => {
  const sent: ProxyTransportRequest[] = [];
  const client = createProxyClient(fetchTransport(h.proxy.url, TOKEN, sent));
  const before = await h.stateText();
  const accountId = idOf(BOB);
  expect(accountId).toContain(':');
  const planned = await client.unlock({ path: { accountId }, body: { reason: 'moved team', dryRun: true } });
  expect(planned.outcome).toBe('planned');
  expect(planned.steps.some((s) => s.status === 'planned')).toBe(true);
  expect(await h.stateText()).toBe(before);
  expect(sent[0]).toEqual({
    method: 'POST',
    path: `/v1/accounts/${accountId.replaceAll(':', '%3A')}/unlock`,
    headers: { accept: 'application/json, application/problem+json', 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'moved team', dryRun: true }),
  });
});

test('scan and the account actions answer through the same client', async () => {
  const client = createProxyClient(fetchTransport(h.proxy.url, TOKEN));
  const page = await client.scan({ body: { limit: 5 } });
  expect(page.items.length).toBeGreaterThan(0);
  const accountId = idOf(BOB);
  const unlink = await client.unlink({ path: { accountId }, body: { reason: 'check', dryRun: true } });
  expect(unlink.outcome).toBe('planned');
  const reactivate = await client.reactivate({
    path: { accountId },
    body: { reason: 'check', dryRun: true },
  });
  expect(['planned', 'blocked']).toContain(reactivate.outcome);
});

test('a problem answer becomes ProxyProblemError with the status and the parsed problem', async () => {
  const client = createProxyClient(fetchTransport(h.proxy.url, TOKEN));
  const refused = await client.unlock({ path: { accountId: idOf(BOB) }, body: { reason: '   ' } }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(refused).toBeInstanceOf(ProxyProblemError);
  const problem = refused as ProxyProblemError;
  expect(problem.status).toBe(400);
  expect(problem.route).toBe('unlock');
  expect(problem.problem?.type).toBe(PROBLEM_TYPES.validation);
  expect(problem.problem?.errors?.map((e) => e.path)).toContain('body.reason');

  const anonymous = createProxyClient(fetchTransport(h.proxy.url, null));
  await expect(anonymous.lookup({ query: { email: BOB } })).rejects.toMatchObject({
    name: 'ProxyProblemError',
    status: 401,
    problem: { type: PROBLEM_TYPES.unauthorized },
  });
  // Without Keycloak configuration the IdP route answers its own problem type.
  await expect(client.idpSync({ body: { dryRun: true } })).rejects.toMatchObject({
    status: 501,
    problem: { type: IDP_PROBLEM_TYPES.notConfigured },
  });
});

test('a path value its schema refuses is never sent', async () => {
  const sent: ProxyTransportRequest[] = [];
  const client = createProxyClient(fetchTransport(h.proxy.url, TOKEN, sent));
  for (const accountId of ['../admin', 'a/b', '', 'x%2F']) {
    const err = await client.unlock({ path: { accountId }, body: { reason: 'r' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProxyInputError);
    expect((err as ProxyInputError).issues[0]).toMatch(/^path\.accountId: /);
  }
  expect(sent).toEqual([]);
});

describe('answers the contract does not describe', () => {
  let other: Awaited<ReturnType<typeof serveFetch>>;
  let reply = { status: 200, body: '', type: 'application/json' };
  beforeAll(async () => {
    other = await serveFetch(
      () => new Response(reply.body, { status: reply.status, headers: { 'content-type': reply.type } }),
    );
  });
  afterAll(() => other.close());

  test.each([
    ['not JSON', 'lookup: ok', 'body: not JSON'],
    ['empty', '', 'body: not JSON'],
    ['the wrong shape', JSON.stringify({ items: 'many' }), 'body.items: invalid_type'],
  ])('a 2xx answer that is %s → ProxyResponseFormatError', async (_what, body, issue) => {
    reply = { status: 200, body, type: 'application/json' };
    const client = createProxyClient(fetchTransport(other.url, TOKEN));
    const err = await client.scan({ body: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProxyResponseFormatError);
    expect((err as ProxyResponseFormatError).issues).toContain(issue);
  });

  test('a non-2xx answer without problem details keeps its status and no problem', async () => {
    reply = { status: 502, body: '<html>bad gateway</html>', type: 'text/html' };
    const client = createProxyClient(fetchTransport(other.url, TOKEN));
    const err = await client.scan({ body: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProxyProblemError);
    expect(err).toMatchObject({ status: 502, problem: undefined });
  });
});
