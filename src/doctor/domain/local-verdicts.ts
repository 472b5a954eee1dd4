/**
 * Verdicts on what the doctor can judge without calling anyone: configuration problems, the bind
 * address, the audit and state files, and the shape of the Forge trust settings. Pure.
 */
import type { Verdict } from './upstream-verdict';

/** A problem `loadConfig` reported, turned into the fix an operator types. */
export function configProblemFix(variable: string, message: string): string {
  if (message === 'is required') return `Set ${variable} (or ${variable}_FILE, a file holding the value).`;
  if (message.startsWith('is required when')) return `Set ${variable}: it ${message}.`;
  const either = /^or ([A-Z][A-Z0-9_]*) /.exec(message);
  if (either) return `Set ${variable} or ${either[1]}.`;
  const dependsOn = /^is set but (\S+) is not(?: configured)?(?: (\(.*\)))?$/.exec(message);
  if (dependsOn)
    return `Unset ${variable}, or set ${dependsOn[1]}${dependsOn[2] ? ` ${dependsOn[2]}` : ''} too.`;
  if (variable.endsWith('_FILE') && message.includes('cannot be read'))
    return `Point ${variable} at a file this user can read, or set ${variable.slice(0, -'_FILE'.length)} instead.`;
  if (message.startsWith('and ') && message.includes('both set'))
    return `Unset either ${variable} or ${variable}_FILE.`;
  return `Correct ${variable}: it ${message}.`;
}

const LOOPBACK_NAMES = new Set(['localhost', '::1', '[::1]']);

export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  return LOOPBACK_NAMES.has(h) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function bindAddressVerdict(host: string, port: number): Verdict {
  const where = `${host}:${port === 0 ? '<any free port>' : port}`;
  if (isLoopbackHost(host)) {
    return {
      status: 'pass',
      detail: `The proxy would listen on ${where}, loopback only. Forge reaches it through a TLS-terminating reverse proxy on this host.`,
      fix: null,
    };
  }
  return {
    status: 'warn',
    detail: `The proxy would listen on ${where}, beyond loopback, and speaks plain HTTP: the org key's power would be one unencrypted hop away.`,
    fix:
      'Put a TLS-terminating reverse proxy in front (Forge Remote needs a publicly trusted HTTPS endpoint) and ' +
      'set PROXY_HOST=127.0.0.1 so only it can reach the proxy; if the reverse proxy runs on another host or ' +
      'container, keep PROXY_HOST but allow only that host to connect (firewall or network policy).',
  };
}

/** What the doctor found at a file path, without creating or changing anything. */
export type FileState =
  | { kind: 'exists'; isFile: boolean; writable: boolean; mode: number; directoryWritable: boolean }
  /** Missing; `creatable` says whether the nearest existing parent directory is writable. */
  | { kind: 'missing'; creatable: boolean; nearestDirectory: string };

export interface FileSubject {
  /** e.g. "Audit log"; used in sentences. */
  what: string;
  variable: string;
  path: string;
  /** Written whole through a temporary file and a rename, so its directory must be writable too. */
  replacedWhole?: boolean;
}

const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(3, '0');

export function fileVerdict(subject: FileSubject, state: FileState): Verdict {
  const { what, variable, path } = subject;
  if (state.kind === 'missing') {
    return state.creatable
      ? {
          status: 'pass',
          detail: `${what} ${path} does not exist yet; the proxy will create it (mode 600, directories 700) under ${state.nearestDirectory}.`,
          fix: null,
        }
      : {
          status: 'fail',
          detail: `${what} ${path} does not exist and ${state.nearestDirectory} is not writable by this user.`,
          fix: `Create the directory for ${variable} writable by the user the proxy runs as, or point ${variable} at a writable volume.`,
        };
  }
  if (!state.isFile)
    return {
      status: 'fail',
      detail: `${what} ${path} exists but is not a regular file.`,
      fix: `Point ${variable} at a file path.`,
    };
  if (!state.writable)
    return {
      status: 'fail',
      detail: `${what} ${path} exists but is not writable by this user.`,
      fix: `Make ${path} writable by the user the proxy runs as (chown), or point ${variable} elsewhere.`,
    };
  if (subject.replacedWhole === true && !state.directoryWritable)
    return {
      status: 'fail',
      detail: `${what} ${path} is replaced through a temporary file beside it, but its directory is not writable by this user.`,
      fix: `Make the directory of ${variable} writable by the user the proxy runs as.`,
    };
  if ((state.mode & 0o077) !== 0)
    return {
      status: 'warn',
      detail: `${what} ${path} is writable but readable or writable by group or others (mode ${octal(state.mode)}); it names accounts and actions.`,
      fix: `Run chmod 600 ${path} (the proxy creates new files with mode 600).`,
    };
  return { status: 'pass', detail: `${what} ${path} is writable, mode ${octal(state.mode)}.`, fix: null };
}

export interface ForgeTrustInput {
  appId: string | null;
  installationIds: number;
  allowedSites: number;
  environments: readonly string[];
  apiTokens: number;
}

export function forgeTrustVerdict(input: ForgeTrustInput): Verdict {
  if (input.appId === null) {
    return {
      status: 'warn',
      detail: `FORGE_APP_ID is not set: Forge Invocation Tokens are refused, so the Forge app cannot call this proxy (${input.apiTokens} static token(s) in PROXY_API_TOKENS can).`,
      fix: 'After `forge deploy` and `forge install`, set FORGE_APP_ID to the app id (ari:cloud:ecosystem::app/<id>, the `app.id` of manifest.yml) and FORGE_INSTALLATION_IDS to the id `forge install list` prints.',
    };
  }
  const pinned = [
    input.installationIds > 0 ? `${input.installationIds} installation(s)` : null,
    input.allowedSites > 0 ? `${input.allowedSites} site(s)` : null,
  ]
    .filter((s) => s !== null)
    .join(' and ');
  const envs = input.environments.join(', ');
  const nonProduction = input.environments.filter((e) => e !== 'production');
  if (nonProduction.length > 0) {
    return {
      status: 'warn',
      detail: `Tokens of ${input.appId} are accepted from ${pinned}, in environments: ${envs}. Every ${nonProduction.join('/')} environment of the app (any contributor can create one) is trusted like production.`,
      fix: 'Set FORGE_ALLOWED_ENVIRONMENTS=production unless this proxy serves a test installation.',
    };
  }
  return {
    status: 'pass',
    detail: `Tokens of ${input.appId} are accepted from ${pinned}, production environment only.`,
    fix: null,
  };
}
