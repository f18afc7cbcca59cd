import { z } from 'zod';
import { CallTargetSchema, SymStringSchema } from './code-facts.js';

/**
 * Facts about data access: connections the code opens, queries and ORM calls with the tables
 * they read and write, cache commands, ORM models and Prisma schemas. Connection strings, SQL
 * text, collection and table names stay symbolic (`SymString`), so parameters and constants of
 * other modules are filled in by the link stage.
 */
const base = {
  file: z.string(),
  line: z.number().int().positive().optional(),
  library: z.string().describe('The package the fact came from: pg, mysql2, mongodb, @prisma/client, ioredis, ...'),
};
/** Id of the enclosing function, as for every code fact. */
const scope = z.string();

export const DataEngineSchema = z.enum(['postgres', 'mysql', 'mssql', 'sqlite', 'oracle', 'mongodb', 'redis']);
export type DataEngine = z.infer<typeof DataEngineSchema>;

export const TableAccessSchema = z.enum(['read', 'write', 'both']);
export type TableAccess = z.infer<typeof TableAccessSchema>;

/**
 * Where the connection object a query runs on comes from: the call that creates it (through
 * local constants and class fields), or a handle the link stage follows: a parameter (filled in
 * along the call path) or a value imported from another module.
 */
export const DataViaSchema = z.union([
  z.object({ created: z.string().describe('Id of the connection (`file:line:column` of the call creating it).') }),
  z.object({ handle: SymStringSchema }),
]);
export type DataVia = z.infer<typeof DataViaSchema>;

/** A table (or collection) and what the statement does to it; `parts` when the name is computed. */
export const TableRefSchema = z.object({
  name: z.string(),
  access: TableAccessSchema,
  parts: SymStringSchema.optional().describe('The name as a symbolic string when the code computes it; `name` then shows it with ${...}.'),
});
export type TableRef = z.infer<typeof TableRefSchema>;

/** An ORM model, entity or drizzle table object used by a call, mapped to its table through `db-model` facts. */
export const ModelRefSchema = z.object({
  name: z.string().describe('Identifier of the model: class or constant name.'),
  module: z.string().optional().describe('Module specifier when imported; absent for the same file.'),
  access: TableAccessSchema,
});
export type ModelRef = z.infer<typeof ModelRefSchema>;

/** A connection (pool, client, ORM data source) the code creates, and where the object goes. */
export const DbConnectionFactSchema = z.object({
  kind: z.literal('db-connection'),
  ...base,
  scope,
  id: z.string(),
  driver: z.string().describe('pg, mysql2, mongodb, mongoose, prisma, typeorm, knex, sequelize, drizzle, ioredis, redis'),
  engine: DataEngineSchema.nullable(),
  url: SymStringSchema.nullable().describe('Connection string or URL.'),
  host: SymStringSchema.nullable().describe('Host, when given apart from a URL.'),
  database: SymStringSchema.nullable().describe('Database name (redis: db index), when given apart from a URL.'),
  wraps: DataViaSchema.nullable().describe('The connection this one is built on (`drizzle(pool)`).'),
  declaredAs: z
    .object({ name: z.string(), exported: z.boolean(), topLevel: z.boolean(), member: z.boolean() })
    .nullable()
    .describe('The variable or class field that holds it.'),
});
export type DbConnectionFact = z.infer<typeof DbConnectionFactSchema>;

/** A query or ORM call: which tables or collections it reads and writes. */
export const DbAccessFactSchema = z.object({
  kind: z.literal('db-access'),
  ...base,
  scope,
  driver: z.string(),
  engine: DataEngineSchema.nullable(),
  method: z.string().describe('The call: query, execute, find, insertOne, findMany, select, ...'),
  operation: z.enum(['read', 'write', 'both', 'unknown']),
  tables: z.array(TableRefSchema),
  models: z.array(ModelRefSchema),
  /** Some table names (or the whole statement) are computed at run time; the link stage fills in what it can. */
  partial: z.boolean(),
  statement: SymStringSchema.nullable().describe('SQL text.'),
  database: SymStringSchema.nullable().describe('Database named at the call (`client.db(name)`).'),
  upsert: z.boolean(),
  conflict: z.enum(['ignore', 'update']).nullable().describe('What a conflicting row does: ON CONFLICT DO NOTHING / INSERT IGNORE, or DO UPDATE / upsert.'),
  locking: z.boolean().describe('SELECT ... FOR UPDATE / FOR SHARE.'),
  via: DataViaSchema.nullable(),
  inLoop: z.boolean(),
  confirmed: z
    .boolean()
    .describe('The object is known to be a client of this library (or the SQL text says it is a query); false when only the shape of the call says so: the link stage keeps it when the connection or model confirms it.'),
});
export type DbAccessFact = z.infer<typeof DbAccessFactSchema>;

/** A cache command (redis, ioredis). */
export const CacheAccessFactSchema = z.object({
  kind: z.literal('cache-access'),
  ...base,
  scope,
  driver: z.string(),
  command: z.string().describe('Lower-case command name: get, set, del, hgetall, ...'),
  operation: TableAccessSchema,
  key: SymStringSchema.nullable(),
  keyPrefix: z.string().nullable().describe('The literal start of the key, when it has one.'),
  via: DataViaSchema.nullable(),
  inLoop: z.boolean(),
  confirmed: z.boolean().describe('The client is known to be a Redis client; false for an object imported from another module, kept by the link stage when it is one.'),
});
export type CacheAccessFact = z.infer<typeof CacheAccessFactSchema>;

/**
 * A connection, or configuration from the environment, handed to a constructor of this
 * repository (`new OrdersRepository(pool)`, `new ProfileCache(env.REDIS_URL)`), so the link
 * stage can follow it into the class: to the queries on `this.pool`, to `new Redis(url)`.
 */
export const DbHandoffFactSchema = z.object({
  kind: z.literal('db-handoff'),
  ...base,
  scope,
  target: CallTargetSchema,
  args: z.array(DataViaSchema.nullable()).describe('Per argument: the connection it is, if any.'),
  values: z.array(SymStringSchema.nullable()).describe('Per argument: its text when it comes from the environment.'),
});
export type DbHandoffFact = z.infer<typeof DbHandoffFactSchema>;

/** An ORM model, entity or table object and the table it maps to. */
export const DbModelFactSchema = z.object({
  kind: z.literal('db-model'),
  ...base,
  driver: z.string(),
  name: z.string().describe('Identifier the model is bound to (class or constant name).'),
  model: z.string().describe("The ORM's name for it."),
  table: z.string(),
  exported: z.boolean(),
});
export type DbModelFact = z.infer<typeof DbModelFactSchema>;

/** A Prisma schema: the datasource and the table of every model. */
export const PrismaSchemaFactSchema = z.object({
  kind: z.literal('prisma-schema'),
  ...base,
  provider: z.string().nullable(),
  engine: DataEngineSchema.nullable(),
  url: SymStringSchema.nullable(),
  models: z.array(z.object({ name: z.string(), table: z.string(), line: z.number().int() })),
});
export type PrismaSchemaFact = z.infer<typeof PrismaSchemaFactSchema>;

/** SQL text the code holds outside a query call (a constant, an argument to a helper), read once so the link stage can use it. */
export const SqlTextFactSchema = z.object({
  kind: z.literal('sql-text'),
  ...base,
  text: z.string(),
  operation: z.enum(['read', 'write', 'both']),
  tables: z.array(TableRefSchema),
  upsert: z.boolean(),
  conflict: z.enum(['ignore', 'update']).nullable(),
  locking: z.boolean(),
});
export type SqlTextFact = z.infer<typeof SqlTextFactSchema>;

export const DATA_FACT_SCHEMAS = [
  DbConnectionFactSchema,
  DbAccessFactSchema,
  CacheAccessFactSchema,
  DbHandoffFactSchema,
  DbModelFactSchema,
  PrismaSchemaFactSchema,
  SqlTextFactSchema,
] as const;

/**
 * A table's name as the database sees it: unquoted parts fold to lower case, quoted parts keep
 * their case, and the default schema `public.` is dropped, so `public.orders` and `orders` are
 * one table.
 */
export function normalizeTableName(parts: readonly { text: string; quoted: boolean }[]): string {
  const names = parts.map((p) => (p.quoted ? p.text : p.text.toLowerCase()));
  if (names.length > 1 && names[0] === 'public') names.shift();
  return names.join('.');
}

/** The same for a name given as text (`"Order"`, `shop.orders`, `[dbo].[Orders]`). */
export function normalizeTableText(text: string): string {
  return normalizeTableName(
    text.split('.').map((part) => {
      const m = /^\s*(["`[])(.*)["`\]]\s*$/.exec(part);
      return m ? { text: m[2] ?? '', quoted: true } : { text: part.trim(), quoted: false };
    }),
  );
}
