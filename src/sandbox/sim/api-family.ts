import type { SimApi } from './control/schemas';

const PREFIXES: Array<[string, SimApi]> = [
  ['/admin/v2/', 'org'],
  ['/admin/user-provisioning/', 'scimLinks'],
  ['/scim/', 'scim'],
  ['/users/', 'userManagement'],
  ['/ex/jira/', 'jira'],
  ['/keycloak/', 'keycloak'],
];

/** The upstream API family a request path belongs to, or undefined for paths the simulator does not serve. */
export function apiFamilyOf(path: string): SimApi | undefined {
  for (const [prefix, api] of PREFIXES) if (path.startsWith(prefix)) return api;
  return undefined;
}
