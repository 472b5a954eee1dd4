/**
 * Forge entry point: only the handlers named in manifest.yml (`index.<export>`).
 */
import { createAdminResolver } from './forge/resolvers/admin';
import { createIssueActionResolver } from './forge/resolvers/issue-action';
import { runScanConsumer, runScheduledScan } from './forge/triggers/scheduled';

export const adminResolver = createAdminResolver().getDefinitions();
export const issueActionResolver = createIssueActionResolver().getDefinitions();
export const scheduledScan = runScheduledScan;
export const scanConsumer = runScanConsumer;
