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

/** `app.register(autoload, { dir: join(__dirname, 'routes') })` (fastify): every plugin file under a folder, mounted with its folder path as prefix. */
export const RouteAutoloadFactSchema = z.object({
  kind: z.literal('route-autoload'),
  file: z.string(),
  line: z.number().int().positive().optional(),
  library: z.string(),
  parent: z.string().describe('Router (app or plugin instance) the folder is registered on.'),
  dir: z.string().describe('Folder, relative to the analyzed root, whose files are loaded as plugins.'),
  prefix: SymStringSchema.describe('`options.prefix` given to every loaded plugin.'),
  folderPrefix: z.boolean().describe('Folder names below `dir` become path prefixes (`dirNameRoutePrefix`, on by default).'),
});
export type RouteAutoloadFact = z.infer<typeof RouteAutoloadFactSchema>;

export const SERVER_FACT_SCHEMAS = [GlobalPrefixFactSchema, RouteAutoloadFactSchema] as const;
