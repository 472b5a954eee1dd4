/**
 * IdP offboarding against a proxy without KEYCLOAK_* configuration (a sandbox of its own: one Forge
 * runtime per process): "Run now" is accepted, the run fails with the typed not-configured error in
 * words, is audited, and posts no Jira issue.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as app from '../../../src/index';
import type { IdpSyncView, Page } from '../../../src/contract/app/resolvers';
import { DEFAULT_SETTINGS, type AuditEntry } from '../../../src/contract/app/records';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/sandbox';
import { ADMIN_MODULE, dataOf, type Answer } from './harness';

let sandbox: RunningSandbox;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'forge-idp-'));
  const immediate = async (): Promise<void> => undefined;
  sandbox = await startSandbox({
    simPort: 0,
    proxyPort: 0,
    forgePort: 0,
    auditLogFile: join(dir, 'audit.log'),
    proxyOutput: { write: () => undefined },
    proxyEnv: {
      KEYCLOAK_URL: undefined,
      KEYCLOAK_REALM: undefined,
      KEYCLOAK_CLIENT_ID: undefined,
      KEYCLOAK_CLIENT_SECRET: undefined,
    },
    proxy: { http: { sleep: immediate }, sleep: immediate },
  });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call<T>(functionKey: string, payload: unknown = {}): Promise<Answer<T>> {
  const admin = sandbox.sim.identity.jira.users.find((u) => u.admin);
  return (await sandbox.forge.rt.invokeResolver(app.adminResolver, {
    functionKey,
    payload,
    accountId: admin?.accountId ?? null,
    ...ADMIN_MODULE,
  })) as Answer<T>;
}

test('the run fails with a typed not-configured error in words; audited; no issue', async () => {
  dataOf(await call('saveSettings', { settings: { ...DEFAULT_SETTINGS, projectKey: 'ITSUP' } }));
  dataOf(await call('runIdpSync', { dryRun: true }));
  expect((await sandbox.forge.rt.queue.drain()).failed).toEqual([]);

  const { state, running } = dataOf(await call<IdpSyncView>('getIdpSync'));
  expect(running).toBe(false);
  expect(state.lastRun).toMatchObject({ status: 'failed', result: null, issue: null, issueNote: null });
  expect(state.lastRun?.error?.code).toBe('not-configured');
  expect(state.lastRun?.error?.message).toMatch(/IdP offboarding is not configured.*KEYCLOAK_URL/);

  const audit = dataOf(await call<Page<AuditEntry>>('listAudit', { action: 'idp-sync' }));
  expect(audit.items).toHaveLength(1);
  expect(audit.items[0]).toMatchObject({ outcome: 'failed', dryRun: true });
  expect(audit.items[0]?.summary).toContain('IdP offboarding is not configured');
  const issues = (await fetch(`${sandbox.sim.url}/_sim/state`, {
    headers: { authorization: `Bearer ${sandbox.sim.identity.controlToken}` },
  }).then((r) => r.json())) as { jira: { issues: Array<{ labels: string[] }> } };
  expect(issues.jira.issues.filter((i) => i.labels.includes('idp-offboarding'))).toEqual([]);
});
