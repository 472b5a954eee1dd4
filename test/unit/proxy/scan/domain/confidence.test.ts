import { linkVerdict, scanClassify } from '../../../../../src/proxy/scan/domain/confidence';
import type { LinkSnapshot, OrgUser } from '../../../../../src/proxy/accounts/domain/snapshot';
import { knownLink, opaqueLink, user } from '../../accounts/domain/fixtures';

const cases: {
  name: string;
  u: OrgUser;
  links: LinkSnapshot[];
  confidence: string | null;
  reason: RegExp;
}[] = [
  {
    name: 'inactive + inactive SCIM record → high',
    u: user(),
    links: [knownLink('d1', false)],
    confidence: 'high',
    reason: /inactive in directory Dir d1/,
  },
  {
    name: 'one inactive record among others still wins → high',
    u: user(),
    links: [knownLink('d1', true), knownLink('d2', false)],
    confidence: 'high',
    reason: /Dir d2/,
  },
  {
    name: 'inactive + link, record unknown → medium',
    u: user(),
    links: [opaqueLink('d1')],
    confidence: 'medium',
    reason: /could not be read/,
  },
  {
    name: 'inactive + link, record missing → medium',
    u: user(),
    links: [opaqueLink('d1', 'missing')],
    confidence: 'medium',
    reason: /d1/,
  },
  {
    name: 'inactive but IdP record active → low',
    u: user(),
    links: [knownLink('d1', true)],
    confidence: 'low',
    reason: /manual/,
  },
  {
    name: 'inactive, synced, no link → low',
    u: user(),
    links: [],
    confidence: 'low',
    reason: /no SCIM link/,
  },
  {
    name: 'inactive, invited, no link → none',
    u: user({ managementSource: 'invited' }),
    links: [],
    confidence: null,
    reason: /without any sign/,
  },
  {
    name: 'active account → none',
    u: user({ accountStatus: 'active' }),
    links: [knownLink('d1', false)],
    confidence: null,
    reason: /active/,
  },
  {
    name: 'closed account → none',
    u: user({ accountStatus: 'closed' }),
    links: [],
    confidence: null,
    reason: /closed/,
  },
];

describe('scanClassify (admin-scenarios E7)', () => {
  test.each(cases)('$name', ({ u, links, confidence, reason }) => {
    const v = scanClassify({ user: u, scimLinks: links });
    expect(v.confidence).toBe(confidence);
    expect(v.reason).toMatch(reason);
  });
});

describe('linkVerdict (the incremental scan: the account is known to be deactivated)', () => {
  it.each<[string, LinkSnapshot[], string | null]>([
    ['an inactive record', [knownLink('d1', false)], 'high'],
    ['an unreadable record', [opaqueLink('d1')], 'medium'],
    ['active records only', [knownLink('d1', true)], 'low'],
    ['no link left', [], null],
  ])('%s → %s', (_name, links, confidence) => {
    expect(linkVerdict(links).confidence).toBe(confidence);
  });

  it('agrees with scanClassify for a deactivated account with links', () => {
    for (const links of [[knownLink('d1', false)], [opaqueLink('d1')], [knownLink('d1', true)]]) {
      expect(linkVerdict(links)).toEqual(scanClassify({ user: user(), scimLinks: links }));
    }
  });
});
