/**
 * The simulator's Jira REST API against Atlassian's Jira platform spec: every operation in
 * JIRA_OPERATIONS, reached through the gateway path /ex/jira/{cloudId}, in the real simulator.
 */
import { SimControlClient } from '../../src/sandbox/sim/control-client';
import { JIRA_OPERATIONS, JIRA_SPEC_FILE, type JiraOperationId } from '../../src/sandbox/sim/jira/operations';
import { startSimulator, type RunningSimulator } from '../../src/sandbox/sim/server';
import { documentedStatuses } from '../support/openapi-contract';
import { runCase, uncovered, type Target } from './contract-runner';
import { JIRA_CASES, buildJiraCtx, type JiraCtx } from './jira-cases';

let sim: RunningSimulator;
let control: SimControlClient;
let ctx: JiraCtx;

beforeAll(async () => {
  sim = await startSimulator({ seed: { seed: 'demo' } });
  control = new SimControlClient(sim.url, sim.identity.controlToken);
  ctx = buildJiraCtx(sim);
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await control.reset({ seed: 'demo' });
});

function targetFor(id: JiraOperationId): Target {
  const op = JIRA_OPERATIONS[id];
  return {
    baseUrl: sim.url,
    method: op.method,
    urlPath: `/ex/jira/${sim.identity.jira.cloudId}${op.specPath}`,
    spec: { file: JIRA_SPEC_FILE, path: op.specPath },
    defaultToken: () => sim.identity.jira.appToken,
  };
}

const rows = JIRA_CASES.flatMap((t) => t.cases.map((c) => [t.operationId, c.status, c.name, c] as const));

describe('Jira API contract', () => {
  it.each(rows)('%s → %d: %s', async (operationId, _status, _name, c) => {
    const { outcome, res } = await runCase(targetFor(operationId), c, ctx, control);
    expect(outcome).toEqual({ status: c.status, problems: [] });
    await c.expect?.(res, ctx);
  });

  it('reseeds Jira on /_sim/reset (created issues disappear)', async () => {
    const create = JIRA_CASES.find((t) => t.operationId === 'jira.createIssue')?.cases.find(
      (c) => c.status === 201,
    );
    if (!create) throw new Error('no successful createIssue case');
    const created = await runCase(targetFor('jira.createIssue'), create, ctx, control);
    expect(created.outcome.status).toBe(201);
    await control.reset({ seed: 'demo' });
    const after = await fetch(`${sim.url}/ex/jira/${ctx.cloudId}/rest/api/3/issue/ITSUP-2`, {
      headers: { Authorization: `Bearer ${ctx.appToken}` },
    });
    expect(after.status).toBe(404);
  });
});

describe('Jira contract coverage', () => {
  const ids = Object.keys(JIRA_OPERATIONS) as JiraOperationId[];

  it('has at least one case for every Jira operation the simulator serves', () => {
    expect(uncovered(ids, JIRA_CASES)).toEqual([]);
  });

  it.each(ids)(
    '%s: is in the spec, with a success case and a 401 case where the spec documents 401',
    (id) => {
      const op = JIRA_OPERATIONS[id];
      const documented = documentedStatuses(JIRA_SPEC_FILE, op.specPath, op.method);
      const statuses = new Set(
        JIRA_CASES.filter((t) => t.operationId === id).flatMap((t) => t.cases.map((c) => c.status)),
      );
      expect([...statuses].some((s) => s >= 200 && s < 300)).toBe(true);
      if (documented.includes('401')) expect(statuses.has(401)).toBe(true);
      for (const s of statuses) expect(documented).toContain(String(s));
    },
  );
});
