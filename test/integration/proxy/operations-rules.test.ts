/**
 * Table-driven tests of the operations service's pure rules: whether a step's effect holds in a
 * snapshot, how a failed mutation is read, the scan cursor, the upstream-to-domain mapping and the
 * bounded concurrent map. (Kept beside the simulator-backed proxy tests because this folder is where the
 * operations service's tests live; nothing here makes a request.)
 */
import {
  AtlassianBadRequestError,
  AtlassianConflictError,
  AtlassianForbiddenError,
  AtlassianNetworkError,
  AtlassianNotFoundError,
  AtlassianRateLimitedError,
  AtlassianResponseShapeError,
  AtlassianServerError,
  AtlassianTimeoutError,
  type AtlassianErrorContext,
} from '../../../src/atlassian';
import type { PlannedCall, PlanStep } from '../../../src/proxy/accounts/domain/plan';
import type { OperationId, OperationParams } from '../../../src/atlassian/operations';
import type { AccountSnapshot } from '../../../src/proxy/accounts/domain/snapshot';
import { ValidationProblem } from '../../../src/proxy/http/problems';
import { mapConcurrent } from '../../../src/lib/map-concurrent';
import { decodeScanCursor, encodeScanCursor } from '../../../src/proxy/scan/scan-cursor';
import { stepSatisfied } from '../../../src/proxy/mutations/domain/step-checks';
import {
  blockerFromRefusal,
  describeFailure,
  isRecoverable,
  mayAlreadyHold,
  requestedWaitMs,
} from '../../../src/proxy/mutations/domain/upstream-outcome';
import { toDomainUser, toEnablement, toRecordState } from '../../../src/proxy/upstream/upstream-mapping';

const ctx = (
  operationId: string,
  api: AtlassianErrorContext['api'] = 'userManagement',
): AtlassianErrorContext => ({
  operationId,
  api,
  method: 'POST',
  url: 'https://api.atlassian.com/x',
});

const snap = (over: Partial<AccountSnapshot> = {}): AccountSnapshot => ({
  accountId: 'acc-1',
  user: {
    accountId: 'acc-1',
    email: 'a@acme.example',
    name: 'A',
    accountStatus: 'inactive',
    status: 'deactivated',
    claimStatus: 'managed',
    managementSource: 'synced',
  },
  memberships: [{ directoryId: 'd1', directoryName: 'Okta', membershipStatus: 'suspended' }],
  scimLinks: [{ directoryId: 'd1', directoryName: 'Okta', scimUserId: 's1', record: { kind: 'no-key' } }],
  enablement: null,
  ...over,
});
const active = snap({
  user: { ...snap().user!, accountStatus: 'active', status: 'active' },
  memberships: [{ directoryId: 'd1', directoryName: 'Okta', membershipStatus: 'active' }],
  scimLinks: [],
});

const step = <K extends OperationId>(operation: K, params: OperationParams<K>): PlanStep => ({
  action: 'verify',
  target: 't',
  status: 'planned',
  detail: 'd',
  call: { operation, params } as PlannedCall,
});

describe('stepSatisfied', () => {
  test.each<[string, PlanStep, AccountSnapshot, boolean]>([
    [
      'unlink: link still there',
      step('scimLinks.unlink', { orgId: 'o', scimDirectoryId: 'd1', scimUserId: 's1' }),
      snap(),
      false,
    ],
    [
      'unlink: link gone',
      step('scimLinks.unlink', { orgId: 'o', scimDirectoryId: 'd1', scimUserId: 's1' }),
      active,
      true,
    ],
    [
      'unlink: another link of the same directory does not count',
      step('scimLinks.unlink', { orgId: 'o', scimDirectoryId: 'd1', scimUserId: 's2' }),
      snap(),
      true,
    ],
    [
      'delete: links remain',
      step('scimLinks.onlyDeleteUserInDB', { orgId: 'o', AAID: 'acc-1' }),
      snap(),
      false,
    ],
    [
      'delete: no link left',
      step('scimLinks.onlyDeleteUserInDB', { orgId: 'o', AAID: 'acc-1' }),
      active,
      true,
    ],
    ['enable: inactive', step('um.enable', { account_id: 'acc-1' }), snap(), false],
    ['enable: active', step('um.enable', { account_id: 'acc-1' }), active, true],
    ['enable: account gone', step('um.enable', { account_id: 'acc-1' }), snap({ user: null }), false],
    ['disable: inactive', step('um.disable', { account_id: 'acc-1' }), snap(), true],
    ['disable: active', step('um.disable', { account_id: 'acc-1' }), active, false],
    [
      'restore: suspended',
      step('org.restoreUser', { orgId: 'o', directoryId: 'd1', accountId: 'acc-1' }),
      snap(),
      false,
    ],
    [
      'restore: active',
      step('org.restoreUser', { orgId: 'o', directoryId: 'd1', accountId: 'acc-1' }),
      active,
      true,
    ],
    [
      'restore: other directory',
      step('org.restoreUser', { orgId: 'o', directoryId: 'd2', accountId: 'acc-1' }),
      active,
      false,
    ],
    [
      'suspend: suspended',
      step('org.suspendUser', { orgId: 'o', directoryId: 'd1', accountId: 'acc-1' }),
      snap(),
      true,
    ],
    [
      'suspend: active',
      step('org.suspendUser', { orgId: 'o', directoryId: 'd1', accountId: 'acc-1' }),
      active,
      false,
    ],
    [
      'a read is never a confirmed mutation',
      step('org.searchUsers', { orgId: 'o', directoryId: 'd1' }),
      active,
      false,
    ],
  ])('%s', (_name, s, snapshot, expected) => {
    expect(stepSatisfied(s, snapshot)).toBe(expected);
  });
});

describe('reading a failed mutation', () => {
  const http = <T>(
    Cls: new (
      c: AtlassianErrorContext,
      d: { status: number; code?: string; reason?: string; retryAfterMs?: number },
    ) => T,
    op: string,
    status: number,
    extra: { code?: string; reason?: string; retryAfterMs?: number } = {},
  ) => new Cls(ctx(op), { status, ...extra });

  test.each<[string, unknown, boolean]>([
    [
      'network error (ambiguous)',
      new AtlassianNetworkError('m', ctx('um.enable'), { ambiguous: true }),
      true,
    ],
    ['timeout', new AtlassianTimeoutError(ctx('um.enable'), { ambiguous: true, timeoutMs: 5 }), true],
    ['500', http(AtlassianServerError, 'um.enable', 500), true],
    ['429', http(AtlassianRateLimitedError, 'um.enable', 429), true],
    ['403', http(AtlassianForbiddenError, 'um.enable', 403), false],
    ['409', http(AtlassianConflictError, 'um.enable', 409), false],
    ['400', http(AtlassianBadRequestError, 'um.enable', 400), false],
    ['odd 2xx body', new AtlassianResponseShapeError(ctx('um.enable'), 200, []), false],
    ['not an Atlassian error', new Error('boom'), false],
  ])('isRecoverable: %s', (_name, err, expected) => {
    expect(isRecoverable(err)).toBe(expected);
  });

  test.each<[string, unknown, boolean]>([
    [
      '404 (link or record already gone)',
      http(AtlassianNotFoundError, 'scimLinks.onlyDeleteUserInDB', 404),
      true,
    ],
    ['409', http(AtlassianConflictError, 'um.enable', 409), true],
    ['403', http(AtlassianForbiddenError, 'um.enable', 403), false],
    ['500 (recoverable instead)', http(AtlassianServerError, 'um.enable', 500), false],
    ['network error', new AtlassianNetworkError('m', ctx('um.enable'), { ambiguous: true }), false],
  ])('mayAlreadyHold: %s', (_name, err, expected) => {
    expect(mayAlreadyHold(err)).toBe(expected);
  });

  test.each<[string, unknown, string | null]>([
    [
      'export control',
      http(AtlassianForbiddenError, 'um.enable', 403, {
        code: 'forbidden.action',
        reason: 'blocked.exportControl',
      }),
      'export-control',
    ],
    [
      'google sync',
      http(AtlassianForbiddenError, 'um.enable', 403, { reason: 'externalDirectory.google' }),
      'google-sync-needs-support',
    ],
    [
      'scim link on enable',
      http(AtlassianForbiddenError, 'um.enable', 403, { reason: 'externalDirectory.scim' }),
      'scim-link-present',
    ],
    [
      'scim link on disable',
      http(AtlassianForbiddenError, 'um.disable', 403, { reason: 'externalDirectory.scim' }),
      'managed-by-scim',
    ],
    [
      'pending deletion',
      http(AtlassianConflictError, 'um.enable', 409, {
        code: 'conflict.lifecycleErrors',
        reason: 'account.pendingDeletion',
      }),
      'pending-deletion',
    ],
    [
      'closed',
      http(AtlassianConflictError, 'um.enable', 409, { reason: 'account.closed' }),
      'account-closed',
    ],
    [
      'unmanaged',
      http(AtlassianForbiddenError, 'um.enable', 403, { code: 'forbidden.targetUnverified' }),
      'not-managed',
    ],
    [
      'other UM refusal',
      http(AtlassianForbiddenError, 'um.enable', 403, { code: 'forbidden.action', reason: 'administrative' }),
      'lifecycle-not-allowed',
    ],
    ['unlink 404 is no precondition', http(AtlassianForbiddenError, 'scimLinks.unlink', 404), null],
    ['429 is not a refusal', http(AtlassianRateLimitedError, 'um.enable', 429), null],
    ['5xx is not a refusal', http(AtlassianServerError, 'um.enable', 503), null],
    ['network error', new AtlassianNetworkError('m', ctx('um.enable'), { ambiguous: true }), null],
  ])('blockerFromRefusal: %s', (_name, err, code) => {
    expect(blockerFromRefusal(err)?.code ?? null).toBe(code);
  });

  test.each<[string, unknown, RegExp]>([
    [
      'http with key',
      http(AtlassianForbiddenError, 'um.enable', 403, { reason: 'blocked.exportControl' }),
      /^um\.enable answered HTTP 403 \(blocked\.exportControl\)$/,
    ],
    [
      'http without key',
      http(AtlassianServerError, 'org.restoreUser', 502),
      /^org\.restoreUser answered HTTP 502$/,
    ],
    [
      'ambiguous network',
      new AtlassianNetworkError('secret-looking message', ctx('scimLinks.unlink'), { ambiguous: true }),
      /^scimLinks\.unlink got no answer \(the change may or may not have been applied\)$/,
    ],
    ['other', new Error('Bearer abc'), /^the proxy failed unexpectedly$/],
  ])('describeFailure: %s (never the upstream message)', (_name, err, re) => {
    expect(describeFailure(err)).toMatch(re);
  });

  test('requestedWaitMs reads the wait a 429 asked for', () => {
    expect(requestedWaitMs(http(AtlassianRateLimitedError, 'um.enable', 429, { retryAfterMs: 2000 }))).toBe(
      2000,
    );
    expect(requestedWaitMs(http(AtlassianRateLimitedError, 'um.enable', 429))).toBeUndefined();
    expect(requestedWaitMs(new Error('x'))).toBeUndefined();
  });
});

describe('scan cursor', () => {
  test.each(['eyJvIjoyMH0', 'a+b/c=d', 'x'.repeat(1500), 'cursor with ~ and :'.replace(/ /g, '_')])(
    'round-trips %s',
    (orgCursor) => {
      const token = encodeScanCursor(orgCursor);
      expect(token).toMatch(/^[A-Za-z0-9._~+/=:-]{1,2048}$/);
      expect(decodeScanCursor(token)).toBe(orgCursor);
    },
  );
  test.each([
    'abc',
    'v1.',
    'v1.AAAA',
    'v2.YWJj',
    'v1.YWJj=',
    'v1.YW Jj',
    `v1.${Buffer.from('a b').toString('base64url')}`,
  ])('refuses %s before any call', (token) => {
    expect(() => decodeScanCursor(token)).toThrow(ValidationProblem);
  });
});

describe('upstream to domain mapping', () => {
  test.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'known values',
      {
        accountId: 'a',
        accountStatus: 'inactive',
        status: 'for_deletion',
        claimStatus: 'managed',
        managementSource: 'synced',
        email: 'e@x',
        name: 'N',
      },
      {
        accountStatus: 'inactive',
        status: 'for_deletion',
        claimStatus: 'managed',
        managementSource: 'synced',
        email: 'e@x',
        name: 'N',
      },
    ],
    [
      'unknown claim status counts as unmanaged (only adds a blocker)',
      { accountId: 'a', accountStatus: 'active', claimStatus: 'pending' },
      { claimStatus: 'unmanaged' },
    ],
    [
      'absent claim status counts as unmanaged',
      { accountId: 'a', accountStatus: 'active' },
      { claimStatus: 'unmanaged', status: null, email: null, name: null },
    ],
    [
      'unknown source and status become null',
      { accountId: 'a', accountStatus: 'active', managementSource: 'scim2', status: 'frozen' },
      { managementSource: null, status: null },
    ],
    [
      'null source stays null',
      { accountId: 'a', accountStatus: 'closed', managementSource: null },
      { managementSource: null, accountStatus: 'closed' },
    ],
  ])('toDomainUser: %s', (_name, upstream, expected) => {
    expect(toDomainUser(upstream as never)).toMatchObject(expected);
  });

  test.each([undefined, 'frozen'])('toDomainUser refuses accountStatus %s', (accountStatus) => {
    expect(() => toDomainUser({ accountId: 'a', ...(accountStatus ? { accountStatus } : {}) })).toThrow(
      AtlassianResponseShapeError,
    );
  });

  test.each<[string, Record<string, unknown>, unknown]>([
    [
      'inactive with groups',
      {
        id: 's1',
        active: false,
        userName: 'u',
        externalId: 'x',
        groups: [{ value: 'g1', display: 'G' }, { display: 'no id' }],
      },
      {
        kind: 'known',
        record: {
          id: 's1',
          active: false,
          userName: 'u',
          externalId: 'x',
          groups: [{ id: 'g1', displayName: 'G' }],
          lastModified: null,
        },
      },
    ],
    [
      'active, sparse',
      { id: 's1', active: true },
      {
        kind: 'known',
        record: { id: 's1', active: true, userName: null, externalId: null, groups: [], lastModified: null },
      },
    ],
    [
      'when the IdP last changed it, normalised',
      { id: 's1', active: false, meta: { lastModified: '2026-03-04T05:06:07+01:00' } },
      {
        kind: 'known',
        record: {
          id: 's1',
          active: false,
          userName: null,
          externalId: null,
          groups: [],
          lastModified: '2026-03-04T04:06:07.000Z',
        },
      },
    ],
    [
      'a lastModified that is not a time is dropped',
      { id: 's1', active: false, meta: { lastModified: 'yesterday' } },
      {
        kind: 'known',
        record: { id: 's1', active: false, userName: null, externalId: null, groups: [], lastModified: null },
      },
    ],
    ['without active it is not guessed', { id: 's1' }, { kind: 'unreadable', status: 200 }],
  ])('toRecordState: %s', (_name, user, expected) => {
    expect(toRecordState(user as never)).toEqual(expected);
  });

  test.each<[string, Record<string, unknown>, unknown]>([
    ['allowed', { 'lifecycle.enablement': { allowed: true } }, { allowed: true, reasonKey: null }],
    [
      'denied with reason',
      { 'lifecycle.enablement': { allowed: false, reason: { key: 'externalDirectory.scim' } } },
      { allowed: false, reasonKey: 'externalDirectory.scim' },
    ],
    [
      'denied without reason',
      { 'lifecycle.enablement': { allowed: false } },
      { allowed: false, reasonKey: null },
    ],
    ['not mentioned', {}, null],
  ])('toEnablement: %s', (_name, privileges, expected) => {
    expect(toEnablement(privileges as never)).toEqual(expected);
  });
});

describe('mapConcurrent', () => {
  test('keeps input order and never exceeds the limit', async () => {
    let inFlight = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const run = mapConcurrent([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight -= 1;
      return n * 10;
    });
    // Release the gates one by one as workers reach them (no timers involved).
    while (gates.length > 0 || inFlight > 0) {
      await Promise.resolve();
      gates.shift()?.();
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(await run).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });

  test('stops taking new items after a failure', async () => {
    const seen: number[] = [];
    await expect(
      mapConcurrent([1, 2, 3, 4], 1, async (n) => {
        seen.push(n);
        if (n === 2) throw new Error('no');
        return n;
      }),
    ).rejects.toThrow('no');
    expect(seen).toEqual([1, 2]);
  });

  test('an empty input makes no call', async () => {
    expect(await mapConcurrent([], 4, async () => 1)).toEqual([]);
  });
});
