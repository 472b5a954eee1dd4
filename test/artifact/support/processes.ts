import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Only PATH (the bin's `#!/usr/bin/env node` needs it) and what the test gives: nothing leaks in. */
function cleanEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', ...env };
}

export function finished(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs the installed CLI to completion, with no terminal (stdin closed). */
export function runCli(bin: string, args: string[], env: Record<string, string>): Promise<Finished> {
  const child = spawn(bin, args, { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  return finished(child);
}

export interface RunningProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves when the process has exited, with all it printed. */
  exited: Promise<Finished>;
  /** Resolves with the first stdout JSON line whose `msg` is `msg`. */
  logLine(msg: string): Promise<Record<string, unknown>>;
}

export function startProcess(bin: string, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(bin, args, { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = finished(child);
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{ msg: string; resolve: (l: Record<string, unknown>) => void }> = [];
  let buffered = '';
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const text = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        continue;
      }
      lines.push(line);
      for (const w of waiters.filter((x) => x.msg === line.msg)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  return {
    child,
    exited,
    logLine: (msg) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => l.msg === msg);
        if (seen) return resolve(seen);
        waiters.push({ msg, resolve });
        void exited.then((f) =>
          reject(new Error(`process exited (${f.code}) before logging "${msg}": ${f.stderr}`)),
        );
      }),
  };
}

/** A line of a JavaScript stack trace, as Node prints them. */
export const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
