import type { AtlassianClients } from '../../atlassian/clients/create-clients';
import type { PlannedCall } from '../accounts/domain/plan';

/**
 * Performs the upstream request a plan step names, through the typed client that owns it. The plan is
 * the single source of what is called (it is also the dry-run output), so this is a plain dispatch:
 * no decision is taken here.
 */
export async function dispatchCall(clients: AtlassianClients, call: PlannedCall): Promise<void> {
  const p = (name: string): string => {
    const value = call.params[name];
    if (value === undefined) throw new Error(`planned call ${call.operation} lacks parameter ${name}`);
    return value;
  };
  switch (call.operation) {
    case 'scimLinks.unlink':
      return clients.scimLinks.unlink(p('scimDirectoryId'), p('scimUserId'));
    case 'scimLinks.onlyDeleteUserInDB':
      return clients.scimLinks.onlyDeleteUserInDB(p('AAID'));
    case 'um.enable':
      return clients.userManagement.enable(p('account_id'));
    case 'um.disable': {
      const message = call.body?.message;
      return clients.userManagement.disable(
        p('account_id'),
        typeof message === 'string' ? message : undefined,
      );
    }
    case 'org.restoreUser':
      return clients.org.restoreUser(p('directoryId'), p('accountId'));
    case 'org.suspendUser':
      return clients.org.suspendUser(p('directoryId'), p('accountId'));
    default:
      throw new Error(`no mutation is dispatched for ${call.operation}`);
  }
}
