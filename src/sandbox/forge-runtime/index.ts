/**
 * The local Forge runtime: runs the app's real handlers with the REAL @forge/api, @forge/kvs,
 * @forge/resolver and @forge/events packages in plain Node, by providing the two globals the Forge
 * platform injects — `globalThis.__forge_fetch__` and `globalThis.__forge_runtime__`. Nothing is mocked
 * on the app side; only the platform is local. Everything talks over loopback.
 *
 * ```ts
 * const fit = await createFitSigner();
 * const rt = createForgeRuntime({
 *   jira: { baseUrl: sim.url, cloudId, appToken, tokenFor: (id) => users.get(id)?.token, siteUrl },
 *   remotes: { 'org-admin-proxy': { baseUrl: proxy.url } },
 *   fit, appId: 'ari:cloud:ecosystem::app/<uuid>', installationId: '<id>',
 *   kvs?: new LocalKvs({ entities }), clock?: { now: () => ms },
 * });
 * const uninstall = rt.install();             // idempotent; throws if ANOTHER runtime is installed
 * const jwks = await rt.startLocalJwks();     // → { url, close }: the proxy's FORGE_JWKS_URL
 * await rt.invokeResolver(handler, { functionKey, payload, accountId, moduleKey, extension: { type } });
 * await rt.invokeFunction(handler, event, { accountId?, moduleKey?, kind?, timeoutSeconds? });
 * rt.queue.register('scan-queue', consumer); await rt.queue.drain();   // → { delivered, retried, failed }
 * rt.scheduler.registerTrigger('nightly', run, { interval: 'day' }); await rt.scheduler.runNow('nightly');
 * await rt.scheduler.tick(now);               // runs the triggers due at `now`
 * rt.kvs.entries();  rt.calls;                // inspection: stored keys; platform requests (no secrets)
 * ```
 *
 * Platform behaviour reproduced (sources: the packages' out/*.js and DAC pages cited in each module):
 * - Identity: each invocation runs in an AsyncLocalStorage scope holding its principal. `asUser()`
 *   requests use that user's token (or the account passed to `asUser(id)`), `asApp()` the app token;
 *   Jira requests go to `${jira.baseUrl}/ex/jira/${cloudId}${path}`. `getAppContext()` works
 *   (app/installation ids, module key, remaining time against the 25 s / 55 s / ≤900 s limits).
 * - Resolvers get `{payload, context}` with `context.accountId` from the backend principal — never from
 *   the payload — and results are JSON round-tripped, as on Forge.
 * - KVS: get/set (keyPolicy, ttl, returnValue), delete, prefix query with cursor and limit (default 10,
 *   max 100), secrets, batch ops, transactions, and custom entities (`entities` option, from the
 *   manifest) with index queries; every rule and error code, and which codes are local, is in
 *   docs/forge-storage.md.
 * - invokeRemote: `remotes[key].baseUrl + path` with `Authorization: Bearer <FIT>`, the FIT signed RS256
 *   by a local key (iss forge/invocation-token, aud appId, app.{installationId, appVersion, environment,
 *   apiBaseUrl, installation.contexts}, context.cloudId and principal for resolver calls, exp 5 min;
 *   see fit-signer.ts). Unknown remote keys fail as InvalidRemoteError.
 * - Queues and scheduled triggers: see queue.ts and scheduler.ts (deterministic, no waiting).
 * Not reproduced: egress allow-listing of plain `fetch`, OAuth headers for remotes (x-forge-oauth-*),
 * Confluence/Bitbucket/GraphQL products, web triggers' public URLs, real time limits (a handler is
 * never killed; remaining time is reported only).
 */
export { createForgeRuntime, MAX_RESOLVER_RESPONSE_BYTES, MAX_TIMEOUT_SECONDS } from './create-runtime';
export type {
  ExtensionContext,
  ForgeRuntime,
  FunctionInvocationOptions,
  ResolverHandler,
  ResolverInvocation,
} from './create-runtime';
export type { ForgeRuntimeOptions } from './options';
export type { Clock } from './clock';
export { systemClock } from './clock';
export { ForgeRuntimeError, KvsServiceError, NoConsumerError, QueueDrainLimitError } from './errors';
export type { ForgeRuntimeErrorCode } from './errors';
export { createFitSigner, FIT_ISSUER, FIT_TTL_SECONDS } from './fit-signer';
export type { FitClaims, FitSigner } from './fit-signer';
export { startLocalJwks, JWKS_PATH } from './local-jwks';
export type { LocalJwks } from './local-jwks';
export { LocalKvs } from './kvs/local-kvs';
export type { EntityDefinition, LocalKvsOptions, Space } from './kvs/local-kvs';
export { KVS_LIMITS } from './kvs/limits';
export type { PlatformCall } from './platform-fetch';
export { QUEUE_LIMITS } from './queue';
export type { AsyncEvent, ConsumerHandler, DrainFailure, DrainReport } from './queue';
export { INTERVAL_MS } from './scheduler';
export type { TriggerHandler, TriggerInterval, TriggerRun } from './scheduler';
export type { InvocationKind } from './invocation';
