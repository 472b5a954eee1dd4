/**
 * Records what the doctor's upstream answers said beyond their bodies (rate-limit headers, Retry-After,
 * content type) for the learned facts. The typed clients hand back bodies only, so the HTTP layer's
 * fetch is wrapped; calls run one after another, so each call event pairs with the last response seen.
 */
import type { UpstreamCallEvent } from '../atlassian';
import type { Observation } from './domain/learned-facts';

interface SeenHeaders {
  rateLimitHeaders: string[];
  retryAfter: boolean;
  contentType: string | null;
}

function headersOf(res: Response): SeenHeaders {
  const rateLimitHeaders: string[] = [];
  res.headers.forEach((_value, name) => {
    if (name.toLowerCase().startsWith('x-ratelimit-')) rateLimitHeaders.push(name.toLowerCase());
  });
  const type = res.headers.get('content-type');
  return {
    rateLimitHeaders: rateLimitHeaders.sort(),
    retryAfter: res.headers.has('retry-after'),
    contentType: type === null ? null : (type.split(';')[0]?.trim().toLowerCase() ?? null),
  };
}

export interface ObservingFetch {
  fetch: typeof globalThis.fetch;
  onCall: (event: UpstreamCallEvent) => void;
  observations: Observation[];
}

export function observingFetch(inner: typeof globalThis.fetch): ObservingFetch {
  let last: SeenHeaders | null = null;
  const observations: Observation[] = [];
  return {
    observations,
    fetch: async (input, init) => {
      last = null;
      const res = await inner(input, init);
      last = headersOf(res);
      return res;
    },
    onCall: (event) => {
      const seen: SeenHeaders =
        event.status === 'network-error' || last === null
          ? { rateLimitHeaders: [], retryAfter: false, contentType: null }
          : last;
      observations.push({ api: event.api, operationId: event.operationId, status: event.status, ...seen });
      last = null;
    },
  };
}
