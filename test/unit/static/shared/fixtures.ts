import type { Account, Diagnosis, ScimLink } from '../../../../src/contract/proxy';
import type { AuditEntry, Flag } from '../../../../src/contract/app/records';

/** Small builders for the UI's pure-logic tests; every field is a valid value of its record schema. */

export function flag(over: Partial<Flag> & { accountId: string }): Flag {
  return {
    email: null,
    name: null,
    reason: 'Deactivated and linked to a SCIM directory',
    confidence: 'high',
    status: 'open',
    episode: '1',
    firstDetectedAt: '2026-01-01T00:00:00.000Z',
    lastSeenAt: '2026-01-02T00:00:00.000Z',
    clearedAt: null,
    dismissed: null,
    issue: null,
    post: { attempts: 0, lastAttemptAt: null, lastError: null },
    evidence: null,
    ...over,
  };
}

export function account(over: Partial<Account> = {}): Account {
  return {
    accountId: 'acc-1',
    email: 'ana@example.com',
    name: 'Ana',
    accountStatus: 'inactive',
    claimStatus: 'managed',
    managementSource: 'synced',
    pendingDeletion: false,
    memberships: [],
    ...over,
  };
}

export function link(over: Partial<ScimLink> = {}): ScimLink {
  return {
    directoryId: 'd-1',
    directoryName: 'Okta',
    scimUserId: 'u-1',
    record: 'known',
    active: false,
    userName: 'ana',
    externalId: null,
    groups: [],
    ...over,
  };
}

export function diagnosis(over: Partial<Diagnosis> = {}): Diagnosis {
  return {
    state: 'locked-by-scim',
    canUnlock: true,
    blockers: [],
    warnings: [],
    recommended: 'Unlock: remove the SCIM link (1 directory), then reactivate the account.',
    ...over,
  };
}

export function auditEntry(over: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: '0000000000001abcdef',
    at: '2026-03-04T05:06:07.000Z',
    actor: 'admin-1',
    action: 'unlock',
    accountId: 'acc-1',
    outcome: 'success',
    summary: 'Unlocked',
    remaining: [],
    dryRun: false,
    requestId: null,
    issueKey: null,
    ...over,
  };
}
