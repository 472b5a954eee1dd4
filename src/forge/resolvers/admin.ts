import Resolver from '@forge/resolver';
import {
  ApproveRequestPayload,
  DenyRequestPayload,
  DismissFlagPayload,
  EmptyPayload,
  ListAuditPayload,
  ListFlagsPayload,
  ListRequestsPayload,
  LookupPayload,
  ReactivatePayload,
  RunIdpSyncPayload,
  SaveSettingsPayload,
  UnlinkPayload,
  UnlockPayload,
  type AdminFunction,
  type Overview,
} from '../../contract/app/resolvers';
import { proxyClient } from '../platform/proxy-client';
import { actions } from '../accounts/account-actions';
import { audit } from '../audit/audit-log';
import { flags } from '../flags/flags';
import { idpSync } from '../idp-sync/idp-sync';
import { requests } from '../requests/requests';
import { scan } from '../scan/scan';
import { getScanState, getSettings, saveSettings } from '../settings/settings';
import { defineAdmin } from './guard';

/**
 * The admin page's resolvers. Each one is thin: defineAdmin authorises (Jira ADMINISTER of
 * context.accountId) and validates; the services do the work.
 */
export function createAdminResolver(): Resolver {
  const r = new Resolver();
  const def = <K extends AdminFunction>(key: K) => key;

  defineAdmin(r, def('overview'), EmptyPayload, async (): Promise<Overview> => {
    const [settings, scanState, pendingRequests, recent] = await Promise.all([
      getSettings(),
      getScanState(),
      requests.countOpen(),
      audit.list({ limit: 5 }),
    ]);
    return { settings, scan: scanState, pendingRequests, recentAudit: recent.items };
  });

  defineAdmin(r, def('lookup'), LookupPayload, (p) => proxyClient.lookup({ query: p }));

  defineAdmin(r, def('unlock'), UnlockPayload, async (p, caller) => {
    const { accountId, ...req } = p;
    const result = await actions.unlock(caller.accountId, accountId, req);
    if (!req.dryRun) await requests.settleOpenFor(accountId, caller.accountId, result.response);
    return result;
  });

  defineAdmin(r, def('unlink'), UnlinkPayload, (p, caller) => {
    const { accountId, ...req } = p;
    return actions.unlink(caller.accountId, accountId, req);
  });

  defineAdmin(r, def('reactivate'), ReactivatePayload, (p, caller) => {
    const { accountId, ...req } = p;
    return actions.reactivate(caller.accountId, accountId, req);
  });

  defineAdmin(r, def('listFlags'), ListFlagsPayload, (p) => flags.list(p));

  defineAdmin(r, def('dismissFlag'), DismissFlagPayload, (p, caller) =>
    flags.dismiss(p.accountId, caller.accountId, p.reason),
  );

  defineAdmin(r, def('listRequests'), ListRequestsPayload, (p) => requests.list(p));

  defineAdmin(r, def('approveRequest'), ApproveRequestPayload, (p, caller) =>
    requests.approve(p.requestId, caller.accountId, p.reason, p.method),
  );

  defineAdmin(r, def('denyRequest'), DenyRequestPayload, (p, caller) =>
    requests.deny(p.requestId, caller.accountId, p.reason),
  );

  defineAdmin(r, def('listAudit'), ListAuditPayload, (p) => audit.list(p));

  defineAdmin(r, def('getSettings'), EmptyPayload, () => getSettings());

  defineAdmin(r, def('saveSettings'), SaveSettingsPayload, (p, caller) =>
    saveSettings(p.settings, caller.accountId),
  );

  defineAdmin(r, def('scanNow'), EmptyPayload, (_p, caller) => scan.queueRun(caller.accountId));

  defineAdmin(r, def('getIdpSync'), EmptyPayload, () => idpSync.view());

  defineAdmin(r, def('runIdpSync'), RunIdpSyncPayload, async (p, caller) => {
    const run = await idpSync.start('manual', caller.accountId, {
      dryRun: p.dryRun,
      reason: p.reason ?? null,
    });
    return { runId: run.runId, queued: true };
  });

  return r;
}
