import { z } from 'zod';

/**
 * Facts from source code. A value the code computes is kept as a symbolic string: literal
 * parts, environment variables, parameters of the enclosing function (filled in at each call
 * site by the link stage) and references to values exported by other modules.
 */
const TextPartSchemas = [
  z.object({ lit: z.string() }),
  z.object({ env: z.string(), fallback: z.string().optional(), guessed: z.boolean().optional() }),
  z.object({ param: z.number().int(), fn: z.string().optional().describe('Scope id of the function the parameter belongs to.') }),
  z.object({ ref: z.object({ module: z.string(), name: z.string(), path: z.array(z.string()), from: z.string().optional().describe('File the reference was made in.') }) }),
  z.object({ unknown: z.string() }),
] as const;
/**
 * Values that are not text, seen where a value is passed along (call arguments, module
 * constants) so the link stage can fill them into parameters: a list (an array literal,
 * `['order.created', 'order.cancelled']`) and a function (`{ scope }`, a callback passed by
 * reference or inline). They stand alone: never concatenated with text.
 */
const ListPartSchema = z.object({ list: z.array(z.array(z.union(TextPartSchemas))).describe('Elements of an array value, each a symbolic string.') });
const FunctionPartSchema = z.object({ scope: z.string().describe('Scope id of a function passed as a value.') });
export const SymPartSchema = z.union([...TextPartSchemas, ListPartSchema, FunctionPartSchema]);
export type SymPart = z.infer<typeof SymPartSchema>;
export const SymStringSchema = z.array(SymPartSchema);
export type SymString = z.infer<typeof SymStringSchema>;

const base = {
  file: z.string(),
  line: z.number().int().positive().optional(),
  library: z.string(),
};
/** Id of the function (or module body) the fact sits in: `file#name`, `file#Class.method`, `file#L12:5`, `file#` for top level. */
const scope = z.string();

export const CodeFileFactSchema = z.object({
  kind: z.literal('code-file'),
  ...base,
  language: z.string(),
  imports: z.array(z.string()).describe('Module specifiers the file imports, requires or re-exports.'),
  browser: z.boolean().describe('Browser code (React/Vue/Angular components, "use client", pages without server functions).'),
});
export type CodeFileFact = z.infer<typeof CodeFileFactSchema>;

export const CallTargetSchema = z.object({
  /** Module specifier when the callee is imported; absent for the same file. */
  module: z.string().optional(),
  name: z.string(),
  member: z.string().optional().describe('Method called on the target (Class.method, object.method).'),
});
export type CallTarget = z.infer<typeof CallTargetSchema>;

export const TimeoutSchema = z.object({
  ms: z.number().nullable().describe('Null when no timeout applies.'),
  from: z.enum(['call', 'instance', 'signal', 'breaker', 'policy', 'library-default', 'none', 'unknown']),
});
export type Timeout = z.infer<typeof TimeoutSchema>;

/**
 * Retries around a call. `attempts` is the number the code states: a hand-written loop's attempt
 * limit, or the retries a library makes (got `retry.limit`, p-retry `retries`, ...); null when
 * unbounded or unknown. `backoff`: the wait between attempts grows. `from` is absent for loops.
 */
export const RetrySchema = z.object({
  attempts: z.number().nullable(),
  backoff: z.boolean(),
  from: z.enum(['call', 'instance', 'policy', 'library-default']).optional(),
});
export type Retry = z.infer<typeof RetrySchema>;

/** A function (or the module body) and the calls it makes to other functions of the code base. */
export const CodeScopeFactSchema = z.object({
  kind: z.literal('code-scope'),
  ...base,
  scope,
  name: z.string(),
  params: z.array(z.string()),
  calls: z.array(
    z.object({
      target: CallTargetSchema,
      line: z.number().int(),
      inLoop: z.boolean(),
      args: z.array(SymStringSchema.nullable()),
      breaker: z.object({ timeoutMs: z.number().nullable(), library: z.string() }).optional(),
      retry: RetrySchema.optional(),
      /** A time limit on everything the call runs (a cockatiel timeout policy around a callback). */
      timeout: z.object({ ms: z.number(), library: z.string() }).optional(),
      /** The call runs through a policy or breaker exported by another module (`policy.execute(() => ...)`), applied by the link stage. */
      via: CallTargetSchema.optional(),
      /** Timeout set by this call's own options when the target is a client instance of another module (`api.get(url, { timeout })`). */
      callTimeout: TimeoutSchema.optional(),
    }),
  ),
});
export type CodeScopeFact = z.infer<typeof CodeScopeFactSchema>;

export const EndpointFactSchema = z.object({
  kind: z.literal('endpoint'),
  ...base,
  scope,
  method: z.string(),
  path: SymStringSchema,
  /** Router object the route is registered on (`file#scope:variable`), to apply mount prefixes. */
  router: z.string().optional(),
  handlers: z.array(z.union([z.string(), CallTargetSchema])).describe('Middleware and handler functions, in order: scope ids, or imported functions.'),
  mutating: z.boolean(),
});
export type EndpointFact = z.infer<typeof EndpointFactSchema>;

/** `app.use('/prefix', router)`: a router mounted under a prefix on another router or app. */
export const RouterMountFactSchema = z.object({
  kind: z.literal('router-mount'),
  ...base,
  scope,
  parent: z.string(),
  prefix: SymStringSchema,
  child: z.union([z.object({ router: z.string() }), z.object({ target: CallTargetSchema })]),
});
export type RouterMountFact = z.infer<typeof RouterMountFactSchema>;

/** A function that returns a router it created: `function ordersRouter() { const r = Router(); ...; return r; }`. */
export const RouterFactoryFactSchema = z.object({
  kind: z.literal('router-factory'),
  ...base,
  scope,
  router: z.string(),
});
export type RouterFactoryFact = z.infer<typeof RouterFactoryFactSchema>;

/**
 * Wire protocol of a synchronous call: `tcp` is a NestJS TCP transport request; `amqp`, `nats`,
 * `kafka`, `redis` and `mqtt` are request-reply through a broker (NestJS `ClientProxy.send`):
 * the address is the broker's and `channel` says where the request goes.
 */
export const SyncProtocolSchema = z.enum(['http', 'grpc', 'tcp', 'amqp', 'nats', 'kafka', 'redis', 'mqtt']);
export type SyncProtocol = z.infer<typeof SyncProtocolSchema>;

/** An outbound synchronous call: HTTP, gRPC, or a request that waits for its reply. */
export const HttpCallFactSchema = z.object({
  kind: z.literal('http-call'),
  ...base,
  scope,
  protocol: SyncProtocolSchema,
  /** HTTP verb; the RPC name for gRPC; the message pattern for NestJS transports. */
  method: z.string().nullable(),
  url: SymStringSchema,
  timeout: TimeoutSchema,
  inLoop: z.boolean(),
  retry: RetrySchema.nullable(),
  /** Set when the client is an instance defined in another module: resolved by the link stage. */
  client: z.object({ module: z.string(), name: z.string() }).optional(),
  /** Request-reply through a broker: the queue (RabbitMQ) or subject/topic (the pattern) the request is sent to. */
  channel: SymStringSchema.optional(),
  /** Dependency-injection token of the client (NestJS `@Inject('USERS')`): address and transport come from its registration. */
  token: z.string().optional(),
});
export type HttpCallFact = z.infer<typeof HttpCallFactSchema>;

/** A configured client (`axios.create`, `got.extend`, a gRPC client) other modules may import. */
export const ClientInstanceFactSchema = z.object({
  kind: z.literal('client-instance'),
  ...base,
  scope,
  name: z.string(),
  exported: z.boolean(),
  protocol: SyncProtocolSchema,
  base: SymStringSchema,
  timeout: TimeoutSchema,
  /** Retries every call on the instance makes (got/ky defaults, axios-retry). */
  retry: RetrySchema.nullable().optional(),
  /** Dependency-injection token the client is registered under (NestJS `ClientsModule.register([{ name }])`). */
  token: z.string().optional(),
  /** Broker transports: the queue requests go to (RabbitMQ). */
  channel: SymStringSchema.optional(),
});
export type ClientInstanceFact = z.infer<typeof ClientInstanceFactSchema>;

export const EnvReadFactSchema = z.object({
  kind: z.literal('env-read'),
  ...base,
  scope,
  name: z.string(),
  fallback: z.string().optional(),
});
export type EnvReadFact = z.infer<typeof EnvReadFactSchema>;

/** A top-level constant of a module whose value is text (or an object of texts): `export const config = { usersUrl: process.env.USERS_URL }`. */
export const ModuleValueFactSchema = z.object({
  kind: z.literal('module-value'),
  ...base,
  name: z.string(),
  path: z.array(z.string()).describe('Property path inside the constant; empty for the constant itself.'),
  value: SymStringSchema,
});
export type ModuleValueFact = z.infer<typeof ModuleValueFactSchema>;

/** Where this repository's own packages and path aliases live, so imports can be followed without node_modules. */
export const ModuleMapFactSchema = z.object({
  kind: z.literal('module-map'),
  ...base,
  packages: z.record(z.string(), z.string()).describe('Package name → folder.'),
  aliases: z.array(z.object({ dir: z.string(), pattern: z.string(), targets: z.array(z.string()) })),
});
export type ModuleMapFact = z.infer<typeof ModuleMapFactSchema>;

export const CODE_FACT_SCHEMAS = [
  ModuleMapFactSchema,
  ModuleValueFactSchema,
  CodeFileFactSchema,
  CodeScopeFactSchema,
  EndpointFactSchema,
  RouterMountFactSchema,
  RouterFactoryFactSchema,
  HttpCallFactSchema,
  ClientInstanceFactSchema,
  EnvReadFactSchema,
] as const;
