import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import { createRedactor, type Redactor } from '../../atlassian/redact';

export type Logger = PinoLogger;

/**
 * Paths pino censors before anything else runs: the usual places a credential sits in a request dump.
 * The deep redactor below catches the rest (secret-named keys anywhere, known secret values, bearer
 * strings, JWTs).
 */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  '*.authorization',
  '*.headers.authorization',
  'apiKey',
  '*.apiKey',
  'orgApiKey',
  '*.orgApiKey',
];

export interface RedactingPinoOptions {
  /** Exact secret values (org key, SCIM keys, API tokens) to mask wherever they appear. */
  secrets?: Iterable<string>;
  level?: string;
}

/** pino options shared by the ordinary logger and the audit writer, so both redact the same way. */
export function redactingPinoOptions(opts: RedactingPinoOptions): pino.LoggerOptions {
  const redactor: Redactor = createRedactor(opts.secrets ?? []);
  return {
    level: opts.level ?? 'info',
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    // The redactor turns errors into {name, message, code}: no stack trace reaches a log line.
    serializers: { err: (e: unknown) => redactor.value(e) },
    formatters: {
      level: (label) => ({ level: label }),
      log: (obj) => redactor.value(obj) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const cleaned = args.map((a: unknown) => (typeof a === 'string' ? redactor.string(a) : a));
        method.apply(this, cleaned as Parameters<typeof method>);
      },
    },
  };
}

export interface LoggerOptions extends RedactingPinoOptions {
  /** Defaults to stdout, written synchronously so a crash loses nothing. */
  destination?: DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(redactingPinoOptions(opts), opts.destination ?? pino.destination({ dest: 1, sync: true }));
}
