/**
 * `scim-unlock idp-sync` through the commander program with buffered io, against the real proxy with
 * the simulator's Keycloak realm: the plan and the apply both run as the proxy's background run (so a
 * long apply is not cut by the request deadline), with progress on stderr and the same answer as before.
 */
import { runCli } from '../../../src/cli/program';
import type { CliIo } from '../../../src/cli/io/terminal';
import { progressLine } from '../../../src/cli/admin/idp-run-follow';
import type { SyncRunStatus } from '../../../src/contract/proxy';
import { IVY, JACK, keycloakEnv, scenarioRealm } from '../proxy/support/keycloak-scenario';
import { startHarness, TOKEN, type Harness } from '../proxy/support/sim-proxy';
import { accountIn, readState } from '../proxy/support/sim-state';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: (sim) => keycloakEnv(sim) });
});
afterAll(() => h.close());
beforeEach(async () => {
  await h.control.reset({ seed: 'demo' });
  await scenarioRealm(h);
});

function session() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env: { SCIM_UNLOCK_URL: h.proxy.url, SCIM_UNLOCK_TOKEN: TOKEN },
    interactive: false,
    color: false,
    confirm: () => Promise.reject(new Error('no terminal')),
  };
  return { io, out, err };
}

test('the plan runs in the background, reports its progress and changes nothing', async () => {
  const before = await h.stateText();
  const s = session();
  expect(await runCli(['idp-sync'], s.io, '0.0.0-test')).toBe(0);
  expect(s.err[0]).toBe('IdP sync: listing the Keycloak realm…');
  expect(s.out.join('\n')).toMatch(/ivy\.invited@acme\.example/);
  expect(await h.stateText()).toBe(before);
});

test('--apply --yes applies the plan through a second background run', async () => {
  const s = session();
  expect(await runCli(['idp-sync', '--apply', '--yes', '--json'], s.io, '0.0.0-test')).toBe(0);
  // One JSON document: the applied run's answer.
  const answer = JSON.parse(s.out.join('\n')) as { dryRun: boolean; applied: unknown[] };
  expect(answer.dryRun).toBe(false);
  expect(answer.applied).toHaveLength(3);
  const state = await readState(h.control);
  expect(accountIn(state, IVY).accountStatus).toBe('inactive');
  expect(Object.values(accountIn(state, JACK).memberships)).toEqual(['suspended']);
});

test.each<[string, SyncRunStatus['progress'], string]>([
  ['listing', { phase: 'listing', toApply: 0, attempted: 0 }, 'IdP sync: listing the Keycloak realm…'],
  ['applying', { phase: 'applying', toApply: 30, attempted: 12 }, 'IdP sync: applying 12 of 30 accounts…'],
  ['applying one', { phase: 'applying', toApply: 1, attempted: 1 }, 'IdP sync: applying 1 of 1 account…'],
])('progress line: %s', (_name, progress, line) => {
  expect(
    progressLine({
      runId: 'idp-0123456789abcdef',
      state: 'running',
      dryRun: false,
      startedAt: '2026-12-01T09:00:00.000Z',
      finishedAt: null,
      progress,
      result: null,
      error: null,
    }),
  ).toBe(line);
});
