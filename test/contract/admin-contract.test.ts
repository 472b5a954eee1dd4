/**
 * The simulator's Atlassian admin APIs against Atlassian's specs (and the docs-derived shapes for
 * the SCIM link endpoints): every operation the clients may call, its success and error answers.
 */
import { OPERATIONS, type OperationId } from '../../src/atlassian/operations';
import { SimControlClient } from '../../src/sandbox/sim/control-client';
import { startSimulator, type RunningSimulator } from '../../src/sandbox/sim/server';
import { documentedStatuses, specLocation } from '../support/openapi-contract';
import { ADMIN_TABLES, buildAdminCtx, type AdminCtx } from './admin-cases';
import { runCase, uncovered, type CaseRequest, type Target } from './contract-runner';

let sim: RunningSimulator;
let control: SimControlClient;
let ctx: AdminCtx;

beforeAll(async () => {
  sim = await startSimulator({ seed: { seed: 'demo' } });
  control = new SimControlClient(sim.url, sim.identity.controlToken);
  ctx = await buildAdminCtx(sim);
});
afterAll(async () => {
  await sim?.close();
});
beforeEach(async () => {
  await control.reset({ seed: 'demo' });
  await control.clearRateLimit();
});

function targetFor(id: OperationId): Target {
  const op = OPERATIONS[id];
  return {
    baseUrl: sim.url,
    method: op.method,
    urlPath: op.path,
    spec: specLocation(op),
    defaultToken: (req: CaseRequest) => {
      if (op.api !== 'scim') return sim.identity.org.apiKey;
      const dir = sim.identity.directories.find((d) => d.id === req.params?.directoryId);
      if (!dir) throw new Error(`case for ${id} names no known directory`);
      return dir.scimKey;
    },
  };
}

const allTables = Object.values(ADMIN_TABLES).flat();

describe.each(Object.entries(ADMIN_TABLES))('%s API contract', (family, table) => {
  const rows = table.flatMap((t) => t.cases.map((c) => [t.operationId, c.status, c.name, c] as const));
  it.each(rows)('%s → %d: %s', async (operationId, _status, _name, c) => {
    expect(OPERATIONS[operationId].api).toBe(family);
    const { outcome, res } = await runCase(targetFor(operationId), c, ctx, control);
    expect(outcome).toEqual({ status: c.status, problems: [] });
    await c.expect?.(res, ctx);
  });
});

describe('admin contract coverage', () => {
  const ids = Object.keys(OPERATIONS) as OperationId[];

  it('has at least one case for every operation the clients may call', () => {
    expect(uncovered(ids, allTables)).toEqual([]);
  });

  it.each(ids)('%s: has a success case, a 401 case, and a 429 case where the spec documents 429', (id) => {
    const op = OPERATIONS[id];
    const statuses = new Set(
      allTables.filter((t) => t.operationId === id).flatMap((t) => t.cases.map((c) => c.status)),
    );
    expect([...statuses].some((s) => s >= 200 && s < 300)).toBe(true);
    expect(statuses.has(401)).toBe(true);
    const { file, path } = specLocation(op);
    if (documentedStatuses(file, path, op.method).includes('429')) expect(statuses.has(429)).toBe(true);
  });
});
