import { createInterface } from 'node:readline/promises';

/**
 * Where a command writes and how it asks. Commands never touch `process` directly, so tests drive them
 * with plain buffers and the process entry (src/cli/main.ts) wires the real streams.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** The environment the command reads its configuration from. */
  env: Readonly<Record<string, string | undefined>>;
  /** True when a person can answer a question (stdin and stdout are terminals). */
  interactive: boolean;
  /** Colour only on a terminal and never when NO_COLOR is set (https://no-color.org). */
  color: boolean;
  /** Asks a yes/no question; only called when `interactive`. */
  confirm(question: string): Promise<boolean>;
  /** stderr is a terminal: progress is drawn as one line redrawn in place rather than as lines. */
  errTty?: boolean;
  /** Writes to stderr as given (no newline added): the redrawn progress line. */
  errRaw?(text: string): void;
  /** Runs `handler` on Ctrl-C (SIGINT) instead of ending the process; returns the undo. */
  onInterrupt?(handler: () => void): () => void;
  /** All of standard input, for `--from-file -`. */
  readStdin?(): Promise<string>;
}

export function colorWanted(env: CliIo['env'], isTty: boolean): boolean {
  const noColor = env.NO_COLOR;
  return isTty && (noColor === undefined || noColor === '');
}

export function processIo(): CliIo {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  return {
    out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    env: process.env,
    interactive,
    color: colorWanted(process.env, Boolean(process.stdout.isTTY)),
    async confirm(question) {
      // Asked on stderr, so stdout stays clean for --json.
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(`${question} [y/N] `);
        return /^(y|yes)$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
    errTty: Boolean(process.stderr.isTTY),
    errRaw: (text) => void process.stderr.write(text),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => void process.off('SIGINT', handler);
    },
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
}

const sgr =
  (open: number, close: number) =>
  (s: string): string =>
    `\u001b[${open}m${s}\u001b[${close}m`;

const PLAIN: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s };
const COLORED: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  red: sgr(31, 39),
  green: sgr(32, 39),
  yellow: sgr(33, 39),
};

export function styleFor(io: Pick<CliIo, 'color'>): Style {
  return io.color ? COLORED : PLAIN;
}
