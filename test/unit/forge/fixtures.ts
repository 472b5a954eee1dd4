import type { ScanItem } from '../../../src/contract/proxy';
import type { Flag, UnlockRequestRecord } from '../../../src/contract/app/records';

export function scanItem(
  overrides: Partial<ScanItem['account']> = {},
  reason = 'removed from synced group',
): ScanItem {
  return {
    account: {
      accountId: 'acc-1',
      email: 'bob.mover@acme.example',
      name: 'Bob Mover',
      accountStatus: 'inactive',
      claimStatus: 'managed',
      managementSource: 'synced',
      pendingDeletion: false,
      memberships: [],
      ...overrides,
    },
    scimLinks: [
      {
        directoryId: 'dir-okta',
        directoryName: 'Okta Workforce',
        scimUserId: 'scim-1',
        record: 'known',
        active: false,
        userName: 'bob',
        externalId: null,
        groups: [],
      },
    ],
    reason,
    confidence: 'high',
  };
}

export function flag(overrides: Partial<Flag> = {}): Flag {
  return {
    accountId: 'acc-1',
    email: 'bob.mover@acme.example',
    name: 'Bob Mover',
    reason: 'removed from synced group',
    confidence: 'high',
    status: 'open',
    episode: '1000',
    firstDetectedAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-01T00:00:00.000Z',
    clearedAt: null,
    dismissed: null,
    issue: null,
    post: { attempts: 0, lastAttemptAt: null, lastError: null },
    evidence: null,
    ...overrides,
  };
}

export function request(overrides: Partial<UnlockRequestRecord> = {}): UnlockRequestRecord {
  return {
    id: 'r1234567890123abcdef',
    accountId: 'acc-1',
    issue: { key: 'ITSUP-1', id: '10001' },
    reason: 'needs access back',
    requestedBy: 'acc-2',
    requestedAt: '2026-01-01T00:00:00.000Z',
    status: 'pending',
    history: [{ status: 'pending', by: 'acc-2', at: '2026-01-01T00:00:00.000Z', why: 'needs access back' }],
    remaining: [],
    additionalRequesters: [],
    ...overrides,
  };
}
