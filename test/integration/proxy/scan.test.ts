/**
 * The scan for SCIM-deactivated accounts against the demo organisation: what it finds, how it pages,
 * and — from the simulator's call log — that it takes the cheap path (one org search per page, one
 * link lookup per candidate, SCIM reads by id only) rather than a lookup per account or a SCIM walk.
 */
import { CandidatesResponse, ScanResponse, VerifyResponse, type ScanItem } from '../../../src/contract/proxy';
import type { CallRecord } from '../../../src/sandbox/sim/control-client';
import { startHarness, type Harness } from './support/sim-proxy';

const LOCKED = [
  'bob.mover@acme.example',
  'carla.both@acme.example',
  'dan.deactivated@acme.example',
  'leo.exportcontrol@acme.example',
  'mia.pendingdeletion@acme.example',
  'nora.contractor@acme-labs.example',
];
/** Inactive without any link left (erin unlinked, frank deleted), or not deactivated at all. */
const NOT_FLAGGED = [
  'erin.unlinked@acme.example',
  'frank.deleted@acme.example',
  'alice.admin@acme.example',
  'gina.suspended@acme.example',
  'jack.external@gmail.com',
  'kate.partner@partner.example',
];

type CallKind =
  | 'directories'
  | 'all-directories search'
  | 'directory search'
  | 'get-scim-links'
  | 'scim get user'
  | 'other';

function kindOf(c: Pick<CallRecord, 'method' | 'path'>, orgId: string): CallKind {
  if (c.method === 'GET' && c.path === `/admin/v2/orgs/${orgId}/directories`) return 'directories';
  if (c.method === 'POST' && c.path === `/admin/v2/orgs/${orgId}/directories/-/users/search`)
    return 'all-directories search';
  if (c.method === 'POST' && /^\/admin\/v2\/orgs\/[^/]+\/directories\/[^/]+\/users\/search$/.test(c.path))
    return 'directory search';
  if (
    c.method === 'GET' &&
    /^\/admin\/user-provisioning\/v1\/org\/[^/]+\/user\/[^/]+\/get-scim-links$/.test(c.path)
  )
    return 'get-scim-links';
  if (c.method === 'GET' && /^\/scim\/directory\/[^/]+\/Users\/[^/]+$/.test(c.path)) return 'scim get user';
  return 'other';
}

async function scanAll(h: Harness, limit: number): Promise<ScanItem[][]> {
  const pages: ScanItem[][] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard += 1) {
    const res = await h.call('POST', '/v1/scan/deactivated-by-sync', {
      limit,
      ...(cursor ? { cursor } : {}),
    });
    expect(res.status).toBe(200);
    const page = ScanResponse.parse(res.body);
    pages.push(page.items);
    if (page.nextCursor === null) return pages;
    cursor = page.nextCursor;
  }
  throw new Error('the scan did not end');
}

describe('scan for accounts deactivated by SCIM', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.control.reset({ seed: 'demo' });
    await h.control.clearCalls();
  });

  test('finds the SCIM-locked demo accounts with high confidence and leaves the rest out', async () => {
    const items = (await scanAll(h, 100)).flat();
    const byEmail = new Map(items.map((i) => [i.account.email, i]));
    for (const email of LOCKED) {
      expect(byEmail.get(email)).toMatchObject({
        confidence: 'high',
        account: { accountStatus: 'inactive' },
      });
    }
    for (const email of NOT_FLAGGED) expect(byEmail.has(email)).toBe(false);
    for (const item of items) {
      expect(['high', 'medium']).toContain(item.confidence);
      expect(item.account).toMatchObject({ accountStatus: 'inactive', claimStatus: 'managed' });
      expect(item.scimLinks.length).toBeGreaterThan(0);
    }
    // Carla is linked and a member in both directories; her item says so.
    const carla = byEmail.get('carla.both@acme.example');
    expect(carla?.scimLinks.map((l) => l.directoryId).sort()).toEqual([h.okta, h.entra].sort());
    expect(carla?.account.memberships.map((m) => m.directoryId).sort()).toEqual([h.okta, h.entra].sort());
  });

  test('pages with cursor and limit: small pages add up to the same set, without duplicates', async () => {
    const whole = (await scanAll(h, 100)).flat().map((i) => i.account.accountId);
    const pages = await scanAll(h, 7);
    expect(pages.length).toBeGreaterThan(2);
    const paged = pages.flat().map((i) => i.account.accountId);
    expect(new Set(paged).size).toBe(paged.length);
    expect([...paged].sort()).toEqual([...whole].sort());
  });

  test('takes the cheap path: one org search per page, one link lookup per candidate, SCIM reads by id only', async () => {
    // Warm the directory cache so the page below shows only its own work.
    await h.call('POST', '/v1/scan/deactivated-by-sync', { limit: 1 });
    await h.control.clearCalls();

    const res = await h.call('POST', '/v1/scan/deactivated-by-sync', { limit: 10 });
    const page = ScanResponse.parse(res.body);
    const { calls } = await h.control.calls();
    const orgId = h.sim.identity.org.id;
    const kinds = calls.map((c) => kindOf(c, orgId));

    expect(kinds).not.toContain('other');
    expect(kinds).not.toContain('directories');
    expect(kinds.filter((k) => k === 'all-directories search')).toHaveLength(1);
    // The demo has far more than 10 inactive managed accounts, so the page holds exactly 10 candidates.
    expect(kinds.filter((k) => k === 'get-scim-links')).toHaveLength(10);
    // SCIM reads only for links found, never a listing of the directory's users.
    const linkedRecords = page.items.reduce((n, i) => n + i.scimLinks.length, 0);
    expect(kinds.filter((k) => k === 'scim get user').length).toBeGreaterThanOrEqual(linkedRecords);
    expect(calls.some((c) => c.path.endsWith('/Users'))).toBe(false);
    // Per-directory searches only to place the flagged items' memberships: one per directory per 10 ids.
    expect(kinds.filter((k) => k === 'directory search').length).toBeLessThanOrEqual(2);
    // The answer's call list is exactly what the upstream saw.
    expect(page.calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual(
      calls.map((c) => `${c.method} ${c.path}`).sort(),
    );
  });
});

describe('incremental scan reads: candidates and verify', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.control.reset({ seed: 'demo' });
    // Warm the directory cache so each request below shows only its own work.
    await h.call('POST', '/v1/scan/verify', { accountIds: ['warm-up'], read: 'links' });
    await h.control.clearCalls();
  });

  async function kinds(): Promise<CallKind[]> {
    const { calls } = await h.control.calls();
    return calls.map((c) => kindOf(c, h.sim.identity.org.id));
  }

  test('candidates: one org search per page and nothing per account; verify finds what the full scan finds', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (let guard = 0; guard < 50; guard++) {
      const res = await h.call('POST', '/v1/scan/candidates', { limit: 7, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      const page = CandidatesResponse.parse(res.body);
      pages++;
      ids.push(...page.candidates.map((c) => c.accountId));
      for (const c of page.candidates)
        expect(c).toMatchObject({ accountStatus: 'inactive', claimStatus: 'managed' });
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(await kinds()).toEqual(Array.from({ length: pages }, () => 'all-directories search'));
    expect(new Set(ids).size).toBe(ids.length);

    await h.control.clearCalls();
    const flagged: string[] = [];
    let links = 0;
    for (let i = 0; i < ids.length; i += 50) {
      const res = await h.call('POST', '/v1/scan/verify', { accountIds: ids.slice(i, i + 50) });
      const answer = VerifyResponse.parse(res.body);
      for (const a of answer.accounts) {
        links += a.links.length;
        if (a.verdict?.confidence === 'high' || a.verdict?.confidence === 'medium') flagged.push(a.accountId);
      }
    }
    const k = await kinds();
    // No membership searches: one link read per account, one SCIM read per link.
    expect(k.filter((x) => x === 'get-scim-links')).toHaveLength(ids.length);
    expect(k.filter((x) => x === 'scim get user')).toHaveLength(links);
    expect(k.filter((x) => x !== 'get-scim-links' && x !== 'scim get user')).toEqual([]);

    const full = (await scanAll(h, 100)).flat().map((i) => i.account.accountId);
    expect(flagged.sort()).toEqual(full.sort());
  });

  test('verify keeps the evidence a flag shows, and `links` reads the links only', async () => {
    const res = await h.call('POST', '/v1/scan/candidates', { limit: 100 });
    const candidates = CandidatesResponse.parse(res.body).candidates;
    const bobId = candidates.find((c) => c.email === 'bob.mover@acme.example')?.accountId;
    if (bobId === undefined) throw new Error('Bob is a candidate in the demo');

    await h.control.clearCalls();
    const full = VerifyResponse.parse(
      (await h.call('POST', '/v1/scan/verify', { accountIds: [bobId] })).body,
    );
    expect(full.accounts[0]).toMatchObject({
      accountId: bobId,
      links: [{ directoryId: h.okta, record: 'known', active: false }],
      verdict: { confidence: 'high' },
    });
    expect(Date.parse(full.accounts[0]?.links[0]?.lastModified ?? '')).not.toBeNaN();
    expect(await kinds()).toEqual(['get-scim-links', 'scim get user']);

    await h.control.clearCalls();
    const onlyLinks = VerifyResponse.parse(
      (await h.call('POST', '/v1/scan/verify', { accountIds: [bobId], read: 'links' })).body,
    );
    expect(onlyLinks.accounts[0]).toMatchObject({
      links: [{ directoryId: h.okta, record: null, active: null, lastModified: null }],
      verdict: null,
    });
    expect(await kinds()).toEqual(['get-scim-links']);
  });

  test('refuses more than 50 accounts, or none, before any upstream call', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `acc-${i}`);
    expect((await h.call('POST', '/v1/scan/verify', { accountIds: many })).status).toBe(400);
    expect((await h.call('POST', '/v1/scan/verify', { accountIds: [] })).status).toBe(400);
    expect((await h.call('POST', '/v1/scan/verify', { accountIds: ['../x'] })).status).toBe(400);
    expect((await h.call('POST', '/v1/scan/candidates', { limit: 101 })).status).toBe(400);
    expect(await kinds()).toEqual([]);
  });
});

describe('scan without the SCIM key of one directory', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      env: (sim) => ({
        SCIM_DIRECTORY_KEYS: JSON.stringify({
          [sim.identity.directories[0]!.id]: sim.identity.directories[0]!.scimKey,
        }),
      }),
    });
  });
  afterAll(() => h.close());

  test('a link whose record cannot be read gives medium confidence', async () => {
    const items = (await scanAll(h, 100)).flat();
    const nora = items.find((i) => i.account.email === 'nora.contractor@acme-labs.example');
    expect(nora).toMatchObject({
      confidence: 'medium',
      scimLinks: [{ directoryId: h.entra, record: 'no-key', active: null }],
    });
    expect(items.find((i) => i.account.email === 'bob.mover@acme.example')?.confidence).toBe('high');
  });
});
