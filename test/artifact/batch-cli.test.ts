/**
 * Batch unlock with the installed `scim-unlock`, as an org admin runs it after an incident: a list file,
 * the combined preview, the confirm rule without a terminal, the run followed to its report, Ctrl-C
 * (a real SIGINT) detaching from a running batch, `batch status` and `batch cancel`, and `--json` as one
 * document. A gated front between the proxy and the simulator holds the first upstream mutation, so
 * "the batch is running" is a state the test waits on, not a guess about time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { artifactFromEnv } from './support/install';
import { startGatedFront, type GatedFront } from './support/gated-front';
import { finished, runCli, STACK_LINE, type Finished } from './support/processes';
import { startStack, type Stack } from './support/stack';

const artifact = artifactFromEnv();
let stack: Stack;
let front: GatedFront;
let list: string;
/** The list the interrupted batch runs: other accounts than LIST, so the later run has work left. */
let interrupted: string;
const outputs: Finished[] = [];

const UNLOCKABLE = ['bob.mover@acme.example', 'carla.both@acme.example', 'dan.deactivated@acme.example'];
const LIST = [
  '# INC-42: the Okta group was removed from the app assignment',
  ...UNLOCKABLE,
  'BOB.MOVER@acme.example',
  '',
  'hank.active@acme.example   # already active',
  'nobody.here@acme.example',
].join('\n');

/** Reads sent as POST (Org v2 user search, SCIM links by email) pass; the first mutation is held. */
const POSTED_READS = /\/users\/search$|\/get-scim-links-for-email$/;

async function cli(args: string[]): Promise<Finished> {
  const result = await runCli(artifact.bin, args, stack.cliEnv);
  outputs.push(result);
  return result;
}

async function statusOf(id: string): Promise<{ state: string; counts: Record<string, number> }> {
  const r = await cli(['batch', 'status', id, '--json']);
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { batch: { state: string; counts: Record<string, number> } }).batch;
}

beforeAll(async () => {
  stack = await startStack(artifact.bin, {
    upstream: async (simUrl) => {
      front = await startGatedFront(simUrl, (method, p) => method !== 'GET' && !POSTED_READS.test(p));
      return front.url;
    },
  });
  list = path.join(mkdtempSync(path.join(tmpdir(), 'batch-list-')), 'people.txt');
  writeFileSync(list, LIST);
  interrupted = path.join(path.dirname(list), 'interrupted.txt');
  writeFileSync(interrupted, 'erin.unlinked@acme.example\ngina.suspended@acme.example\n');
});
afterAll(async () => {
  await stack.close();
  await front.close();
});

describe('scim-unlock unlock --from-file and batch, installed', () => {
  test('--help of unlock and batch has the list format and examples', async () => {
    const unlock = await cli(['unlock', '--help']);
    expect(unlock.code).toBe(0);
    expect(unlock.stdout).toMatch(/--from-file <path\|->/);
    expect(unlock.stdout).toMatch(/\$ scim-unlock unlock --from-file people\.txt/);
    for (const args of [
      ['batch', '--help'],
      ['batch', 'status', '--help'],
      ['batch', 'cancel', '--help'],
    ]) {
      const help = await cli(args);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Examples:\n {2}\$ scim-unlock batch/);
    }
  });

  test('a bad line is refused by number and nothing starts (2)', async () => {
    const bad = path.join(path.dirname(list), 'bad.txt');
    writeFileSync(bad, 'bob.mover@acme.example\nbob mover\n');
    const before = JSON.stringify(await stack.control.state());
    const r = await cli(['unlock', '--from-file', bad, '--reason', 'artifact: bad list', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 2: "bob mover"/);
    expect(JSON.stringify(await stack.control.state())).toBe(before);
  });

  test('without --yes and without a terminal: one preview, then stop (2), nothing changed', async () => {
    const before = JSON.stringify(await stack.control.state());
    const r = await cli(['unlock', '--from-file', list, '--reason', 'artifact: preview']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/1 duplicate line removed: 5 accounts left/);
    expect(r.stdout).toMatch(/Preview of 5 accounts \(dry run, nothing changed\)/);
    expect(r.stdout).toMatch(/will unlock +3\n +already active +1\n +blocked +0\n +not found +1/);
    expect(r.stdout).toMatch(/Upstream calls: \d+/);
    expect(r.stderr).toMatch(/Stopped after the preview: nothing was changed.*--yes to unlock 3 accounts/);
    expect(JSON.stringify(await stack.control.state())).toBe(before);
    for (const email of UNLOCKABLE) expect(await stack.accountStatus(email)).toBe('inactive');
  });

  test('Ctrl-C detaches from a running batch; batch status and cancel act on it', async () => {
    const child = spawn(
      artifact.bin,
      ['unlock', '--from-file', interrupted, '--reason', 'artifact: interrupted', '--yes'],
      { env: { PATH: process.env.PATH ?? '', ...stack.cliEnv }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    child.stdin.end();
    const started = new Promise<string>((resolve) => {
      let err = '';
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /Batch (b-[a-z0-9]+) started/.exec(err);
        if (m?.[1]) resolve(m[1]);
      });
    });
    const exited = finished(child);
    // The id is printed once Ctrl-C is handled; the held mutation proves the batch is under way.
    const [id] = await Promise.all([started, front.held]);
    child.kill('SIGINT');
    const detached = await exited;
    outputs.push(detached);
    expect(detached.code).toBe(130);
    expect(detached.stderr).toMatch(/nothing was cancelled/);
    expect(detached.stderr).toContain(`scim-unlock batch status ${id}`);
    expect(detached.stderr).toContain(`scim-unlock batch cancel ${id}`);

    expect((await statusOf(id)).state).toBe('running');
    const text = await cli(['batch', 'status', id]);
    expect(text.stdout).toMatch(new RegExp(`Batch ${id}: running`));

    const refused = await cli(['batch', 'cancel', id]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Nothing was cancelled/);
    expect((await statusOf(id)).state).toBe('running');

    const cancel = await cli(['batch', 'cancel', id, '--yes', '--json']);
    expect(cancel.code).toBe(0);
    expect((JSON.parse(cancel.stdout) as { state: string }).state).toMatch(/^cancell(ing|ed)$/);
    front.release();
    // The account under way finishes; then the batch is cancelled (a bounded wait on its state).
    let last = await statusOf(id);
    for (let i = 0; i < 200 && last.state !== 'cancelled'; i += 1) last = await statusOf(id);
    expect(last.state).toBe('cancelled');
    const again = await cli(['batch', 'cancel', id, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already been cancelled: nothing to cancel/);
  });

  test('--yes --json runs the list: one JSON document, the simulator confirms the unlocks', async () => {
    const r = await cli(['unlock', '--from-file', list, '--reason', 'artifact: batch', '--yes', '--json']);
    // nobody.here is not found: the run ends with 1 after unlocking everyone else.
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as {
      list: { accounts: number; duplicates: number };
      batch: { id: string; state: string; counts: Record<string, number> };
      accounts: Array<{ ref: string; outcome: string }>;
    };
    expect(doc.list).toEqual({ accounts: 5, duplicates: 1 });
    expect(doc.batch.state).toBe('done');
    expect(doc.accounts.find((a) => a.ref === 'nobody.here@acme.example')?.outcome).toBe('not-found');
    expect(r.stderr).toBe('');
    for (const email of UNLOCKABLE) expect(await stack.accountStatus(email)).toBe('active');
    const end = stack.auditEvents().filter((e) => e.batchId === doc.batch.id && e.action === 'batch-unlock');
    expect(end).toEqual([
      expect.objectContaining({ reason: 'artifact: batch', actor: { kind: 'token', id: 'artifact-tests' } }),
    ]);

    const report = await cli(['batch', 'status', doc.batch.id, '--accounts']);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(new RegExp(`Batch ${doc.batch.id} finished`));
    expect(report.stdout).toMatch(/not-found +nobody\.here@acme\.example/);
  });

  test('no output holds a stack trace or a secret', () => {
    expect(outputs.length).toBeGreaterThan(10);
    for (const o of outputs) {
      const text = o.stdout + o.stderr;
      expect(text).not.toMatch(STACK_LINE);
      for (const secret of stack.secrets) expect(text).not.toContain(secret);
    }
  });
});
