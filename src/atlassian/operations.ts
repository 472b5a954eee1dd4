/**
 * Every upstream operation the typed clients may call, with the spec that defines it.
 *
 * This table is the single list that ties three things together: the clients (which call only
 * operations named here), the call counter (which reports per `api`), and the contract tests
 * (which fail the suite when an operation listed here has no contract check against its spec).
 */
import type { PathParams } from '../lib/path-template';

export type ApiFamily = 'org' | 'scim' | 'scimLinks' | 'userManagement';

export type SpecSource =
  /** An operation present in one of spec/atlassian/*.json, by file and spec path. */
  | { kind: 'openapi'; file: string; path: string }
  /** A newer operation the published specs lack; shapes come from docs/atlassian-admin-apis.md §2.1. */
  | { kind: 'docs'; section: string };

export interface OperationDef {
  api: ApiFamily;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path relative to https://api.atlassian.com, with `{param}` placeholders. */
  path: string;
  /** Safe to repeat: only these are retried on 429 / 5xx / network errors. */
  idempotent: boolean;
  spec: SpecSource;
}

const ORG_SPEC = 'organization.swagger.v3.2026-08-21.json';
const SCIM_SPEC = 'user-provisioning.swagger.v3.2024-09-28.json';
const UM_SPEC = 'user-management.swagger.v3.2026-08.json';

// The helpers keep each path's literal type, so OperationParams can read its placeholders.
const org = <const P extends string>(method: OperationDef['method'], specPath: P, idempotent: boolean) =>
  ({
    api: 'org',
    method,
    path: `/admin${specPath}` as `/admin${P}`,
    idempotent,
    spec: { kind: 'openapi', file: ORG_SPEC, path: specPath },
  }) satisfies OperationDef;
const scim = <const P extends string>(method: OperationDef['method'], specPath: P, idempotent: boolean) =>
  ({
    api: 'scim',
    method,
    path: specPath,
    idempotent,
    spec: { kind: 'openapi', file: SCIM_SPEC, path: specPath },
  }) satisfies OperationDef;
const um = <const P extends string>(method: OperationDef['method'], specPath: P, idempotent: boolean) =>
  ({
    api: 'userManagement',
    method,
    path: specPath,
    idempotent,
    spec: { kind: 'openapi', file: UM_SPEC, path: specPath },
  }) satisfies OperationDef;

export const OPERATIONS = {
  // Organizations REST API v2 (org API key)
  'org.listDirectories': org('GET', '/v2/orgs/{orgId}/directories', true),
  // A search is a read even though it is a POST: safe to retry.
  'org.searchUsers': org('POST', '/v2/orgs/{orgId}/directories/{directoryId}/users/search', true),
  'org.getUser': org('GET', '/v2/orgs/{orgId}/directories/{directoryId}/users/{userId}', true),
  'org.suspendUser': org(
    'POST',
    '/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/suspend',
    false,
  ),
  'org.restoreUser': org(
    'POST',
    '/v2/orgs/{orgId}/directories/{directoryId}/users/{accountId}/restore',
    false,
  ),

  // SCIM admin ("link") APIs (org API key)
  'scimLinks.getByAccountId': {
    api: 'scimLinks',
    method: 'GET',
    path: '/admin/user-provisioning/v1/org/{orgId}/user/{aaId}/get-scim-links',
    idempotent: true,
    spec: { kind: 'docs', section: '2.1' },
  },
  'scimLinks.getForEmail': {
    api: 'scimLinks',
    method: 'POST',
    path: '/admin/user-provisioning/v1/org/{orgId}/get-scim-links-for-email',
    idempotent: true,
    spec: { kind: 'docs', section: '2.1' },
  },
  'scimLinks.unlink': {
    api: 'scimLinks',
    method: 'PATCH',
    path: '/admin/user-provisioning/v1/org/{orgId}/scimDirectoryId/{scimDirectoryId}/scimUserId/{scimUserId}/unlink',
    idempotent: false,
    spec: { kind: 'docs', section: '2.1' },
  },
  'scimLinks.onlyDeleteUserInDB': {
    api: 'scimLinks',
    method: 'DELETE',
    path: '/admin/user-provisioning/v1/org/{orgId}/user/{AAID}/onlyDeleteUserInDB',
    idempotent: false,
    spec: {
      kind: 'openapi',
      file: SCIM_SPEC,
      path: '/admin/user-provisioning/v1/org/{orgId}/user/{AAID}/onlyDeleteUserInDB',
    },
  },

  // SCIM 2.0 API (per-directory key)
  'scim.listUsers': scim('GET', '/scim/directory/{directoryId}/Users', true),
  'scim.createUser': scim('POST', '/scim/directory/{directoryId}/Users', false),
  'scim.getUser': scim('GET', '/scim/directory/{directoryId}/Users/{userId}', true),
  'scim.patchUser': scim('PATCH', '/scim/directory/{directoryId}/Users/{userId}', false),
  'scim.deleteUser': scim('DELETE', '/scim/directory/{directoryId}/Users/{userId}', false),
  'scim.listGroups': scim('GET', '/scim/directory/{directoryId}/Groups', true),
  'scim.createGroup': scim('POST', '/scim/directory/{directoryId}/Groups', false),
  'scim.getGroup': scim('GET', '/scim/directory/{directoryId}/Groups/{id}', true),
  'scim.patchGroup': scim('PATCH', '/scim/directory/{directoryId}/Groups/{id}', false),

  // User management API (org API key)
  'um.getManage': um('GET', '/users/{account_id}/manage', true),
  'um.enable': um('POST', '/users/{account_id}/manage/lifecycle/enable', false),
  'um.disable': um('POST', '/users/{account_id}/manage/lifecycle/disable', false),
} as const satisfies Record<string, OperationDef>;

export type OperationId = keyof typeof OPERATIONS;

/**
 * The path parameters of one operation, read from its template: `{ orgId: string; AAID: string }` for
 * `scimLinks.onlyDeleteUserInDB`. Renaming a placeholder above fails every caller that used the old name.
 */
export type OperationParams<K extends OperationId> = PathParams<(typeof OPERATIONS)[K]['path']>;
