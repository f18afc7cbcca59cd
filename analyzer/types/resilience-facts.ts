import { z } from 'zod';
import { CallTargetSchema, RetrySchema } from './code-facts.js';

/**
 * A resilience object defined once and used elsewhere: an opossum breaker
 * (`export const usersBreaker = new CircuitBreaker(fetchUser, { timeout })`) or a cockatiel
 * policy (`export const resilient = wrap(retry(...), circuitBreaker(...), timeout(...))`).
 * The link stage applies it to the calls made through it: `usersBreaker.fire(id)` runs
 * `wraps`, `resilient.execute(() => ...)` runs the callback (a call with `via`).
 */
export const ResiliencePolicyFactSchema = z.object({
  kind: z.literal('resilience-policy'),
  file: z.string(),
  line: z.number().int().positive().optional(),
  library: z.string(),
  scope: z.string(),
  name: z.string(),
  exported: z.boolean(),
  breaker: z.object({ timeoutMs: z.number().nullable() }).nullable(),
  retry: RetrySchema.nullable(),
  /** Time limit of a timeout policy, in ms. */
  timeoutMs: z.number().nullable(),
  /** The function a breaker wraps, called by `.fire(...)`. */
  wraps: CallTargetSchema.optional(),
});
export type ResiliencePolicyFact = z.infer<typeof ResiliencePolicyFactSchema>;

export const RESILIENCE_FACT_SCHEMAS = [ResiliencePolicyFactSchema] as const;
