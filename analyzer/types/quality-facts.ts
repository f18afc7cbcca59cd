import { z } from 'zod';
import { CallTargetSchema } from './code-facts.js';

/**
 * Facts about resilience-adjacent and observability practice: idempotency keys, tracing,
 * logging, health endpoints, payload validation and rate limiting. Facts with a `scope` are
 * effects: the link stage reaches them per endpoint through the call graph.
 */
const base = {
  file: z.string(),
  line: z.number().int().positive().optional(),
  library: z.string(),
};
const scope = z.string();

/** A client-supplied key read by request handling: an `Idempotency-Key` header, a request id, an `idempotencyKey` body field. */
export const IdempotencyFactSchema = z.object({
  kind: z.literal('idempotency'),
  ...base,
  scope,
  /** Header name lower-cased (headers are case-insensitive); field name as written. */
  key: z.string(),
  /** `idempotency-key` names the purpose; `request-id` is a key only when the same handling also dedupes or upserts. */
  role: z.enum(['idempotency-key', 'request-id']),
  source: z.enum(['header', 'body', 'query']),
});
export type IdempotencyFact = z.infer<typeof IdempotencyFactSchema>;

export const TracingWhatSchema = z.enum([
  /** An SDK object is created (`new NodeSDK(...)`). */
  'sdk',
  /** Tracing is started: `sdk.start()`, `provider.register()`, `registerOTel()`, an agent's `init()`/`start()`, a side-effect import of a register/init module. */
  'start',
  /** Automatic instrumentation of http, express, pg, ...: `getNodeAutoInstrumentations()`, `registerInstrumentations()`, an instrumentation class. */
  'instrumentation',
  /** A tracer is obtained from the API (`trace.getTracer`). */
  'tracer',
  /** A span is started by hand (`startActiveSpan`, `startSpan`). */
  'span',
  /** Trace context is injected into or extracted from carrier headers by hand. */
  'inject',
  'extract',
]);

/** Tracing set up or used in code: OpenTelemetry SDK and API, dd-trace, elastic-apm-node, newrelic. */
export const TracingFactSchema = z.object({
  kind: z.literal('tracing'),
  ...base,
  scope,
  what: TracingWhatSchema,
  /** For `sdk`: the options name instrumentations (auto-instrumentation of http and frameworks). */
  auto: z.boolean().optional(),
});
export type TracingFact = z.infer<typeof TracingFactSchema>;

/** A logger created in code (pino, winston, bunyan, ...) or a `console.*` call. */
export const LoggingFactSchema = z.object({
  kind: z.literal('logging'),
  ...base,
  scope,
  what: z.enum(['logger', 'http-logger', 'console']),
  /** JSON (or key-value) output; null when the application's logger decides (NestJS `Logger`: text, unless nestjs-pino replaces it). */
  structured: z.boolean().nullable(),
  /** `console` method (`log`, `error`, ...) or the variable the logger is assigned to. */
  name: z.string().optional(),
});
export type LoggingFact = z.infer<typeof LoggingFactSchema>;

/** Health endpoints served by a library (terminus, lightship, express-healthcheck, NestJS terminus, under-pressure). */
export const HealthCheckFactSchema = z.object({
  kind: z.literal('health-check'),
  ...base,
  scope,
  paths: z.array(z.string()),
});
export type HealthCheckFact = z.infer<typeof HealthCheckFactSchema>;

export const ValidationInputSchema = z.enum(['body', 'query', 'params', 'headers', 'request', 'argument', 'env', 'value']);
export type ValidationInput = z.infer<typeof ValidationInputSchema>;

/** A value checked against a schema: zod `.parse`, joi `.validate`, ajv, class-validator, express-validator, ... */
export const ValidationFactSchema = z.object({
  kind: z.literal('validation'),
  ...base,
  scope,
  method: z.string(),
  /** What is validated: a part of the request, a parameter of the function, the environment, another value. */
  input: ValidationInputSchema,
  /** Schema name as written, when it is a name. */
  schema: z.string().optional(),
  /** Set when the schema is imported from this repository (the library is then `schema` until linked). */
  schemaRef: z.object({ module: z.string(), name: z.string() }).optional(),
  /** Applies to every request of the application (NestJS global `ValidationPipe`, express-openapi-validator). */
  global: z.boolean().optional(),
});
export type ValidationFact = z.infer<typeof ValidationFactSchema>;

/** A rate limiter created or applied in code. */
export const RateLimitFactSchema = z.object({
  kind: z.literal('rate-limit'),
  ...base,
  scope,
  /** The path prefix it is mounted on (`app.use('/api', limiter)`), when applied with one. */
  path: z.string().optional(),
  applied: z.boolean(),
});
export type RateLimitFact = z.infer<typeof RateLimitFactSchema>;

/**
 * Middleware made by a factory call in a route's arguments (`router.post('/x', idempotent(pool), handler)`)
 * or applied to a whole router (`router.use(requireKey)`). Structural: the link stage follows it
 * for the endpoints registered at `line` (route) or on `router`.
 */
export const RouteMiddlewareFactSchema = z.object({
  kind: z.literal('route-middleware'),
  ...base,
  /** Route method (upper case), or `USE` for router-wide middleware. */
  method: z.string(),
  router: z.string().optional(),
  middleware: z.array(z.union([z.string(), CallTargetSchema])),
  /** Packages whose middleware the route applies (`celebrate`, `express-validator`, `express-rate-limit`). */
  packages: z.array(z.string()),
});
export type RouteMiddlewareFact = z.infer<typeof RouteMiddlewareFactSchema>;

/** A module a file imports only for its side effects (`import './tracing.js'`), and whether it comes first. */
export const SideEffectImportFactSchema = z.object({
  kind: z.literal('side-effect-import'),
  ...base,
  module: z.string(),
  first: z.boolean(),
});
export type SideEffectImportFact = z.infer<typeof SideEffectImportFactSchema>;

/** A module Node loads before the application (`--require`/`--import` in a Dockerfile CMD or a start script). */
export const RuntimePreloadFactSchema = z.object({
  kind: z.literal('runtime-preload'),
  ...base,
  /** Folder of the Dockerfile or package.json. */
  dir: z.string(),
  flag: z.string(),
  module: z.string(),
  /** `CMD`, `ENTRYPOINT`, or the package.json script name. */
  via: z.string(),
});
export type RuntimePreloadFact = z.infer<typeof RuntimePreloadFactSchema>;

export const QUALITY_FACT_SCHEMAS = [
  IdempotencyFactSchema,
  TracingFactSchema,
  LoggingFactSchema,
  HealthCheckFactSchema,
  ValidationFactSchema,
  RateLimitFactSchema,
  RouteMiddlewareFactSchema,
  SideEffectImportFactSchema,
  RuntimePreloadFactSchema,
] as const;

const PRELOAD_FLAGS = new Set(['--require', '-r', '--import', '--loader', '--experimental-loader']);

/** Modules a list of Node arguments preloads (`--require x`, `-r x`, `--import=x`, `--loader x`): a command's words or a `NODE_OPTIONS` value split on spaces. */
export function preloadedModules(words: readonly string[]): { flag: string; module: string }[] {
  const out: { flag: string; module: string }[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const eq = word.indexOf('=');
    const flag = eq > 0 ? word.slice(0, eq) : word;
    if (!PRELOAD_FLAGS.has(flag)) continue;
    const module = eq > 0 ? word.slice(eq + 1) : words[++i];
    if (module && !module.startsWith('-')) out.push({ flag, module });
  }
  return out;
}
