import { randomBytes, randomUUID } from 'node:crypto';
import { systemClock } from './clock';
import { ForgeRuntimeError } from './errors';
import {
  DEFAULT_TIMEOUT_MS,
  currentInvocation,
  runInInvocation,
  type Invocation,
  type InvocationKind,
} from './invocation';
import { LocalKvs } from './kvs/local-kvs';
import { startLocalJwks, type LocalJwks } from './local-jwks';
import { resolveOptions, type ForgeRuntimeOptions } from './options';
import { createPlatformFetch, type PlatformCall } from './platform-fetch';
import { LocalQueues, type AsyncEvent, type ConsumerHandler, type DrainReport } from './queue';
import { LocalScheduler, type TriggerHandler, type TriggerInterval, type TriggerRun } from './scheduler';

/** Resolver responses travel through Forge's GraphQL gateway, capped at about 5 MB (community reports). */
export const MAX_RESOLVER_RESPONSE_BYTES = 5 * 1024 * 1024;
/** Custom timeouts exist only for consumer and scheduled-trigger functions (manifest `timeoutSeconds`). */
export const MAX_TIMEOUT_SECONDS = 900;

/** The extension context a UI module passes with `invoke` (the bridge's `view.getContext().extension`). */
export interface ExtensionContext {
  type: string;
  issue?: { key: string; id: string; type?: string };
  project?: { key: string; id: string; type?: string };
  [key: string]: unknown;
}

export interface ResolverInvocation {
  functionKey: string;
  payload?: unknown;
  /** The signed-in user; null for an anonymous invocation. */
  accountId: string | null;
  moduleKey: string;
  extension: ExtensionContext;
  localId?: string;
}

export interface FunctionInvocationOptions {
  accountId?: string | null;
  moduleKey?: string;
  kind?: InvocationKind;
  /** Only consumer and scheduled-trigger functions may exceed the default (1-900 s). */
  timeoutSeconds?: number;
}

/** A resolver entry point as `Resolver.getDefinitions()` / `makeResolver()` return it. */
export type ResolverHandler = (
  request: {
    call: { functionKey: string; payload?: unknown; jobId?: string };
    context: Record<string, unknown>;
  },
  backendContext?: Record<string, unknown>,
) => unknown;

const noopMetric = {
  incr() {},
  decr() {},
  set() {},
  gauge() {},
  measure: () => ({ stop() {} }),
};
const metrics = { counter: () => noopMetric, timing: () => noopMetric, gauge: () => noopMetric };

function jsonRoundTrip(value: unknown, what: string): unknown {
  if (value === undefined) return undefined;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    throw new ForgeRuntimeError('NOT_SERIALISABLE', `${what} is not JSON-serialisable`);
  }
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

export function createForgeRuntime(opts: ForgeRuntimeOptions) {
  const options = resolveOptions(opts);
  const clock = opts.clock ?? systemClock;
  if (opts.kvs !== undefined && opts.entities !== undefined) {
    throw new ForgeRuntimeError(
      'INVALID_OPTIONS',
      'Pass entities to the LocalKvs you provide, not to the runtime',
    );
  }
  const kvs = opts.kvs ?? new LocalKvs({ clock, entities: opts.entities ?? [] });
  const calls: PlatformCall[] = [];
  const installContext = `ari:cloud:jira::site/${options.jira.cloudId}`;
  let installed = false;

  // The documented function-arguments context (DAC "function-reference/arguments"). `license` and
  // `installation` are left out: their exact shapes are not published, and a guess would mislead.
  function backendContext(accountId: string | null) {
    return {
      installContext,
      ...(accountId === null ? {} : { principal: { accountId } }),
    };
  }

  function requireInstalled(): void {
    if (!installed) {
      throw new ForgeRuntimeError('RUNTIME_NOT_INSTALLED', 'Call install() before invoking app code');
    }
  }

  async function run<T>(
    kind: InvocationKind,
    moduleKey: string,
    accountId: string | null,
    timeoutSeconds: number | undefined,
    chainRootId: string | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    requireInstalled();
    if (timeoutSeconds !== undefined) {
      const customAllowed = kind === 'consumer' || kind === 'scheduledTrigger';
      if (
        !customAllowed ||
        !Number.isInteger(timeoutSeconds) ||
        timeoutSeconds < 1 ||
        timeoutSeconds > MAX_TIMEOUT_SECONDS
      ) {
        throw new ForgeRuntimeError(
          'INVALID_OPTIONS',
          `timeoutSeconds is not allowed for a ${kind} invocation`,
          {
            kind,
            timeoutSeconds,
          },
        );
      }
    }
    const id = randomUUID();
    const startedAt = clock.now();
    const invocation: Invocation = {
      id,
      kind,
      accountId,
      moduleKey,
      startedAt,
      deadline: startedAt + (timeoutSeconds === undefined ? DEFAULT_TIMEOUT_MS[kind] : timeoutSeconds * 1000),
      chainRootId: chainRootId ?? id,
    };
    return runInInvocation(invocation, fn);
  }

  const consumerTimeouts = new Map<string, number | undefined>();
  const triggerTimeouts = new Map<string, number | undefined>();

  const queues = new LocalQueues(clock, (handler: ConsumerHandler, event: AsyncEvent, chainRootId: string) =>
    run('consumer', event.queueName, null, consumerTimeouts.get(event.queueName), chainRootId, async () =>
      handler(event, backendContext(null)),
    ),
  );

  const scheduler = new LocalScheduler(clock, (key: string, handler: TriggerHandler) =>
    run('scheduledTrigger', key, null, triggerTimeouts.get(key), undefined, async () =>
      handler(
        {
          context: { cloudId: options.jira.cloudId, moduleKey: key },
          contextToken: randomBytes(16).toString('hex'),
        },
        backendContext(null),
      ),
    ),
  );

  const forgeFetch = createPlatformFetch({ options, fit: opts.fit, kvs, queues, calls });

  /** `__forge_runtime__` as @forge/api reads it (`out/api/runtime.js`), seen from the current invocation. */
  function runtimeView() {
    const inv = currentInvocation();
    return {
      appContext: {
        appId: options.appBareId,
        appVersion: options.appVersion,
        environmentId: options.environment.id,
        environmentType: options.environment.type,
        invocationId: inv?.id,
        installationId: options.installationBareId,
        moduleKey: inv?.moduleKey,
        permissions: {
          scopes: options.permissions?.scopes ?? [],
          external: options.permissions?.external ?? {},
        },
      },
      lambdaContext: {
        getRemainingTimeInMillis: () => (inv === undefined ? 0 : Math.max(0, inv.deadline - clock.now())),
      },
      metrics,
      tracing: { traceId: inv?.id.replace(/-/g, '').slice(0, 16) ?? '0', spanId: '0' },
      externalAuth: [],
    };
  }

  const g = globalThis as Record<string, unknown>;

  function uninstall(): void {
    if (!installed) return;
    delete g.__forge_fetch__;
    delete g.__forge_runtime__;
    installed = false;
  }

  return {
    kvs,
    calls,
    options: { cloudId: options.jira.cloudId, appId: options.appId, installationId: options.installationAri },

    /** Sets `__forge_fetch__` and `__forge_runtime__`; idempotent; returns `uninstall`. */
    install(): () => void {
      if (installed) return uninstall;
      if (g.__forge_fetch__ !== undefined || g.__forge_runtime__ !== undefined) {
        throw new ForgeRuntimeError(
          'RUNTIME_ALREADY_INSTALLED',
          'Another Forge runtime is installed in this process',
        );
      }
      g.__forge_fetch__ = forgeFetch;
      Object.defineProperty(g, '__forge_runtime__', {
        configurable: true,
        enumerable: false,
        get: runtimeView,
      });
      installed = true;
      return uninstall;
    },
    uninstall,

    /**
     * Invokes a resolver entry point the way Forge does for a bridge `invoke(functionKey, payload)`:
     * `handler({call:{functionKey, payload}, context}, {principal, installContext, installation})`.
     * Payload and result are JSON round-tripped (they cross the network on Forge).
     */
    async invokeResolver(handler: ResolverHandler, req: ResolverInvocation): Promise<unknown> {
      const payload = jsonRoundTrip(req.payload ?? {}, 'Resolver payload');
      const context = {
        cloudId: options.jira.cloudId,
        ...(options.jira.siteUrl === undefined ? {} : { siteUrl: options.jira.siteUrl }),
        moduleKey: req.moduleKey,
        localId: req.localId ?? `${req.moduleKey}-local`,
        environmentId: options.environment.id,
        environmentType: options.environment.type,
        extension: jsonRoundTrip(req.extension, 'Extension context'),
        ...(req.accountId === null ? {} : { accountId: req.accountId }),
      };
      const result = await run('resolver', req.moduleKey, req.accountId, undefined, undefined, async () =>
        handler({ call: { functionKey: req.functionKey, payload }, context }, backendContext(req.accountId)),
      );
      const out = jsonRoundTrip(result, 'Resolver result');
      if (out !== undefined && Buffer.byteLength(JSON.stringify(out)) > MAX_RESOLVER_RESPONSE_BYTES) {
        throw new ForgeRuntimeError('RESOLVER_RESPONSE_TOO_LARGE', 'Resolver result exceeds about 5 MB', {
          functionKey: req.functionKey,
        });
      }
      return out;
    },

    /** Invokes any function handler as `handler(event, context)` (web triggers, product events, tests). */
    async invokeFunction(
      handler: (event: unknown, context: unknown) => unknown,
      event: unknown,
      o: FunctionInvocationOptions = {},
    ) {
      const accountId = o.accountId ?? null;
      return run(
        o.kind ?? 'function',
        o.moduleKey ?? 'function',
        accountId,
        o.timeoutSeconds,
        undefined,
        async () => handler(event, backendContext(accountId)),
      );
    },

    queue: {
      /** The consumer module of `queueKey` (manifest `consumer[].queue` → `function`). */
      register(queueKey: string, handler: ConsumerHandler, o: { timeoutSeconds?: number } = {}): void {
        queues.register(queueKey, handler);
        consumerTimeouts.set(queueKey, o.timeoutSeconds);
      },
      drain: (o?: { maxDeliveries?: number }): Promise<DrainReport> => queues.drain(o),
      size: (queueKey?: string): number => queues.size(queueKey),
    },

    scheduler: {
      registerTrigger(
        key: string,
        handler: TriggerHandler,
        o: { interval?: TriggerInterval; timeoutSeconds?: number } = {},
      ) {
        scheduler.registerTrigger(key, handler, o.interval === undefined ? {} : { interval: o.interval });
        triggerTimeouts.set(key, o.timeoutSeconds);
      },
      runNow: (key: string): Promise<TriggerRun> => scheduler.runNow(key),
      tick: (now?: number): Promise<TriggerRun[]> => scheduler.tick(now),
      nextDue: (key: string): number => scheduler.nextDue(key),
    },

    /** Serves this runtime's FIT public key; point the proxy's FORGE_JWKS_URL at `url`. */
    startLocalJwks: (o?: { port?: number }): Promise<LocalJwks> => startLocalJwks(opts.fit, o),
  };
}

export type ForgeRuntime = ReturnType<typeof createForgeRuntime>;
