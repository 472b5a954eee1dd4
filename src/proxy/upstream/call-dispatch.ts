import type { AtlassianClients } from '../../atlassian/clients/create-clients';
import type { PlannedCall } from '../accounts/domain/plan';

/**
 * Performs the upstream request a plan step names, through the typed client that owns it. The plan is
 * the single source of what is called (it is also the dry-run output), so this is a plain dispatch:
 * no decision is taken here.
 */
export async function dispatchCall(clients: AtlassianClients, call: PlannedCall): Promise<void> {
  switch (call.operation) {
    case 'scimLinks.unlink':
      return clients.scimLinks.unlink(call.params.scimDirectoryId, call.params.scimUserId);
    case 'scimLinks.onlyDeleteUserInDB':
      return clients.scimLinks.onlyDeleteUserInDB(call.params.AAID);
    case 'um.enable':
      return clients.userManagement.enable(call.params.account_id);
    case 'um.disable': {
      const message = call.body?.message;
      return clients.userManagement.disable(
        call.params.account_id,
        typeof message === 'string' ? message : undefined,
      );
    }
    case 'org.restoreUser':
      return clients.org.restoreUser(call.params.directoryId, call.params.accountId);
    case 'org.suspendUser':
      return clients.org.suspendUser(call.params.directoryId, call.params.accountId);
    default:
      throw new Error(`no mutation is dispatched for ${call.operation}`);
  }
}
