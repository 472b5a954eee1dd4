import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import { AccountId, BatchId, SyncRunId } from '../../contract/proxy';
import type { BatchService } from '../batches/batch-service';
import { BatchesNotConfiguredProblem } from '../batches/errors';
import { AtlassianError } from '../../atlassian/errors';
import type { Actor } from '../auth/actor';
import { authMiddleware, type Authenticator } from '../auth/middleware';
import {
  InternalProblem,
  MethodNotAllowedProblem,
  NotFoundProblem,
  NotReadyProblem,
  PayloadTooLargeProblem,
  ProxyProblem,
  RateLimitedProblem,
  problemResponse,
} from '../http/problems';
import { TokenBucketLimiter } from '../http/rate-limit';
import { rawTargetGuard } from '../http/raw-target';
import { requestIdMiddleware } from '../http/request-id';
import { timeoutMiddleware } from '../http/timeout';
import { problemFor } from '../http/error-mapping';
import { parseInput, pathParam, queryObject, readJsonBody } from '../http/validate';
import type { Logger } from './logger';
import { buildOpenApiDocument } from './openapi';
import type { IdpSyncOperation } from '../idp-sync/idp-sync';
import type { IdpRunService } from '../idp-sync/idp-runs';
import { IdpSyncNotConfiguredError, OperationError } from '../operation-errors';
import type { AccountOperations, OperationContext, ReadinessCheck } from '../operation-context';
import { honoPath, ROUTES, type RouteDef, type RouteId } from '../../contract/proxy/routes';

export interface ProxyAppLimits {
  /** Largest accepted request body; the biggest valid body (a 500-character reason) is far smaller. */
  bodyBytes: number;
  /** Largest batch creation body: 1,000 emails of up to 254 characters, quoted, plus the reason. */
  batchBodyBytes: number;
  /** Forge UI invocations give up after 25 s, so the proxy answers (with a 504) before that. */
  requestTimeoutMs: number;
  /** Per-actor token bucket. */
  rateLimit: { capacity: number; refillPerSecond: number };
  /** How long a readiness answer is reused, so probes cannot turn into upstream load. */
  readinessCacheMs: number;
}

export const DEFAULT_LIMITS: ProxyAppLimits = {
  bodyBytes: 16 * 1024,
  batchBodyBytes: 320 * 1024,
  requestTimeoutMs: 24_000,
  rateLimit: { capacity: 30, refillPerSecond: 1 },
  readinessCacheMs: 15_000,
};

export interface ProxyAppDeps {
  operations: AccountOperations;
  authenticate: Authenticator;
  readiness: ReadinessCheck;
  /** POST /v1/idp/sync; absent or null when Keycloak is not configured (the route answers 501). */
  idpSync?: IdpSyncOperation | null;
  /** POST /v1/idp/runs and its status; absent or null when Keycloak is not configured (501). */
  idpRuns?: IdpRunService | null;
  /** The batch routes; absent or null without a state directory (they answer 501). */
  batches?: BatchService | null;
  logger: Logger;
  limits?: Partial<ProxyAppLimits>;
  /** Milliseconds; injectable for the rate limiter and the readiness cache. */
  now?: () => number;
  generateRequestId?: () => string;
}

type ProxyEnv = {
  Variables: {
    requestId: string;
    callerRequestId: string | undefined;
    actor: Actor;
    signal: AbortSignal;
  };
};

function checkedJson<S extends z.ZodType>(
  c: Context<ProxyEnv>,
  schema: S,
  value: unknown,
  logger: Logger,
): Response {
  // The service's answer is checked against the contract: a drift is the proxy's bug (500), and is
  // caught here instead of surfacing as a confusing error in the Forge app.
  const result = schema.safeParse(value);
  if (!result.success) {
    logger.error(
      {
        requestId: c.get('requestId'),
        issues: result.error.issues.slice(0, 10).map((i) => `${i.path.join('.')}: ${i.code}`),
      },
      'response does not match the contract',
    );
    throw new InternalProblem();
  }
  c.header('Cache-Control', 'no-store');
  return c.json(result.data as object);
}

export function createProxyApp(deps: ProxyAppDeps) {
  const limits: ProxyAppLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const now = deps.now ?? Date.now;
  const logger = deps.logger;
  const limiter = new TokenBucketLimiter({ ...limits.rateLimit, now });
  const app = new Hono<ProxyEnv>();

  app.use('*', requestIdMiddleware(deps.generateRequestId ?? randomUUID));

  app.onError((err, c) => {
    const requestId = c.get('requestId');
    const callerRequestId = c.get('callerRequestId');
    let problem: ProxyProblem;
    if (err instanceof ProxyProblem || err instanceof OperationError) {
      problem = problemFor(err);
      if (problem.status >= 500)
        logger.warn({ requestId, callerRequestId, err, type: problem.type }, 'request failed');
    } else if (err instanceof AtlassianError) {
      problem = problemFor(err);
      logger.warn({ requestId, callerRequestId, err: err.toJSON() }, 'upstream call failed');
    } else if (err instanceof HTTPException && err.status === 413) {
      // Node's body stream can also end a too-large upload before the limiter's own check runs.
      problem = new PayloadTooLargeProblem(limits.bodyBytes);
    } else {
      problem = problemFor(err);
      logger.error({ requestId, callerRequestId, err }, 'unexpected error');
    }
    return problemResponse(problem, requestId);
  });
  app.notFound((c) => problemResponse(new NotFoundProblem(), c.get('requestId')));
  app.use('*', rawTargetGuard());

  const bodyLimitOf = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => problemResponse(new PayloadTooLargeProblem(maxSize), c.get('requestId')),
    });
  const batchBodyLimit = bodyLimitOf(limits.batchBodyBytes);
  const defaultBodyLimit = bodyLimitOf(limits.bodyBytes);
  app.use('/v1/*', (c, next) =>
    c.req.path === ROUTES.createBatch.path ? batchBodyLimit(c, next) : defaultBodyLimit(c, next),
  );
  app.use('/v1/*', authMiddleware(deps.authenticate));
  app.use('/v1/*', async (c, next) => {
    const taken = limiter.take(`${c.get('actor').kind}:${c.get('actor').id}`);
    if (!taken.allowed) throw new RateLimitedProblem(taken.retryAfterSeconds);
    await next();
  });
  app.use('/v1/*', timeoutMiddleware(limits.requestTimeoutMs));

  const ctx = (c: Context<ProxyEnv>): OperationContext => {
    const callerRequestId = c.get('callerRequestId');
    return {
      actor: c.get('actor'),
      requestId: c.get('requestId'),
      ...(callerRequestId === undefined ? {} : { callerRequestId }),
      signal: c.get('signal'),
    };
  };

  let readiness: { at: number; error: unknown } | null = null;
  let inFlight: Promise<{ at: number; error: unknown }> | null = null;
  async function checkReady(): Promise<{ at: number; error: unknown }> {
    if (readiness && now() - readiness.at < limits.readinessCacheMs) return readiness;
    inFlight ??= (async () => {
      const signal = AbortSignal.timeout(Math.min(limits.requestTimeoutMs, 10_000));
      let error: unknown = null;
      try {
        await deps.readiness(signal);
      } catch (err) {
        error = err;
        logger.warn({ err }, 'readiness check failed');
      }
      readiness = { at: now(), error };
      return readiness;
    })().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  /** The four account mutations share one shape: path account id, JSON body, contract-checked answer. */
  function accountMutation<B extends z.ZodType, R extends z.ZodType>(
    route: { body: B; response: R },
    run: (accountId: string, body: z.output<B>, ctx: OperationContext) => Promise<unknown>,
  ) {
    return async (c: Context<ProxyEnv>): Promise<Response> => {
      const accountId = pathParam(c, 'accountId', AccountId);
      const body = parseInput(route.body, await readJsonBody(c), 'body');
      return checkedJson(c, route.response, await run(accountId, body, ctx(c)), logger);
    };
  }

  const batches = (): BatchService => {
    if (!deps.batches) throw new BatchesNotConfiguredProblem();
    return deps.batches;
  };
  const batchId = (c: Context<ProxyEnv>): string => pathParam(c, 'batchId', BatchId);

  const handlers: Record<RouteId, (c: Context<ProxyEnv>) => Promise<Response>> = {
    health: async (c) => checkedJson(c, ROUTES.health.response, { status: 'ok' }, logger),
    ready: async (c) => {
      const r = await checkReady();
      if (r.error !== null)
        throw new NotReadyProblem('The Atlassian API cannot be reached with the configured key.');
      return checkedJson(
        c,
        ROUTES.ready.response,
        { status: 'ready', checkedAt: new Date(r.at).toISOString() },
        logger,
      );
    },
    openapi: async (c) => c.json(openApiDocument()),
    lookup: async (c) => {
      const query = parseInput(ROUTES.lookup.query, queryObject(c), 'query');
      return checkedJson(c, ROUTES.lookup.response, await deps.operations.lookup(query, ctx(c)), logger);
    },
    unlock: accountMutation(ROUTES.unlock, (id, body, x) => deps.operations.unlock(id, body, x)),
    unlink: accountMutation(ROUTES.unlink, (id, body, x) => deps.operations.unlink(id, body, x)),
    reactivate: accountMutation(ROUTES.reactivate, (id, body, x) => deps.operations.reactivate(id, body, x)),
    deactivate: accountMutation(ROUTES.deactivate, (id, body, x) => deps.operations.deactivate(id, body, x)),
    scan: async (c) => {
      const body = parseInput(ROUTES.scan.body, await readJsonBody(c), 'body');
      return checkedJson(c, ROUTES.scan.response, await deps.operations.scan(body, ctx(c)), logger);
    },
    scanCandidates: async (c) => {
      const body = parseInput(ROUTES.scanCandidates.body, await readJsonBody(c), 'body');
      return checkedJson(
        c,
        ROUTES.scanCandidates.response,
        await deps.operations.scanCandidates(body, ctx(c)),
        logger,
      );
    },
    scanVerify: async (c) => {
      const body = parseInput(ROUTES.scanVerify.body, await readJsonBody(c), 'body');
      return checkedJson(
        c,
        ROUTES.scanVerify.response,
        await deps.operations.scanVerify(body, ctx(c)),
        logger,
      );
    },
    idpSync: async (c) => {
      const idpSync = deps.idpSync;
      if (!idpSync) throw new IdpSyncNotConfiguredError();
      const body = parseInput(ROUTES.idpSync.body, await readJsonBody(c), 'body');
      // Recorded with each audit line of the run, beside the authenticated actor — never as it.
      const context = body.onBehalfOf ? { ...ctx(c), onBehalfOf: body.onBehalfOf } : ctx(c);
      return checkedJson(c, ROUTES.idpSync.response, await idpSync(body, context), logger);
    },
    startIdpRun: async (c) => {
      const runs = deps.idpRuns;
      if (!runs) throw new IdpSyncNotConfiguredError();
      const body = parseInput(ROUTES.startIdpRun.body, await readJsonBody(c), 'body');
      const context = body.onBehalfOf ? { ...ctx(c), onBehalfOf: body.onBehalfOf } : ctx(c);
      return checkedJson(c, ROUTES.startIdpRun.response, runs.start(body, context), logger);
    },
    idpRunStatus: async (c) => {
      const runs = deps.idpRuns;
      if (!runs) throw new IdpSyncNotConfiguredError();
      const runId = pathParam(c, 'runId', SyncRunId);
      const query = parseInput(ROUTES.idpRunStatus.query, queryObject(c), 'query');
      // The wait stays inside the request deadline, so a long poll never ends in a 504.
      const waitMs = Math.min(query.waitSeconds * 1000, Math.max(0, limits.requestTimeoutMs - 2_000));
      const status = await runs.status(runId, c.get('actor'), waitMs);
      return checkedJson(c, ROUTES.idpRunStatus.response, status, logger);
    },
    createBatch: async (c) => {
      const service = batches();
      const body = parseInput(ROUTES.createBatch.body, await readJsonBody(c), 'body');
      return checkedJson(c, ROUTES.createBatch.response, await service.create(body, ctx(c)), logger);
    },
    // The caller is passed on: a batch answers only to the principal that created it.
    batchStatus: async (c) =>
      checkedJson(c, ROUTES.batchStatus.response, batches().status(batchId(c), c.get('actor')), logger),
    batchAccounts: async (c) => {
      const service = batches();
      const id = batchId(c);
      const query = parseInput(ROUTES.batchAccounts.query, queryObject(c), 'query');
      return checkedJson(
        c,
        ROUTES.batchAccounts.response,
        service.accounts(id, query, c.get('actor')),
        logger,
      );
    },
    cancelBatch: async (c) =>
      checkedJson(c, ROUTES.cancelBatch.response, await batches().cancel(batchId(c), c.get('actor')), logger),
  };

  const methodsByPath = new Map<string, string[]>();
  for (const [id, route] of Object.entries(ROUTES) as [RouteId, RouteDef][]) {
    app.on(route.method, honoPath(route.path), handlers[id]);
    methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method]);
  }
  for (const [path, methods] of methodsByPath) {
    app.all(honoPath(path), () => {
      throw new MethodNotAllowedProblem(methods);
    });
  }
  return app;
}

let cachedDocument: Record<string, unknown> | null = null;
function openApiDocument(): Record<string, unknown> {
  cachedDocument ??= buildOpenApiDocument();
  return cachedDocument;
}
