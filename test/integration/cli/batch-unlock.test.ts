/**
 * `scim-unlock unlock --from-file` through the commander program with buffered io, against the real
 * proxy and simulator: the terminal flow (one preview, [y/N], the bar redrawn on stderr), the plain
 * flow, --json, and Ctrl-C while following — which detaches and leaves the batch running. A gate in
 * front of the simulator holds the run's first mutation, so "the batch is running" is a fact the test
 * waits on, never a guess about time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../../src/cli/program';
import type { CliIo } from '../../../src/cli/io/terminal';
import { BatchStatus } from '../../../src/contract/proxy';
import { startGate, type Gate } from '../proxy/support/gated-upstream';
import { startHarness, TOKEN, type Harness } from '../proxy/support/sim-proxy';
import { accountIn, readState } from '../proxy/support/sim-state';

const LIST = [
  '# INC-42: Okta group removed',
  'bob.mover@acme.example',
  'carla.both@acme.example   # second directory too',
  '',
  'BOB.MOVER@acme.example',
  'dan.deactivated@acme.example',
  'hank.active@acme.example',
  'alice.admin@acme.example',
  'nobody.here@acme.example',
].join('\n');

let h: Harness;
let gate: Gate;
let file: string;

beforeAll(async () => {
  gate = await startGate();
  h = await startHarness({
    limiter: { initialRatePerSec: 500, maxRatePerSec: 1000, backoffMs: 5 },
    batchConcurrency: 2,
    env: (sim) => {
      gate.target = sim.url;
      return { ATLASSIAN_API_BASE_URL: gate.url };
    },
  });
  file = path.join(mkdtempSync(path.join(tmpdir(), 'cli-batch-')), 'people.txt');
  writeFileSync(file, LIST);
});
afterAll(async () => {
  await gate.close();
  await h.close();
});
beforeEach(async () => {
  await h.control.reset({ seed: 'demo' });
  // Disarmed: the next mutation passes straight through (a test that needs a hold arms it again).
  gate.release();
});

interface Run {
  io: CliIo;
  out: string[];
  err: string[];
  /** What was drawn in place on the terminal's stderr. */
  raw: string[];
  questions: string[];
  /** Resolves with the Ctrl-C handler once `n` have been registered (preview, then run). */
  interruptHandler(n: number): Promise<() => void>;
}

function session(opts: { tty: boolean; answer?: boolean }): Run {
  const out: string[] = [];
  const err: string[] = [];
  const raw: string[] = [];
  const questions: string[] = [];
  const handlers: Array<() => void> = [];
  const waiters: Array<{ n: number; resolve: (h: () => void) => void }> = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    env: { SCIM_UNLOCK_URL: h.proxy.url, SCIM_UNLOCK_TOKEN: TOKEN },
    interactive: opts.tty,
    color: false,
    confirm: (q) => {
      questions.push(q);
      return Promise.resolve(opts.answer === true);
    },
    errTty: opts.tty,
    errRaw: (t) => void raw.push(t),
    onInterrupt(handler) {
      handlers.push(handler);
      for (const w of waiters.filter((x) => x.n === handlers.length)) w.resolve(handler);
      return () => undefined;
    },
  };
  return {
    io,
    out,
    err,
    raw,
    questions,
    interruptHandler: (n) =>
      new Promise((resolve) => {
        const registered = handlers[n - 1];
        if (registered) resolve(registered);
        else waiters.push({ n, resolve });
      }),
  };
}

const batchIdIn = (text: string): string => {
  const m = /Batch (b-[a-z0-9]+) started/.exec(text);
  if (!m?.[1]) throw new Error(`no batch id in: ${text}`);
  return m[1];
};

test('on a terminal: one preview, the question, "no" changes nothing', async () => {
  const before = await h.stateText();
  const s = session({ tty: true, answer: false });
  const code = await runCli(['unlock', '--from-file', file, '--reason', 'INC-42'], s.io, '0.0.0-test');
  expect(code).toBe(1);
  expect(s.err.join('\n')).toMatch(/^1 duplicate line removed: 6 accounts left\./m);
  const out = s.out.join('\n');
  expect(out).toMatch(/Preview of 6 accounts \(dry run, nothing changed\)/);
  expect(out).toMatch(
    /will unlock +3\n +already active +1\n +blocked +1\n +protected-account +1\n +not found +1/,
  );
  expect(out).toMatch(/Upstream calls: \d+ \(/);
  expect(out).toMatch(/Time: about /);
  expect(s.questions).toEqual([expect.stringMatching(/^Unlock 3 accounts \(about \d+ upstream calls\)\?$/)]);
  expect(s.err.join('\n')).toMatch(/Cancelled: nothing was changed/);
  // The preview's progress, drawn in place on stderr and ended with a newline.
  expect(s.raw.some((r) => r.startsWith('\r\u001b[2K[') && r.includes(' 6/6 '))).toBe(true);
  expect(s.raw.at(-1)).toBe('\n');
  expect(await h.stateText()).toBe(before);
});

test('on a terminal, "yes": the batch runs with a bar, the report lists what needs a look', async () => {
  const s = session({ tty: true, answer: true });
  const code = await runCli(['unlock', '--from-file', file, '--reason', 'INC-42'], s.io, '0.0.0-test');
  // alice is protected and nobody does not exist: blocked and not found end the command with 1.
  expect(code).toBe(1);
  const id = batchIdIn(s.err.join('\n'));
  const out = s.out.join('\n');
  expect(out).toMatch(
    new RegExp(`Batch ${id} finished\\n +unlocked +3\\n +already active +1\\n +blocked +1\\n +not found +1`),
  );
  expect(out).toMatch(/blocked +alice\.admin@acme\.example +protected-account/);
  expect(out).toMatch(/not-found +nobody\.here@acme\.example/);
  expect(s.raw.filter((r) => r.includes('[########################] 6/6'))).not.toHaveLength(0);
  const state = await readState(h.control);
  for (const email of ['bob.mover@acme.example', 'carla.both@acme.example', 'dan.deactivated@acme.example'])
    expect(accountIn(state, email).accountStatus).toBe('active');
  const end = h.auditEvents().filter((e) => e.batchId === id && e.action === 'batch-unlock');
  expect(end).toEqual([expect.objectContaining({ reason: 'INC-42', actor: { kind: 'token', id: 'tests' } })]);
});

test('without a terminal: plain progress lines; --json prints one document and nothing else', async () => {
  const plain = session({ tty: false });
  expect(await runCli(['unlock', '--from-file', file, '--reason', 'INC-42', '--yes'], plain.io, '0')).toBe(1);
  expect(plain.raw).toEqual([]);
  expect(plain.err.join('\n')).toMatch(
    /^b-[a-z0-9]+: 6\/6 done: unlocked 3, already active 1, blocked 1, not found 1$/m,
  );

  await h.control.reset({ seed: 'demo' });
  const json = session({ tty: false });
  const code = await runCli(
    ['unlock', '--from-file', file, '--reason', 'INC-42', '--yes', '--json'],
    json.io,
    '0',
  );
  expect(code).toBe(1);
  expect(json.out).toHaveLength(1);
  expect(json.err).toEqual([]);
  const doc = JSON.parse(json.out[0]!) as {
    list: { accounts: number; duplicates: number };
    preview: unknown;
    batch: unknown;
    accounts: Array<{ ref: string; outcome: string }>;
    detached: boolean;
  };
  expect(doc.list).toEqual({ accounts: 6, duplicates: 1 });
  expect(BatchStatus.parse(doc.preview).preview?.willUnlock).toBe(3);
  expect(BatchStatus.parse(doc.batch)).toMatchObject({ state: 'done', dryRun: false });
  expect(doc.accounts).toHaveLength(6);
  expect(doc.detached).toBe(false);
});

test('Ctrl-C while following detaches: the commands are printed and the batch goes on', async () => {
  gate.arm();
  const s = session({ tty: false });
  const running = runCli(['unlock', '--from-file', file, '--reason', 'INC-42', '--yes'], s.io, '0');
  // The run's handler is the second one (the preview's came first); the gate proves the run is under way.
  const [interrupt] = await Promise.all([s.interruptHandler(2), gate.held]);
  interrupt();
  expect(await running).toBe(130);
  const err = s.err.join('\n');
  const id = batchIdIn(err);
  expect(err).toMatch(/nothing was cancelled/);
  expect(err).toContain(`scim-unlock batch status ${id}`);
  expect(err).toContain(`scim-unlock batch cancel ${id}`);
  expect(BatchStatus.parse((await h.call('GET', `/v1/batches/${id}`)).body).state).toBe('running');

  gate.release();
  await h.proxy.batches!.settled(id);
  const done = BatchStatus.parse((await h.call('GET', `/v1/batches/${id}`)).body);
  expect(done.state).toBe('done');
  expect(done.counts.unlocked).toBe(3);
});

test('batch status and batch cancel answer for the batch; cancel without a terminal needs --yes', async () => {
  gate.arm();
  const started = BatchStatus.parse(
    (
      await h.call('POST', '/v1/batches', {
        accounts: ['bob.mover@acme.example', 'dan.deactivated@acme.example', 'carla.both@acme.example'],
        reason: 'r',
      })
    ).body,
  );
  await gate.held;
  const status = session({ tty: false });
  expect(await runCli(['batch', 'status', started.id], status.io, '0')).toBe(0);
  expect(status.out.join('\n')).toMatch(new RegExp(`Batch ${started.id}: running`));

  const refused = session({ tty: false });
  expect(await runCli(['batch', 'cancel', started.id], refused.io, '0')).toBe(2);
  expect(refused.err.join('\n')).toMatch(/Nothing was cancelled.*--yes/);
  expect(BatchStatus.parse((await h.call('GET', `/v1/batches/${started.id}`)).body).state).toBe('running');

  const declined = session({ tty: true, answer: false });
  expect(await runCli(['batch', 'cancel', started.id], declined.io, '0')).toBe(1);
  expect(declined.questions).toEqual([`Cancel batch ${started.id}?`]);

  const cancel = session({ tty: false });
  expect(await runCli(['batch', 'cancel', started.id, '--yes', '--json'], cancel.io, '0')).toBe(0);
  expect(BatchStatus.parse(JSON.parse(cancel.out.join('\n'))).state).toMatch(/^cancell(ing|ed)$/);
  gate.release();
  await h.proxy.batches!.settled(started.id);

  const after = session({ tty: false });
  expect(await runCli(['batch', 'status', started.id, '--accounts', '--json'], after.io, '0')).toBe(0);
  const doc = JSON.parse(after.out.join('\n')) as { batch: unknown; accounts: Array<{ outcome: string }> };
  expect(BatchStatus.parse(doc.batch).state).toBe('cancelled');
  expect(doc.accounts.some((a) => a.outcome === 'cancelled')).toBe(true);
});

test('bad lines and too many accounts are refused before anything is sent', async () => {
  const before = await h.stateText();
  const bad = path.join(path.dirname(file), 'bad.txt');
  writeFileSync(bad, 'bob.mover@acme.example\nnot an account\n');
  const s = session({ tty: false });
  expect(await runCli(['unlock', '--from-file', bad, '--reason', 'x', '--yes'], s.io, '0')).toBe(2);
  expect(s.err.join('\n')).toMatch(/line 2: "not an account"/);
  const many = path.join(path.dirname(file), 'many.txt');
  writeFileSync(many, Array.from({ length: 1001 }, (_, i) => `acc-${i}`).join('\n'));
  const t = session({ tty: false });
  expect(await runCli(['unlock', '--from-file', many, '--reason', 'x', '--yes'], t.io, '0')).toBe(2);
  expect(t.err.join('\n')).toMatch(/1,001 accounts; a batch takes at most 1,000: nothing was started/);
  const both = session({ tty: false });
  expect(
    await runCli(['unlock', 'bob.mover@acme.example', '--from-file', file, '--reason', 'x'], both.io, '0'),
  ).toBe(2);
  expect(await h.stateText()).toBe(before);
  expect(h.auditEvents().filter((e) => e.reason === 'x')).toEqual([]);
});
