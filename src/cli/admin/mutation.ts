import type { ActionResponse, LookupResponse, UnlockResponse } from '../../contract/proxy';
import type { ProxyClient } from '../../contract/proxy/client';
import type { CliContext } from '../io/context';
import { CliError } from '../io/errors';
import { EXIT, type ExitCode } from '../io/exit-codes';
import { styleFor } from '../io/terminal';
import type { ProxyConnection } from './connection';
import { HEADLINE } from '../../contract/proxy/diagnosis-words';
import { explainProxyFailure } from './proxy-api';
import { mutationLines } from './render';

export type MutationAnswer = UnlockResponse | ActionResponse;
export type MutationName = 'unlock' | 'unlink' | 'reactivate' | 'deactivate';

export interface MutationOptions {
  reason: string;
  dryRun?: boolean;
  yes?: boolean;
  json?: boolean;
}

/** How an answer ends the command: blocked → 1, partial → 3, everything else (done, no-op, plan) → 0. */
export function exitCodeOf(outcome: MutationAnswer['outcome']): ExitCode {
  if (outcome === 'blocked') return EXIT.failed;
  if (outcome === 'partial') return EXIT.partial;
  return EXIT.done;
}

/** An email is looked up by email; anything else is taken as an account id. */
export function lookupQuery(who: string): { email: string } | { accountId: string } {
  return who.includes('@') ? { email: who } : { accountId: who };
}

export async function lookupAccount(
  client: ProxyClient,
  conn: ProxyConnection,
  who: string,
): Promise<LookupResponse> {
  try {
    return await client.lookup({ query: lookupQuery(who) });
  } catch (err) {
    throw explainProxyFailure(err, conn);
  }
}

/**
 * The one way every account mutation runs: find the account, ask the proxy for the dry-run plan and
 * print it, then apply only when asked (--yes, or "y" on a terminal). Without a terminal and without
 * --yes it stops after the plan with exit 2, so a script that forgot --yes never changes anything.
 */
export async function runMutation(
  ctx: CliContext,
  conn: ProxyConnection,
  client: ProxyClient,
  name: MutationName,
  who: string,
  opts: MutationOptions,
  call: (accountId: string, dryRun: boolean) => Promise<MutationAnswer>,
): Promise<ExitCode> {
  const { io } = ctx;
  const s = styleFor(io);
  const found = await lookupAccount(client, conn, who);
  if (found.account === null) {
    throw new CliError(`No account found for ${who}.`, [
      'An email search only finds accounts whose email the organization can see; try the account id.',
    ]);
  }
  const account = found.account;
  const label = `${account.name ?? account.email ?? account.accountId} (${account.accountId})`;

  let plan: MutationAnswer;
  try {
    plan = await call(account.accountId, true);
  } catch (err) {
    throw explainProxyFailure(err, conn);
  }
  const stopAfterPlan = opts.dryRun === true || plan.outcome !== 'planned';
  if (opts.json && (stopAfterPlan || !opts.yes)) io.out(JSON.stringify(plan, null, 2));
  if (!opts.json) {
    io.out(`${s.bold(label)}: ${HEADLINE[found.diagnosis.state]}`);
    io.out(mutationLines(name, plan, s).join('\n'));
  }
  if (stopAfterPlan) return exitCodeOf(plan.outcome);

  if (!opts.yes) {
    if (!io.interactive) {
      io.err(
        `Stopped after the plan: nothing was changed. No terminal to confirm on; run again with --yes to ${name} ${who}.`,
      );
      return EXIT.usage;
    }
    const steps = plan.steps.filter((st) => st.status === 'planned').length;
    if (!(await io.confirm(`${name} ${label}: apply ${steps} step${steps === 1 ? '' : 's'}?`))) {
      io.err('Cancelled: nothing was changed.');
      return EXIT.failed;
    }
  }

  let result: MutationAnswer;
  try {
    result = await call(account.accountId, false);
  } catch (err) {
    throw explainProxyFailure(err, conn, name);
  }
  if (opts.json) io.out(JSON.stringify(result, null, 2));
  else io.out(['', ...mutationLines(name, result, s)].join('\n'));
  return exitCodeOf(result.outcome);
}
