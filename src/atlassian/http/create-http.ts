/**
 * The single HTTP layer every Atlassian client goes through: path building from the OPERATIONS table,
 * bearer auth, per-attempt timeouts, bounded retries for idempotent operations only, typed errors,
 * redaction and per-attempt call events.
 */
import {
  AtlassianInvalidRequestError,
  AtlassianNetworkError,
  AtlassianTimeoutError,
  createHttpError,
  type AtlassianError,
  type AtlassianErrorContext,
} from '../errors';
import { parseErrorBody } from '../error-body';
import { OPERATIONS, type OperationId, type OperationParams } from '../operations';
import { createRedactor, redactUrl, type Redactor } from '../redact';
import { buildQuery, fillPath, joinUrl, validatePathParams, type Query } from './build-url';
import type { UpstreamCallEvent } from './call-counter';
import { classifyNetworkFailure, type NetworkFailure } from './network-failure';
import type { UpstreamLimiter } from './limiter';
import type { AtlassianResponse } from './response';
import {
  computeRetryDelay,
  DEFAULT_RETRY_POLICY,
  serverDirectedDelay,
  type RetryPolicy,
} from './retry-policy';

/** Structured logger; a pino logger fits. Objects are redacted before they are passed in. */
export interface AtlassianLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface AtlassianHttpOptions {
  /** Defaults to https://api.atlassian.com; the simulator's URL in tests and `npm start`. */
  baseUrl?: string;
  /** Per-attempt limit, covering the response body too. Default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Fires once per HTTP attempt. */
  onCall?: (event: UpstreamCallEvent) => void;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
  logger?: AtlassianLogger;
  /** Values to mask wherever they appear (configured keys); per-call bearers are added automatically. */
  secrets?: Iterable<string>;
  userAgent?: string;
  /** Asked before every attempt and told every answer; shared by all clients of a process. */
  limiter?: UpstreamLimiter;
}

export interface CallOptions<K extends OperationId = OperationId> {
  /** Every `{placeholder}` of the operation's path, typed from the operations table. */
  params: OperationParams<K>;
  query?: Query;
  /** Serialised as JSON. Leave undefined for no body. */
  body?: unknown;
  bearer: string;
  /** Content-Type of the body; default application/json. */
  contentType?: string;
  accept?: string;
  /** Caller cancellation; never retried. */
  signal?: AbortSignal;
}

export interface AtlassianHttp {
  readonly baseUrl: string;
  readonly redactor: Redactor;
  call<K extends OperationId>(operationId: K, options: CallOptions<K>): Promise<AtlassianResponse>;
}

export const DEFAULT_BASE_URL = 'https://api.atlassian.com';
export const DEFAULT_TIMEOUT_MS = 30_000;

type AttemptOutcome =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'network'; failure: NetworkFailure; timedOut: boolean; cancelled: boolean };

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Header values may not contain whitespace controls; a bearer with CR/LF would be header injection.
const BEARER_SHAPE = /^[\x21-\x7e]+$/;

export function createAtlassianHttp(options: AtlassianHttpOptions = {}): AtlassianHttp {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const doFetch = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const logger = options.logger;
  const baseRedactor = createRedactor(options.secrets ?? []);
  const userAgent = options.userAgent ?? 'scim-unlock';

  async function attemptOnce(url: string, init: RequestInit, signal?: AbortSignal): Promise<AttemptOutcome> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      if (signal?.aborted) controller.abort();
      const res = await doFetch(url, { ...init, signal: controller.signal });
      // The timeout covers the body as well: a server that stalls mid-body is as broken as a silent one.
      const text = await res.text();
      return { kind: 'response', status: res.status, headers: res.headers, text };
    } catch (error) {
      return {
        kind: 'network',
        failure: classifyNetworkFailure(error),
        timedOut,
        cancelled: !timedOut && (signal?.aborted ?? false),
      };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }
  }

  async function call<K extends OperationId>(
    operationId: K,
    callOptions: CallOptions<K>,
  ): Promise<AtlassianResponse> {
    const op = OPERATIONS[operationId];
    const redactor = baseRedactor.with([callOptions.bearer]);
    const preContext: AtlassianErrorContext = {
      operationId,
      api: op.api,
      method: op.method,
      url: `${baseUrl}${op.path}`,
    };

    const params: Readonly<Record<string, string>> = callOptions.params;
    const issues = validatePathParams(op.path, params);
    if (issues.length > 0) {
      const list = issues.map((i) => `${i.name}: ${i.problem}`);
      throw new AtlassianInvalidRequestError(
        `${operationId}: invalid path parameter(s): ${list.join(', ')}`,
        preContext,
        list,
      );
    }
    if (!BEARER_SHAPE.test(callOptions.bearer)) {
      throw new AtlassianInvalidRequestError(
        `${operationId}: the credential is missing or malformed`,
        preContext,
        ['bearer: missing or malformed'],
      );
    }

    const path = fillPath<string>(op.path, params);
    const url = joinUrl(baseUrl, path, buildQuery(callOptions.query));
    const context: AtlassianErrorContext = { ...preContext, url: redactUrl(url, redactor) };

    const headers: Record<string, string> = {
      authorization: `Bearer ${callOptions.bearer}`,
      accept: callOptions.accept ?? 'application/json',
      'user-agent': userAgent,
    };
    const init: RequestInit = { method: op.method, headers };
    if (callOptions.body !== undefined) {
      headers['content-type'] = callOptions.contentType ?? 'application/json';
      init.body = JSON.stringify(callOptions.body);
    }

    const log = (level: 'debug' | 'warn', fields: Record<string, unknown>, msg: string): void => {
      if (!logger) return;
      logger[level](
        redactor.value({ operationId, api: op.api, method: op.method, path, ...fields }) as Record<
          string,
          unknown
        >,
        msg,
      );
    };

    // Instrumentation must never change the outcome of a call.
    const emitCall = (event: UpstreamCallEvent): void => {
      try {
        options.onCall?.(event);
      } catch {
        /* a failing listener is the listener's problem */
      }
    };

    const startedAt = now();
    for (let attempt = 1; ; attempt += 1) {
      try {
        await options.limiter?.acquire(op.api, callOptions.signal);
      } catch {
        // Cancelled while queued for the budget: nothing was sent.
        const failure = { code: 'ABORTED', notSent: true, message: 'cancelled before it was sent' };
        throw buildFailure(
          { kind: 'network', failure, timedOut: false, cancelled: true },
          { ...context, attempts: attempt - 1 },
          op.idempotent,
          redactor,
          now(),
          timeoutMs,
        );
      }
      const attemptStart = now();
      const outcome = await attemptOnce(url, init, callOptions.signal);
      options.limiter?.settle(
        op.api,
        outcome.kind === 'response'
          ? { status: outcome.status, headers: outcome.headers }
          : { status: 'network-error' },
      );
      const status = outcome.kind === 'response' ? outcome.status : 'network-error';
      emitCall({
        operationId,
        api: op.api,
        method: op.method,
        path,
        status,
        attempt,
        durationMs: Math.max(0, now() - attemptStart),
      });
      log('debug', { attempt, status }, 'atlassian call attempt');

      if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
        return toResponse(operationId, outcome, { ...context, attempts: attempt });
      }

      const attemptContext: AtlassianErrorContext = { ...context, attempts: attempt };
      const failure = (): AtlassianError =>
        buildFailure(outcome, attemptContext, op.idempotent, redactor, now(), timeoutMs);

      // Mutations are never repeated blindly, and a caller's cancellation is final.
      if (!op.idempotent || (outcome.kind === 'network' && outcome.cancelled)) throw failure();

      const decision = computeRetryDelay({
        attempt,
        status,
        headers: outcome.kind === 'response' ? outcome.headers : undefined,
        now: now(),
        elapsedMs: Math.max(0, now() - startedAt),
        policy,
        random,
      });
      if (decision.kind === 'give-up') {
        if (decision.why !== 'not-retryable')
          log('warn', { attempt, status, why: decision.why }, 'atlassian call gave up');
        throw failure();
      }
      log(
        'warn',
        { attempt, status, delayMs: decision.delayMs, basis: decision.basis },
        'atlassian call will be retried',
      );
      await sleep(decision.delayMs);
    }
  }

  return { baseUrl, redactor: baseRedactor, call };
}

function toResponse(
  operationId: OperationId,
  outcome: Extract<AttemptOutcome, { kind: 'response' }>,
  context: AtlassianErrorContext,
): AtlassianResponse {
  const trimmed = outcome.text.trim();
  let body: unknown;
  let nonJsonBody = false;
  if (trimmed !== '') {
    try {
      body = JSON.parse(trimmed);
    } catch {
      nonJsonBody = true;
    }
  }
  return { operationId, status: outcome.status, headers: outcome.headers, body, nonJsonBody, context };
}

function requestIdFromHeaders(headers: Headers): string | undefined {
  return headers.get('atl-traceid') ?? headers.get('x-request-id') ?? headers.get('x-trace-id') ?? undefined;
}

function buildFailure(
  outcome: AttemptOutcome,
  context: AtlassianErrorContext,
  idempotent: boolean,
  redactor: Redactor,
  nowMs: number,
  timeoutMs: number,
): AtlassianError {
  if (outcome.kind === 'response') {
    const parsed = parseErrorBody(outcome.text);
    const clean = (v: string | undefined): string | undefined =>
      v === undefined ? undefined : redactor.string(v);
    const retryAfter = serverDirectedDelay(outcome.status, outcome.headers, nowMs);
    const requestId = parsed.requestId ?? requestIdFromHeaders(outcome.headers);
    return createHttpError(context, {
      status: outcome.status,
      ...(parsed.code ? { code: clean(parsed.code) } : {}),
      ...(parsed.reason ? { reason: clean(parsed.reason) } : {}),
      ...(parsed.detail ? { detail: clean(parsed.detail) } : {}),
      ...(requestId ? { requestId: clean(requestId) } : {}),
      ...(retryAfter ? { retryAfterMs: retryAfter.delayMs } : {}),
    });
  }

  // A request that certainly never left cannot have changed anything.
  const ambiguous = !idempotent && !outcome.failure.notSent;
  if (outcome.timedOut) return new AtlassianTimeoutError(context, { ambiguous, timeoutMs });
  const code = outcome.cancelled ? 'ABORTED' : outcome.failure.code;
  const path = pathOf(context.url);
  const message =
    `${context.operationId} (${context.method} ${path}) got no HTTP response` +
    (code ? ` (${code})` : '') +
    (ambiguous ? '; the change may or may not have been applied — read the state back' : '');
  return new AtlassianNetworkError(redactor.string(message), context, {
    ambiguous,
    cause: {
      name: 'NetworkFailure',
      message: redactor.string(outcome.failure.message),
      ...(code ? { code } : {}),
    },
  });
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
