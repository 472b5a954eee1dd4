import Resolver from '@forge/resolver';
import type { Overview } from '../../contract/app/resolvers';
import { proxyClient } from '../platform/proxy-client';
import { actions } from '../accounts/account-actions';
import { audit } from '../audit/audit-log';
import { batches } from '../batches/batches';
import { flags } from '../flags/flags';
import { incidents } from '../flags/incidents-service';
import { idpSync } from '../idp-sync/idp-sync';
import { relockWatch } from '../relock/relock-watch';
import { requests } from '../requests/requests';
import { scan } from '../scan/scan';
import { getScanState, getSettings, saveSettings } from '../settings/settings';
import { defineAdmin } from './guard';

/**
 * The admin page's resolvers. Each one is thin: defineAdmin authorises (Jira ADMINISTER of
 * context.accountId) and validates with the key's payload schema from src/contract/app/resolvers.ts,
 * and the handler must return that key's result type; the services do the work.
 */
export function createAdminResolver(): Resolver {
  const r = new Resolver();
  defineAdmin(r, 'overview', async (): Promise<Overview> => {
    const [settings, scanState, counts, relockedByIdp, recent] = await Promise.all([
      getSettings(),
      getScanState(),
      requests.counts(),
      relockWatch.countRelocked(),
      audit.list({ limit: 5 }),
    ]);
    return {
      settings,
      scan: scanState,
      pendingRequests: counts.pending,
      relockedByIdp,
      recentAudit: recent.items,
    };
  });

  defineAdmin(r, 'lookup', (p) => proxyClient.lookup({ query: p }));

  defineAdmin(r, 'unlock', async (p, caller) => {
    const { accountId, ...req } = p;
    const result = await actions.unlock(caller.accountId, accountId, req);
    if (!req.dryRun) await requests.settleOpenFor(accountId, caller.accountId, result.response);
    return result;
  });

  defineAdmin(r, 'unlink', (p, caller) => {
    const { accountId, ...req } = p;
    return actions.unlink(caller.accountId, accountId, req);
  });

  defineAdmin(r, 'reactivate', (p, caller) => {
    const { accountId, ...req } = p;
    return actions.reactivate(caller.accountId, accountId, req);
  });

  defineAdmin(r, 'startBatch', (p, caller) => batches.start(caller.accountId, p));
  defineAdmin(r, 'getBatch', (p) => batches.get(p.batchId));
  defineAdmin(r, 'listBatchAccounts', ({ batchId, ...query }) => batches.accounts(batchId, query));
  defineAdmin(r, 'cancelBatch', (p, caller) => batches.cancel(caller.accountId, p.batchId));
  defineAdmin(r, 'currentBatch', () => batches.current());

  defineAdmin(r, 'listFlags', (p) => flags.page(p));
  defineAdmin(r, 'listFlagIds', (p) => flags.accountIds(p));
  defineAdmin(r, 'listIncidents', () => incidents.list());

  defineAdmin(r, 'dismissFlag', (p, caller) => flags.dismiss(p.accountId, caller.accountId, p.reason));

  defineAdmin(r, 'listRequests', (p) => requests.list(p));

  defineAdmin(r, 'approveRequest', (p, caller) =>
    requests.approve(p.requestId, caller.accountId, p.reason, p.method),
  );

  defineAdmin(r, 'denyRequest', (p, caller) => requests.deny(p.requestId, caller.accountId, p.reason));

  defineAdmin(r, 'listAudit', (p) => audit.list(p));

  defineAdmin(r, 'getSettings', () => getSettings());

  defineAdmin(r, 'saveSettings', (p, caller) => saveSettings(p.settings, caller.accountId));

  defineAdmin(r, 'scanNow', (_p, caller) => scan.queueRun(caller.accountId));

  defineAdmin(r, 'getIdpSync', () => idpSync.view());

  defineAdmin(r, 'runIdpSync', async (p, caller) => {
    const run = await idpSync.start('manual', caller.accountId, {
      dryRun: p.dryRun,
      reason: p.reason ?? null,
    });
    return { runId: run.runId, queued: true };
  });

  return r;
}
