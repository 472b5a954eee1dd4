/**
 * The request deadline stops a mutation at a step boundary. The operations service is called directly
 * (real clients, real simulator) with a signal that has already fired — the state the timeout middleware
 * leaves behind — so the test needs no clock: reads happen, no mutation is sent, and the answer and the
 * audit line say which steps did not run.
 */
import { createAuditLog } from '../../../src/proxy/audit';
import { loadConfig } from '../../../src/proxy/config';
import { createLogger } from '../../../src/proxy/server/logger';
import { createAccountOperations } from '../../../src/proxy/accounts/account-operations';
import { createProxyClients } from '../../../src/proxy/upstream/proxy-clients';
import { SimControlClient } from '../../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../../src/sandbox/sim/server';
import { isMutation } from './support/call-log';
import { idOf } from './support/sim-state';

describe('the request deadline', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: { seed: 'demo' } });
  });
  afterAll(() => sim.close());

  test('a fired signal stops the unlock before its first mutation; nothing is claimed', async () => {
    const config = loadConfig({
      ATLASSIAN_ORG_ID: sim.identity.org.id,
      ATLASSIAN_ORG_API_KEY: sim.identity.org.apiKey,
      ATLASSIAN_API_BASE_URL: sim.url,
      PROXY_API_TOKENS: JSON.stringify({ t: 'deadline-test-token-0123456789abcdef' }),
    });
    const audit: string[] = [];
    const logger = createLogger({ destination: { write: () => undefined } });
    const { clients, calls } = createProxyClients(config, { sleep: async () => undefined });
    const ops = createAccountOperations({
      clients,
      calls,
      config,
      logger,
      audit: createAuditLog({ stdout: { write: (s: string) => void audit.push(s) } }),
    });
    const control = new SimControlClient(sim.url, sim.identity.controlToken);
    await control.clearCalls();

    const controller = new AbortController();
    controller.abort();
    const res = await ops.unlock(
      idOf('bob.mover@acme.example'),
      { reason: 'deadline', dryRun: false },
      { actor: { kind: 'token', id: 't' }, requestId: 'req-deadline', signal: controller.signal },
    );

    expect(res.outcome).toBe('partial');
    expect(res.steps.map((s) => [s.action, s.status])).toEqual([
      ['unlink-scim-link', 'planned'],
      ['enable-account', 'planned'],
      ['restore-membership', 'skipped'],
      ['verify', 'failed'],
    ]);
    expect(res.steps[0]?.detail).toMatch(/deadline/);
    expect((await control.calls()).calls.filter(isMutation)).toEqual([]);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!)).toMatchObject({
      requestId: 'req-deadline',
      outcome: 'partial',
      dryRun: false,
    });
  });
});
