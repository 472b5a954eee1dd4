/**
 * The account list of `unlock --from-file`: one email or account id per line, as people paste it from
 * an IdP export or a ticket. Pure, so the rules are table-tested (test/unit/cli/account-list.test.ts).
 */
import { AccountId, Email } from '../../contract/proxy/ids';
import { MAX_BATCH_ACCOUNTS } from '../../contract/proxy/batches';
import { dedupeRefs } from '../../proxy/batches/domain/batch-rules';

export interface ListProblem {
  /** 1-based, as an editor shows it. */
  line: number;
  /** The line as written (trimmed, clipped), to find it again. */
  text: string;
  message: string;
}

export interface AccountList {
  /** Valid references, duplicates removed (the proxy's rule: emails case-insensitively, ids exactly). */
  refs: string[];
  /** Lines naming an account already listed above. */
  duplicates: number;
  problems: ListProblem[];
}

/** Larger than any list of 1,000 accounts with comments; a bigger input is the wrong file. */
export const MAX_LIST_BYTES = 1024 * 1024;

const clip = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

function problemWith(ref: string): string | null {
  if (/[\s,;]/.test(ref)) return 'not one account (one per line: no spaces, commas or semicolons)';
  const result = ref.includes('@') ? Email.safeParse(ref) : AccountId.safeParse(ref);
  if (result.success) return null;
  const message = result.error.issues[0]?.message ?? 'is invalid';
  return ref.includes('@') ? `not an email address (${message})` : `not an account id (${message})`;
}

/**
 * Blank lines and comments (`#` at the start of a line, or after whitespace: `bob@acme.example  # HR-12`)
 * are skipped; a byte-order mark and Windows line ends are tolerated.
 */
export function parseAccountList(text: string): AccountList {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const valid: string[] = [];
  const problems: ListProblem[] = [];
  lines.forEach((raw, index) => {
    const ref = raw.replace(/(^|\s)#.*$/, '').trim();
    if (ref === '') return;
    const problem = problemWith(ref);
    if (problem === null) valid.push(ref);
    else problems.push({ line: index + 1, text: clip(ref), message: problem });
  });
  const { refs, duplicates } = dedupeRefs(valid);
  return { refs, duplicates, problems };
}

/** Why a parsed list cannot start a batch, or null when it can. */
export function listRefusal(list: AccountList): { title: string; detail: string[] } | null {
  if (list.problems.length > 0) {
    const shown = list.problems.slice(0, 20).map((p) => `line ${p.line}: "${p.text}" is ${p.message}`);
    if (list.problems.length > shown.length) shown.push(`… and ${list.problems.length - shown.length} more`);
    const n = list.problems.length;
    return {
      title: `${n} line${n === 1 ? '' : 's'} of the list ${n === 1 ? 'is' : 'are'} not an email or account id: nothing was started.`,
      detail: shown,
    };
  }
  if (list.refs.length === 0) {
    return {
      title: 'The list names no account: nothing was started.',
      detail: ['Write one email or account id per line; lines starting with # are comments.'],
    };
  }
  if (list.refs.length > MAX_BATCH_ACCOUNTS) {
    return {
      title: `The list names ${list.refs.length.toLocaleString('en-US')} accounts; a batch takes at most ${MAX_BATCH_ACCOUNTS.toLocaleString('en-US')}: nothing was started.`,
      detail: [`Split it into files of at most ${MAX_BATCH_ACCOUNTS} lines and run one after the other.`],
    };
  }
  return null;
}
