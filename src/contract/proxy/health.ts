import { z } from 'zod';

export const HealthResponse = z.object({ status: z.literal('ok') });
export type HealthResponse = z.infer<typeof HealthResponse>;

export const ReadyResponse = z.object({
  status: z.literal('ready'),
  /** When the upstream was last checked (ISO-8601); the answer is cached briefly. */
  checkedAt: z.string(),
});
export type ReadyResponse = z.infer<typeof ReadyResponse>;
