import type { Step } from '../../../../src/contract/proxy';
import { invertedTime, newAuditId, newRequestId } from '../../../../src/forge/platform/ids';
import {
  AuditEntry,
  AUDIT_REMAINING_MAX,
  AUDIT_SUMMARY_MAX,
  RequestId,
} from '../../../../src/contract/app/records';
import { auditOutcomeOf, buildAuditEntry, remainingSteps } from '../../../../src/forge/audit/audit-log';

const AT = new Date('2026-02-01T00:00:00.000Z');

describe('audit entries', () => {
  it.each([
    ['unlocked', 'success'],
    ['done', 'success'],
    ['already-active', 'no-op'],
    ['no-op', 'no-op'],
    ['blocked', 'blocked'],
    ['partial', 'partial'],
    ['planned', 'planned'],
  ] as const)('%s → %s', (outcome, expected) => expect(auditOutcomeOf(outcome)).toBe(expected));

  it('lists failed and unreached steps as remaining', () => {
    const step = (action: Step['action'], status: Step['status'], detail = ''): Step => ({
      action,
      target: 'account acc-1',
      status,
      detail,
      call: null,
    });
    expect(
      remainingSteps([
        step('unlink-scim-link', 'done'),
        step('enable-account', 'failed', 'HTTP 503'),
        step('restore-membership', 'planned'),
        step('verify', 'skipped'),
      ]),
    ).toEqual(['enable-account (account acc-1): HTTP 503', 'restore-membership (account acc-1): not run']);
  });

  it('bounds summary and remaining so an entry always fits storage', () => {
    const entry = buildAuditEntry(
      {
        actor: 'acc-1',
        action: 'unlock',
        outcome: 'partial',
        summary: 's'.repeat(5000),
        remaining: Array.from({ length: 100 }, () => 'r'.repeat(1000)),
      },
      AT,
    );
    expect(AuditEntry.safeParse(entry).success).toBe(true);
    expect(entry.summary).toHaveLength(AUDIT_SUMMARY_MAX);
    expect(entry.remaining).toHaveLength(AUDIT_REMAINING_MAX);
    expect(entry.remaining.at(-1)).toBe('… and 81 more');
    expect(JSON.stringify(entry).length).toBeLessThan(10_000);
  });

  it('ids sort newest first', () => {
    const older = new Date('2026-01-01T00:00:00.000Z');
    const newer = new Date('2026-06-01T00:00:00.000Z');
    expect(invertedTime(newer) < invertedTime(older)).toBe(true);
    expect(newAuditId(newer) < newAuditId(older)).toBe(true);
    expect(RequestId.safeParse(newRequestId(newer)).success).toBe(true);
    expect(() => invertedTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});
