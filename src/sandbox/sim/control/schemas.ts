import { z } from 'zod';

/** Request bodies of the control API (/_sim/...), shared by the server and SimControlClient. */

export const SIM_APIS = ['org', 'scim', 'scimLinks', 'userManagement', 'jira', 'keycloak'] as const;
export const SimApiSchema = z.enum(SIM_APIS);
/** An upstream API family as seen by the simulator (the operations table's families plus Jira/Keycloak). */
export type SimApi = z.infer<typeof SimApiSchema>;

export const FaultTargetSchema = z.enum([...SIM_APIS, 'all']);
export type FaultTarget = z.infer<typeof FaultTargetSchema>;

export const SeedRequestSchema = z.discriminatedUnion('seed', [
  z.object({ seed: z.literal('empty') }).strict(),
  z.object({ seed: z.literal('demo') }).strict(),
  z
    .object({
      seed: z.literal('scale'),
      accounts: z.number().int().min(1).max(1_000_000).optional(),
      inactiveFraction: z.number().min(0).max(1).optional(),
    })
    .strict(),
]);
export type SeedRequest = z.infer<typeof SeedRequestSchema>;

const StatusFaultSchema = z
  .object({
    status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
    retryAfter: z.string().min(1).optional(),
    rateLimitReset: z.string().min(1).optional(),
  })
  .strict();
const DropFaultSchema = z.object({ drop: z.literal(true) }).strict();
const LatencyFaultSchema = z.object({ latencyMs: z.number().int().min(0).max(60_000) }).strict();

export const FaultStepSchema = z.union([StatusFaultSchema, DropFaultSchema, LatencyFaultSchema]);
export type FaultStep = z.infer<typeof FaultStepSchema>;

export const FaultConfigSchema = z
  .object({
    api: FaultTargetSchema,
    sequence: z.array(FaultStepSchema).min(1).optional(),
    probability: z
      .object({ p: z.number().min(0).max(1), fault: FaultStepSchema, seed: z.number().int().optional() })
      .strict()
      .optional(),
    /** Several faults at once: each request draws once; `p`s add up (at most 1), the rest pass. */
    mix: z
      .object({
        faults: z.array(z.object({ p: z.number().min(0).max(1), fault: FaultStepSchema }).strict()).min(1),
        seed: z.number().int().optional(),
      })
      .strict()
      .refine((m) => m.faults.reduce((a, f) => a + f.p, 0) <= 1, {
        message: 'the p values add up to more than 1',
      })
      .optional(),
  })
  .strict()
  .refine((v) => v.sequence !== undefined || v.probability !== undefined || v.mix !== undefined, {
    message: 'give a sequence, a probability or a mix',
  })
  .refine((v) => v.probability === undefined || v.mix === undefined, {
    message: 'give a probability or a mix, not both',
  });
export type FaultConfig = z.infer<typeof FaultConfigSchema>;

export const RateLimitConfigSchema = z
  .object({
    api: FaultTargetSchema,
    limit: z.number().int().min(0),
    windowMs: z.number().int().min(1),
    retryAfter: z.boolean(),
  })
  .strict();
export type RateLimitConfig = z.infer<typeof RateLimitConfigSchema>;

export const LatencyConfigSchema = z
  .object({ api: FaultTargetSchema, ms: z.number().int().min(0).max(60_000) })
  .strict();
export type LatencyConfig = z.infer<typeof LatencyConfigSchema>;

/**
 * Moves the model's clock forward, so the changes that follow carry later `meta.lastModified` times: an
 * IdP that deactivates users over several minutes, say. At most 30 days per call; never backwards.
 */
export const ClockAdvanceSchema = z
  .object({
    advanceMs: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400_000),
  })
  .strict();
export type ClockAdvance = z.infer<typeof ClockAdvanceSchema>;
export const ClockResponseSchema = z.object({ now: z.string() });

export const CallRecordSchema = z.object({
  seq: z.number().int(),
  api: SimApiSchema,
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  fault: z.string().optional(),
});
export type CallRecord = z.infer<typeof CallRecordSchema>;

export const CallsResponseSchema = z.object({
  calls: z.array(CallRecordSchema),
  counters: z.record(z.string(), z.number().int()),
});
export type CallsResponse = z.infer<typeof CallsResponseSchema>;
