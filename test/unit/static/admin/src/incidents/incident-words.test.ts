import type { IncidentView } from '../../../../../../src/contract/app/incident-records';
import { unlockIntent, unlockLabel } from '../../../../../../static/admin/src/incidents/incident-words';

const incident = (n: number, directoryName: string | null = 'Okta Workforce'): IncidentView => ({
  id: 'okta@2026-11-30T10:02:00.000Z',
  directoryId: 'okta',
  directoryName,
  headline: '',
  from: '2026-11-30T10:02:00.000Z',
  to: '2026-11-30T10:06:00.000Z',
  timesFromIdp: true,
  members: Array.from({ length: n }, (_, i) => ({
    accountId: `a${i}`,
    name: null,
    email: null,
    issueKey: null,
  })),
  issue: null,
});

describe('the incident card’s batch hand-off', () => {
  it.each<[string, IncidentView, string, string, number]>([
    ['83 accounts', incident(83), 'Unlock all 83…', 'Unlock 83 accounts deactivated by Okta Workforce', 83],
    [
      'an unnamed directory',
      incident(5, null),
      'Unlock all 5…',
      'Unlock 5 accounts deactivated by SCIM directory okta',
      5,
    ],
    [
      'more than one batch takes',
      incident(1200),
      'Unlock the first 1,000…',
      'Unlock 1,000 accounts deactivated by Okta Workforce',
      1000,
    ],
  ])('%s', (_name, view, label, title, accounts) => {
    expect(unlockLabel(view)).toBe(label);
    const intent = unlockIntent(view);
    expect(intent).toMatchObject({ title, source: 'incident' });
    expect(intent.accounts).toHaveLength(accounts);
    expect(intent.accounts[0]).toBe('a0');
  });
});
