import type { DiagnosisState } from '../../../../src/contract/proxy';
import { availableActions, explainDiagnosis } from '../../../../static/shared/diagnosis';
import { account, diagnosis, link } from './fixtures';

describe('explainDiagnosis', () => {
  it.each<[DiagnosisState, string, 'success' | 'warning' | 'error' | 'information', boolean]>([
    ['locked-by-scim', 'Locked by a SCIM link', 'warning', true],
    ['deactivated', 'Deactivated (no SCIM link)', 'warning', true],
    ['suspended', 'Suspended in a directory', 'warning', true],
    ['active', 'Active — nothing to unlock', 'success', false],
    ['closed', 'Account closed', 'error', false],
    ['not-managed', 'Not managed by this organization', 'error', false],
    ['not-found', 'No account found', 'information', false],
  ])('%s → %s (%s)', (state, headline, tone, canUnlock) => {
    const words = explainDiagnosis({
      account: account(),
      scimLinks: [],
      diagnosis: diagnosis({ state, canUnlock, recommended: 'Do the thing.' }),
    });
    expect(words.headline).toBe(headline);
    expect(words.tone).toBe(tone);
    expect(words.why.length).toBeGreaterThan(0);
    expect(words.fix).toBe('Do the thing.');
  });

  it('names every linked directory once and says why a link locks the account', () => {
    const words = explainDiagnosis({
      account: account(),
      scimLinks: [
        link({ directoryId: 'd-1', directoryName: 'Okta' }),
        link({ directoryId: 'd-2', directoryName: null, scimUserId: 'u-2' }),
        link({ directoryId: 'd-1', directoryName: 'Okta', scimUserId: 'u-3' }),
      ],
      diagnosis: diagnosis(),
    });
    expect(words.why).toEqual([
      'The account is deactivated.',
      'It is still linked to 2 SCIM directories: Okta and d-2.',
      'While a SCIM link exists, Atlassian refuses to reactivate the account, in admin.atlassian.com and through the API.',
    ]);
  });

  it('words one link, and a lock whose links are not listed', () => {
    const one = explainDiagnosis({ account: null, scimLinks: [link()], diagnosis: diagnosis() });
    expect(one.why[1]).toBe('It is still linked to the SCIM directory Okta.');
    const none = explainDiagnosis({ account: null, scimLinks: [], diagnosis: diagnosis() });
    expect(none.why[1]).toBe('It is still linked to a SCIM directory.');
  });

  it('names the directories where the account is suspended', () => {
    const words = explainDiagnosis({
      account: account({
        accountStatus: 'active',
        memberships: [
          { directoryId: 'd-1', directoryName: 'Okta', membershipStatus: 'suspended' },
          { directoryId: 'd-2', directoryName: 'Entra', membershipStatus: 'active' },
        ],
      }),
      scimLinks: [],
      diagnosis: diagnosis({ state: 'suspended' }),
    });
    expect(words.why).toEqual(['The account is active, but its access is suspended in Okta.']);
  });

  it('leads the fix with "cannot unlock yet" and lists blockers in the proxy’s words', () => {
    const words = explainDiagnosis({
      account: account(),
      scimLinks: [link()],
      diagnosis: diagnosis({
        canUnlock: false,
        blockers: [{ code: 'export-control', message: 'US export controls block this account.' }],
        recommended: 'Contact Atlassian Support.',
      }),
    });
    expect(words.tone).toBe('error');
    expect(words.fix).toBe('It cannot be unlocked yet. Contact Atlassian Support.');
    expect(words.blockers).toEqual(['US export controls block this account.']);
  });

  it('adds the groups to a warning and notes links whose record could not be read', () => {
    const words = explainDiagnosis({
      account: account(),
      scimLinks: [
        link({ record: 'no-key', directoryName: 'Okta', active: null, groups: null }),
        link({ directoryId: 'd-2', directoryName: 'Entra', record: 'missing' }),
        link({ directoryId: 'd-3', directoryName: 'Ping', record: 'unreadable' }),
        link({ directoryId: 'd-4', directoryName: 'Google', record: 'known', active: true }),
        link({ directoryId: 'd-5', directoryName: 'Quiet', record: 'known', active: false }),
      ],
      diagnosis: diagnosis({
        warnings: [
          {
            code: 'group-loss',
            message: 'Unlinking drops the synced groups.',
            groups: [
              { id: 'g1', displayName: 'jira-users' },
              { id: 'g2', displayName: null },
            ],
          },
          { code: 'relink-risk', message: 'The IdP may link it again.' },
        ],
      }),
    });
    expect(words.warnings).toEqual([
      'Unlinking drops the synced groups. Groups: jira-users, g2.',
      'The IdP may link it again.',
    ]);
    expect(words.linkNotes).toEqual([
      'The proxy has no SCIM key for Okta, so its SCIM record (and the groups it holds) could not be read.',
      'The link in Entra points to a SCIM record that no longer exists.',
      'The SCIM record in Ping could not be read just now.',
      'In Google the identity provider still has this person as active; the next sync may lock the account again.',
    ]);
  });
});

describe('availableActions', () => {
  it.each<[DiagnosisState, number, { unlock: boolean; unlink: boolean; reactivate: boolean }]>([
    ['locked-by-scim', 1, { unlock: true, unlink: true, reactivate: true }],
    ['deactivated', 0, { unlock: true, unlink: false, reactivate: true }],
    ['suspended', 0, { unlock: true, unlink: false, reactivate: true }],
    ['active', 0, { unlock: false, unlink: false, reactivate: false }],
    ['active', 1, { unlock: false, unlink: true, reactivate: false }],
    ['closed', 0, { unlock: false, unlink: false, reactivate: false }],
    ['not-managed', 0, { unlock: false, unlink: false, reactivate: false }],
    ['not-found', 0, { unlock: false, unlink: false, reactivate: false }],
  ])('%s with %d links', (state, links, expected) => {
    const scimLinks = Array.from({ length: links }, (_, i) => link({ scimUserId: `u-${i}` }));
    expect(availableActions(diagnosis({ state }), scimLinks)).toEqual(expected);
  });
});
