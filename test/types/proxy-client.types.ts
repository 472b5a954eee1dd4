/**
 * Compile-time tests of the route-derived proxy client: `npm run typecheck` compiles this file, and each
 * `@ts-expect-error` fails the build if the line below it stops being an error. Nothing here runs.
 */
import type { ProxyClient, ProxyRouteInput, ProxyRouteOutput } from '../../src/contract/proxy/client';
import type { ActionResponse, LookupResponse, UnlockResponse } from '../../src/contract/proxy';
import { fillPath } from '../../src/lib/path-template';

declare const client: ProxyClient;

export async function wellTyped(): Promise<void> {
  const found: LookupResponse = await client.lookup({ query: { email: 'a@b.example' } });
  const unlocked: UnlockResponse = await client.unlock({
    path: { accountId: 'acc-1' },
    body: { reason: 'moved team', dryRun: true, method: 'delete' },
  });
  const unlinked: ActionResponse = await client.unlink({ path: { accountId: 'a' }, body: { reason: 'r' } });
  // Defaults of the request schema may be left out: the input type is what the proxy accepts.
  await client.scan({ body: {} });
  await client.idpSync({ body: { onBehalfOf: { kind: 'scheduled' } } });
  void [found, unlocked, unlinked];
}

export async function misspeltField(): Promise<void> {
  // @ts-expect-error `reson` is not a field of UnlockRequest
  await client.unlock({ path: { accountId: 'a' }, body: { reson: 'x' } });
  // @ts-expect-error the path placeholder is `accountId`
  await client.unlock({ path: { account: 'a' }, body: { reason: 'x' } });
  // @ts-expect-error unlock needs its path parameters
  await client.unlock({ body: { reason: 'x' } });
  // @ts-expect-error lookup takes a query, not a body
  await client.lookup({ body: { email: 'a@b.example' } });
  // @ts-expect-error `method` is 'unlink' | 'delete'
  await client.unlock({ path: { accountId: 'a' }, body: { reason: 'x', method: 'erase' } });
}

export async function wrongRouteOrShape(): Promise<void> {
  // @ts-expect-error no such route in ROUTES
  await client.unlockEverything({ body: {} });
  // @ts-expect-error health is not authenticated: the client has no method for it
  await client.health();
  // @ts-expect-error scan answers ScanResponse, which has no `outcome`
  const outcome: string = (await client.scan({ body: {} })).outcome;
  void outcome;
}

// The exported helper types follow the table too.
type LookupIn = ProxyRouteInput<'lookup'>;
type UnlinkOut = ProxyRouteOutput<'unlink'>;
export const lookupIn: LookupIn = { query: { accountId: 'a' } };
export function unlinkOutcome(out: UnlinkOut): ActionResponse['outcome'] {
  return out.outcome;
}

// Path templates: placeholders are typed from the template literal.
export function templates(): string[] {
  return [
    fillPath('/v1/accounts/{accountId}/unlock', { accountId: 'a' }),
    // @ts-expect-error the placeholder is `accountId`
    fillPath('/v1/accounts/{accountId}/unlock', { account: 'a' }),
    // @ts-expect-error every placeholder needs a value
    fillPath('/a/{x}/b/{y}', { x: '1' }),
  ];
}
