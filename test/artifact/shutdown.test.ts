/**
 * SIGTERM to the installed `scim-unlock proxy` while an unlock is in flight. A front between the proxy
 * and the simulator holds the unlock's first write (the SCIM unlink) so the signal lands exactly then:
 * within the grace period the unlock completes, its caller gets the answer and the audit line is on disk
 * before the process exits 0; with no grace the request is cut, and both sides say so truthfully.
 */
import { artifactFromEnv } from './support/install';
import { startProcess, STACK_LINE } from './support/processes';
import { startGatedFront, type GatedFront } from './support/gated-front';
import { LOCKED_EMAIL, startStack, type Stack } from './support/stack';

const artifact = artifactFromEnv();
const isUnlink = (method: string, path: string): boolean => method === 'PATCH' && path.endsWith('/unlink');

async function stackWithFront(env: Record<string, string>): Promise<{ stack: Stack; front: GatedFront }> {
  let front: GatedFront | undefined;
  const stack = await startStack(artifact.bin, {
    env,
    upstream: async (simUrl) => {
      front = await startGatedFront(simUrl, isUnlink);
      return front.url;
    },
  });
  if (!front) throw new Error('the front was not started');
  return { stack, front };
}

describe('scim-unlock proxy on SIGTERM during an unlock', () => {
  test('within the grace period the unlock completes and is audited before exit 0', async () => {
    const { stack, front } = await stackWithFront({ SHUTDOWN_GRACE_SECONDS: '30' });
    try {
      const cli = startProcess(
        artifact.bin,
        ['unlock', LOCKED_EMAIL, '--reason', 'artifact test: sigterm', '--yes', '--json'],
        stack.cliEnv,
      );
      cli.child.stdin.end();
      await front.held;
      stack.proxy.child.kill('SIGTERM');
      await stack.proxy.logLine('proxy stopping');
      front.release();

      const [client, proxy] = await Promise.all([cli.exited, stack.proxy.exited]);
      expect(proxy.code).toBe(0);
      expect(proxy.stdout).toMatch(/"msg":"proxy stopped"/);
      expect(client.code).toBe(0);
      expect((JSON.parse(client.stdout) as { outcome: string }).outcome).toBe('unlocked');
      // Read after the proxy exited: the line was on disk before it did.
      expect(stack.auditEvents().filter((e) => e.action === 'unlock' && e.dryRun === false)).toEqual([
        expect.objectContaining({ outcome: 'unlocked', reason: 'artifact test: sigterm' }),
      ]);
      expect(await stack.accountStatus(LOCKED_EMAIL)).toBe('active');
      for (const text of [client.stdout + client.stderr, proxy.stdout + proxy.stderr]) {
        expect(text).not.toMatch(STACK_LINE);
        for (const secret of stack.secrets) expect(text).not.toContain(secret);
      }
    } finally {
      await stack.close();
      await front.close();
    }
  });

  test('with no grace the unlock is cut: the proxy exits 1 saying so, the CLI says the outcome is unknown', async () => {
    const { stack, front } = await stackWithFront({ SHUTDOWN_GRACE_SECONDS: '0' });
    try {
      const cli = startProcess(
        artifact.bin,
        ['unlock', LOCKED_EMAIL, '--reason', 'artifact test: cut', '--yes'],
        stack.cliEnv,
      );
      cli.child.stdin.end();
      await front.held;
      stack.proxy.child.kill('SIGTERM');
      const [client, proxy] = await Promise.all([cli.exited, stack.proxy.exited]);
      expect(proxy.code).toBe(1);
      expect(proxy.stdout).toMatch(/requests still running were cut/);
      expect(client.code).toBe(1);
      expect(client.stderr).toMatch(/broke before it answered/);
      expect(client.stderr).toMatch(/Whether the unlock completed is unknown/);
      expect(client.stdout + client.stderr).not.toMatch(STACK_LINE);
      // The held write never reached the simulator.
      expect(await stack.accountStatus(LOCKED_EMAIL)).toBe('inactive');
    } finally {
      await stack.close();
      await front.close();
    }
  });
});
