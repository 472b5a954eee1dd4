/** The Forge JWKS the proxy verifies Forge Invocation Tokens against: one GET, bounded by a timeout. */
import { z } from 'zod';
import { DEFAULT_FORGE_JWKS_URL, type ProxyConfig } from '../../proxy/config';
import { classifyNetworkFailure } from '../../atlassian';
import type { DoctorCheck } from '../domain/report';
import { upstreamVerdict, type ProbeOutcome } from '../domain/upstream-verdict';

const JwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string().min(1) })).min(1) });

export async function probeJwks(
  config: Pick<ProxyConfig, 'forgeAppId' | 'forgeJwksUrl'>,
  fetchImpl: typeof globalThis.fetch,
  timeoutMs: number,
): Promise<DoctorCheck> {
  const base = { id: 'forge-jwks', title: 'Forge JWKS', variables: ['FORGE_JWKS_URL'] };
  if (config.forgeAppId === null) {
    return {
      ...base,
      required: false,
      status: 'skip',
      detail: 'FORGE_APP_ID is not set, so Forge Invocation Tokens are not verified.',
      fix: null,
    };
  }
  let outcome: ProbeOutcome;
  let keys = 0;
  try {
    const res = await fetchImpl(config.forgeJwksUrl, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok) outcome = { kind: 'http', status: res.status };
    else {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
      const parsed = JwksSchema.safeParse(body);
      outcome = parsed.success ? { kind: 'ok' } : { kind: 'shape' };
      if (parsed.success) keys = parsed.data.keys.length;
    }
  } catch (err) {
    const name = (err as { name?: unknown } | null)?.name;
    outcome =
      name === 'TimeoutError'
        ? { kind: 'timeout', timeoutMs }
        : {
            kind: 'network',
            ...(classifyNetworkFailure(err).code ? { code: classifyNetworkFailure(err).code } : {}),
          };
  }
  const where =
    config.forgeJwksUrl === DEFAULT_FORGE_JWKS_URL
      ? `FORGE_JWKS_URL (unset: ${DEFAULT_FORGE_JWKS_URL})`
      : 'FORGE_JWKS_URL';
  const verdict = upstreamVerdict(
    outcome,
    {
      service: 'The Forge JWKS endpoint',
      locationVariable: where,
      onRefused: `Check ${where}: the Forge key set is public and needs no credential.`,
      onNotFound: `Check ${where}: unset, it is Forge's production key set.`,
    },
    `${keys} signing key(s) at ${config.forgeJwksUrl}.`,
  );
  return { ...base, required: true, ...verdict };
}
