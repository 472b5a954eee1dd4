import {
  checkSites,
  environmentTypeOf,
  installationAri,
  sitesNamed,
  type SiteClaims,
} from '../../../../src/proxy/auth/forge-identity';

const A = '4c822e2f-510f-48b9-b8d2-8419d0932949';
const B = 'd0d52620-3203-4cfa-8db5-f2587155f0dd';
const url = (site: string, product = 'jira') => `https://api.atlassian.com/ex/${product}/${site}`;

describe('sitesNamed: both documented shapes of a FIT', () => {
  const none: SiteClaims = { installationCloudIds: [], apiBaseUrls: [] };
  test.each<[string, SiteClaims, string[]]>([
    ['nothing', none, []],
    ['context.cloudId (frontend invocation)', { ...none, contextCloudId: A }, [A]],
    ['installation contexts with cloudId (backend invocation)', { ...none, installationCloudIds: [A] }, [A]],
    ['both, the same site once', { ...none, contextCloudId: A, installationCloudIds: [A] }, [A]],
    ['both, two sites', { ...none, contextCloudId: A, installationCloudIds: [B] }, [A, B]],
    ['apiBaseUrl only (contexts documented as {name, apiBaseUrl})', { ...none, apiBaseUrls: [url(A)] }, [A]],
    [
      'apiBaseUrl with a trailing slash, another product',
      { ...none, apiBaseUrls: [`${url(A, 'confluence')}/`] },
      [A],
    ],
    ['staging gateway host', { ...none, apiBaseUrls: [`https://api.stg.atlassian.com/ex/jira/${B}`] }, [B]],
    [
      'explicit ids win over URLs',
      { contextCloudId: A, installationCloudIds: [], apiBaseUrls: [url(B)] },
      [A],
    ],
    [
      'an apiBaseUrl of another form names nothing',
      { ...none, apiBaseUrls: ['https://acme.atlassian.net'] },
      [],
    ],
    ['an apiBaseUrl with a query names nothing', { ...none, apiBaseUrls: [`${url(A)}?x=1`] }, []],
    ['an apiBaseUrl with more path names nothing', { ...none, apiBaseUrls: [`${url(A)}/rest`] }, []],
  ])('%s', (_name, claims, expected) => {
    expect(sitesNamed(claims)).toEqual(expected);
  });
});

describe('checkSites', () => {
  const allowed = new Set([A]);
  test.each<[string[], string]>([
    [[A], 'allowed'],
    [[], 'no-site'],
    [[B], 'other-site'],
    [[A, B], 'other-site'],
  ])('%p → %s', (named, verdict) => {
    expect(checkSites(named, allowed)).toBe(verdict);
  });
});

describe('environmentTypeOf', () => {
  test.each<[string, string | null]>([
    ['PRODUCTION', 'production'],
    ['Staging', 'staging'],
    ['development', 'development'],
    ['prod', null],
    ['', null],
  ])('%p → %p', (raw, expected) => {
    expect(environmentTypeOf(raw)).toBe(expected);
  });
});

describe('installationAri', () => {
  test.each([
    [
      '8d5f651a-b2e9-4b38-aac6-30abc7f3effb',
      'ari:cloud:ecosystem::installation/8d5f651a-b2e9-4b38-aac6-30abc7f3effb',
    ],
    [
      'ari:cloud:ecosystem::installation/8d5f651a-b2e9-4b38-aac6-30abc7f3effb',
      'ari:cloud:ecosystem::installation/8d5f651a-b2e9-4b38-aac6-30abc7f3effb',
    ],
  ])('%s', (raw, expected) => {
    expect(installationAri(raw)).toBe(expected);
  });
});
