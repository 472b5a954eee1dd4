import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROBLEM_TYPES } from '../../../src/contract/proxy';
import { auditEvent, createAuditLog, type AuditEvent } from '../../../src/proxy/audit';
import { problemFor } from '../../../src/proxy/http/error-mapping';
import { ProtectedAccountError } from '../../../src/proxy/operation-errors';
import { createLogger } from '../../../src/proxy/server/logger';

const ORG_KEY = 'org-key-that-has-no-recognisable-shape-42';

function memoryStream() {
  const lines: string[] = [];
  return { lines, stream: { write: (s: string) => void lines.push(s) } };
}

function event(over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    actor: { kind: 'forge', id: '557058:admin' },
    installationId: 'inst-1',
    requestId: 'req-1',
    action: 'unlock',
    target: { accountId: '712020:target', email: 'ada@example.com' },
    reason: 'Re-hire, HR-12',
    dryRun: false,
    steps: [
      {
        action: 'unlink-scim-link',
        target: 'directory d1 / SCIM user u1',
        status: 'done',
        operation: 'scimLinks.unlink',
        upstreamStatus: 204,
      },
      {
        action: 'enable-account',
        target: 'account 712020:target',
        status: 'failed',
        operation: 'um.enable',
        upstreamStatus: 503,
      },
    ],
    outcome: 'partial',
    ...over,
  };
}

describe('audit log', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'scim-unlock-audit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('one JSON line per attempt to stdout and appended to the file, readable as soon as record returns', () => {
    const file = join(dir, 'nested', 'audit.jsonl');
    const out = memoryStream();
    const audit = createAuditLog({ file, stdout: out.stream, secrets: [ORG_KEY] });
    audit.record(event());
    // Synchronous destinations: the line is on disk before record() returned; no flush or wait needed.
    const first = readFileSync(file, 'utf8').trim().split('\n');
    expect(first).toHaveLength(1);
    audit.record(event({ requestId: 'req-2', dryRun: true, outcome: 'planned' }));
    audit.close();

    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(out.lines).toHaveLength(2);
    expect(JSON.parse(out.lines[0]!)).toEqual(lines[0]);
    expect(lines[0]).toMatchObject({
      level: 'info',
      event: 'audit',
      actor: { kind: 'forge', id: '557058:admin' },
      installationId: 'inst-1',
      requestId: 'req-1',
      action: 'unlock',
      target: { accountId: '712020:target', email: 'ada@example.com' },
      dryRun: false,
      outcome: 'partial',
      steps: [
        { status: 'done', operation: 'scimLinks.unlink', upstreamStatus: 204 },
        { status: 'failed', operation: 'um.enable', upstreamStatus: 503 },
      ],
    });
    expect(new Date(lines[0].time).toISOString()).toBe(lines[0].time);
    expect(lines[1]).toMatchObject({ requestId: 'req-2', dryRun: true, outcome: 'planned' });
  });

  describe('file permissions', () => {
    let umask: number;
    // Today's common umask (022) would leave a plainly created file world-readable: pin it, so the
    // test shows the mode comes from the audit log itself.
    beforeEach(() => {
      umask = process.umask(0o022);
    });
    afterEach(() => {
      process.umask(umask);
    });

    test('a new audit file (and the folder made for it) is readable by the proxy’s user only', () => {
      const file = join(dir, 'made', 'audit.jsonl');
      const audit = createAuditLog({ file, stdout: memoryStream().stream });
      audit.record(event());
      audit.close();
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'made')).mode & 0o777).toBe(0o700);
    });

    test('an existing file keeps the permissions its operator gave it', () => {
      const file = join(dir, 'shipped.jsonl');
      writeFileSync(file, '', { mode: 0o640 });
      const audit = createAuditLog({ file, stdout: memoryStream().stream });
      audit.record(event());
      audit.close();
      expect(statSync(file).mode & 0o777).toBe(0o640);
    });
  });

  test('an existing file is appended to, not truncated', () => {
    const file = join(dir, 'audit.jsonl');
    const a = createAuditLog({ file, stdout: memoryStream().stream });
    a.record(event());
    a.close();
    const b = createAuditLog({ file, stdout: memoryStream().stream });
    b.record(event({ requestId: 'req-9' }));
    b.close();
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  test('no secret reaches a line, whatever field it hides in', () => {
    const out = memoryStream();
    const audit = createAuditLog({ stdout: out.stream, secrets: [ORG_KEY] });
    const leaky = {
      ...event({
        reason: `pasted ${ORG_KEY} and Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln by mistake`,
      }),
      headers: { authorization: 'Bearer abc' },
      apiKey: 'k-123456789',
    } as AuditEvent;
    audit.record(leaky);
    const line = out.lines.join('');
    expect(line).not.toContain(ORG_KEY);
    expect(line).not.toContain('eyJhbGciOiJSUzI1NiJ9');
    expect(line).not.toContain('Bearer abc');
    expect(line).not.toContain('k-123456789');
    expect(line).toContain('[REDACTED]');
  });
});

describe('logger', () => {
  test('redacts authorization headers, known secrets and error stacks', () => {
    const out = memoryStream();
    const log = createLogger({ destination: out.stream, secrets: [ORG_KEY] });
    const err = new Error(`upstream said ${ORG_KEY}`);
    log.warn({ req: { headers: { authorization: 'Bearer tok-abcdef' } }, err }, `calling with ${ORG_KEY}`);
    const line = JSON.parse(out.lines[0]!);
    const text = out.lines[0]!;
    expect(text).not.toContain(ORG_KEY);
    expect(text).not.toContain('tok-abcdef');
    expect(line.err).toEqual({ name: 'Error', message: 'upstream said [REDACTED]' });
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    expect(line.msg).toBe('calling with [REDACTED]');
  });
});

describe('auditEvent', () => {
  const ctx = {
    actor: { kind: 'forge' as const, id: 'acc-admin', installationId: 'inst-1' },
    requestId: 'req-7',
  };
  const target = { accountId: 'acc-t', email: null };

  test('a finished attempt keeps each step’s operation and upstream status', () => {
    const e = auditEvent({
      action: 'unlock',
      ctx,
      target,
      request: { reason: 'r', dryRun: false },
      result: {
        outcome: 'partial',
        steps: [
          {
            action: 'unlink-scim-link',
            target: 'd1',
            status: 'done',
            detail: 'x',
            call: { operation: 'scimLinks.unlink', method: 'PATCH', path: '/p', status: 204 },
          },
          { action: 'restore-membership', target: 'a', status: 'skipped', detail: 'y', call: null },
        ],
      },
    });
    expect(e).toEqual({
      actor: { kind: 'forge', id: 'acc-admin' },
      installationId: 'inst-1',
      onBehalfOf: null,
      requestId: 'req-7',
      callerRequestId: null,
      action: 'unlock',
      target,
      reason: 'r',
      dryRun: false,
      steps: [
        {
          action: 'unlink-scim-link',
          target: 'd1',
          status: 'done',
          operation: 'scimLinks.unlink',
          upstreamStatus: 204,
        },
        {
          action: 'restore-membership',
          target: 'a',
          status: 'skipped',
          operation: null,
          upstreamStatus: null,
        },
      ],
      outcome: 'partial',
    });
  });

  test('a refused attempt records the problem type and status', () => {
    const e = auditEvent({
      action: 'deactivate',
      ctx: { actor: { kind: 'token', id: 'ci' }, requestId: 'req-8' },
      target,
      request: { reason: 'r', dryRun: true },
      problem: problemFor(new ProtectedAccountError('acc-t')),
    });
    expect(e).toMatchObject({
      installationId: null,
      steps: [],
      outcome: 'error',
      error: { type: PROBLEM_TYPES.protectedAccount, status: 403 },
    });
  });

  test('the proxy’s request id and the caller’s are recorded side by side; so is who the caller acted for', () => {
    const e = auditEvent({
      action: 'deactivate',
      ctx: {
        actor: {
          kind: 'forge',
          id: 'installation:ari:cloud:ecosystem::installation/i1',
          installationId: 'ari:cloud:ecosystem::installation/i1',
          forge: { environment: 'production', appVersion: '3.1.0', sites: ['site-1'] },
        },
        requestId: 'proxy-uuid',
        callerRequestId: 'forged-or-not',
        onBehalfOf: { kind: 'user', accountId: '557058:admin' },
      },
      target,
      request: { reason: 'IdP sync', dryRun: false },
      result: { outcome: 'done', steps: [] },
    });
    expect(e).toMatchObject({
      // The authenticated caller stays the actor; the statement about whom it acted for sits beside it.
      actor: { kind: 'forge', id: 'installation:ari:cloud:ecosystem::installation/i1' },
      onBehalfOf: { kind: 'user', accountId: '557058:admin' },
      forge: { environment: 'production', appVersion: '3.1.0', sites: ['site-1'] },
      requestId: 'proxy-uuid',
      callerRequestId: 'forged-or-not',
    });
  });
});
