/**
 * Compile-time tests: planned upstream calls and the HTTP layer take exactly the path parameters of
 * their operation in src/atlassian/operations.ts. Checked by `npm run typecheck`; nothing here runs.
 */
import type { AtlassianHttp } from '../../src/atlassian/http/create-http';
import type { OperationParams } from '../../src/atlassian/operations';
import type { PlannedCall } from '../../src/proxy/accounts/domain/plan';

export const enable: PlannedCall = { operation: 'um.enable', params: { account_id: 'a' } };
export const unlink: PlannedCall = {
  operation: 'scimLinks.unlink',
  params: { orgId: 'o', scimDirectoryId: 'd', scimUserId: 'u' },
};

// @ts-expect-error the placeholder of um.enable is `account_id`
export const misspelt: PlannedCall = { operation: 'um.enable', params: { accountId: 'a' } };
export const incomplete: PlannedCall = {
  operation: 'scimLinks.unlink',
  // @ts-expect-error scimLinks.unlink needs its `orgId` as well
  params: { scimDirectoryId: 'd', scimUserId: 'u' },
};
// @ts-expect-error not an operation of the table
export const unknown: PlannedCall = { operation: 'um.erase', params: {} };

export function reads(call: PlannedCall): string {
  if (call.operation === 'org.restoreUser') return call.params.directoryId;
  // @ts-expect-error only org.* operations have a directoryId in this position: narrow first
  return call.params.directoryId;
}

export const restore: OperationParams<'org.restoreUser'> = { orgId: 'o', directoryId: 'd', accountId: 'a' };

export async function httpCalls(http: AtlassianHttp): Promise<void> {
  await http.call('um.getManage', { params: { account_id: 'a' }, bearer: 'k' });
  // @ts-expect-error the HTTP layer checks the parameters per operation too
  await http.call('um.getManage', { params: { account: 'a' }, bearer: 'k' });
}
