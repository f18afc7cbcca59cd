import { z } from 'zod';
import { SymStringSchema } from './code-facts.js';

/**
 * Facts about HTTP servers beyond single routes. Endpoints, router mounts and router factories
 * are in `code-facts.ts`; this holds what applies to every route of an application.
 */

/** `app.setGlobalPrefix('api', { exclude: ['health'] })` (NestJS): a prefix before every controller route but the excluded ones. */
export const GlobalPrefixFactSchema = z.object({
  kind: z.literal('global-prefix'),
  file: z.string(),
  line: z.number().int().positive().optional(),
  library: z.string(),
  prefix: SymStringSchema,
  exclude: z
    .array(z.object({ path: z.string(), method: z.string().nullable().describe('Null for every method.') }))
    .describe('Routes (controller path + method path, as written, `(.*)` and `*` wildcards) that keep their path without the prefix.'),
});
export type GlobalPrefixFact = z.infer<typeof GlobalPrefixFactSchema>;

export const SERVER_FACT_SCHEMAS = [GlobalPrefixFactSchema] as const;
