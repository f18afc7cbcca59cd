import type { DataEngine, ModelRef } from '../../../types/data-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { literalOf } from '../evaluate.js';
import { ts, tsv } from '../parse-source.js';
import { stepNames, unwrap } from '../references.js';
import { connectionFact, creationOf, viaOf } from './data-connections.js';
import { accessFact, operationOf } from './data-shared.js';
import { chainOf, consumeChain, isChainValue, isConsumed, isLocalHandle, rememberTransaction, transactionOf, type Chain } from './data-chains.js';
import { modelArg } from './data-models.js';

const TABLE_FACTORIES = new Set(['pgTable', 'mysqlTable', 'sqliteTable', 'singlestoreTable', 'table']);
const READS = new Set(['from', 'leftJoin', 'rightJoin', 'innerJoin', 'fullJoin', 'crossJoin', '$count']);
const WRITES = new Set(['insert', 'update', 'delete']);
const RELATIONAL = new Set(['findMany', 'findFirst']);

/** Engine of a drizzle driver package: `drizzle-orm/node-postgres` → postgres. */
function engineOf(module: string): DataEngine | null {
  if (/postgres|neon|pglite|vercel|supabase|pg-proxy|xata|aws-data-api\/pg/.test(module)) return 'postgres';
  if (/mysql|planetscale|tidb|singlestore/.test(module)) return 'mysql';
  if (/sqlite|libsql|d1|expo|op-sqlite|durable/.test(module)) return 'sqlite';
  return null;
}

/** `drizzle(pool)`, `drizzle(process.env.DATABASE_URL)`, `drizzle({ client: pool })`, `drizzle({ connection: { connectionString } })`. */
function drizzleConnection(ctx: VisitContext, node: ts.CallExpression | ts.NewExpression) {
  const first = node.arguments?.[0];
  const options = ctx.props(first);
  if (!first) return {};
  if (!options.size) {
    const url = ctx.str(first);
    return url?.some((p) => 'env' in p || 'lit' in p) ? { url } : { wraps: viaOf(ctx, first) };
  }
  if (options.get('client')) return { wraps: viaOf(ctx, options.get('client')!) };
  const connection = options.get('connection');
  const settings = ctx.props(connection);
  const url = settings.size ? (settings.get('connectionString') ?? settings.get('url')) : connection;
  return { url: url ? ctx.str(url) : null, host: ctx.str(settings.get('host')), database: ctx.str(settings.get('database')) };
}

function drizzleRoot(ctx: VisitContext, chain: Chain): 'known' | 'shaped' | null {
  const ref = ctx.resolve(chain.root);
  if (ref?.root.kind === 'module' && ref.root.module.startsWith('drizzle-orm')) return 'known';
  const tx = transactionOf(ctx, chain.root, 'drizzle');
  if (tx) return tx.confirmed ? 'known' : 'shaped';
  const names = chain.calls.map((c) => c.name);
  const shaped =
    (names.includes('select') && names.includes('from')) ||
    (names[0] === 'insert' && names.includes('values')) ||
    (names[0] === 'update' && names.includes('set')) ||
    (names[0] === 'delete' && (names.includes('where') || names.includes('returning')));
  return shaped && isLocalHandle(ctx, chain.root) ? 'shaped' : null;
}

/**
 * Drizzle ORM: tables (`pgTable('users', ...)`), connections, and query chains reported at
 * their outermost call with the table objects they use: `db.select().from(users).leftJoin(orders)`,
 * `db.insert(users).values(...).onConflictDoNothing()`, `db.update(t).set()`, `db.delete(t)`,
 * `db.query.users.findMany()`. Table objects are mapped to tables by the link stage.
 */
export const drizzleDetector: Detector = {
  id: 'drizzle',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    const ref = ctx.resolve(node);
    const creation = creationOf(ref);
    if (creation?.driver === 'drizzle' && ref?.root.kind === 'module') {
      ctx.emit(connectionFact(ctx, node, ref.root.module, creation, { ...drizzleConnection(ctx, node), engine: engineOf(ref.root.module) }));
      return;
    }
    if (!tsv.isCallExpression(node) || isConsumed(node)) return;
    if (ref?.root.kind === 'module' && ref.root.module.startsWith('drizzle-orm') && ctx.declaration?.topLevel) {
      // pgTable('users', ...), pg.pgTable(...), pgSchema('billing').table('invoices', ...)
      const names = stepNames(ref);
      const factory = names.length >= 2 ? names[names.length - 2] : ref.root.name;
      if (names[names.length - 1] === '()' && factory && TABLE_FACTORIES.has(factory)) {
        const table = literalOf(ctx.str(node.arguments[0]));
        if (table) ctx.emit({ kind: 'db-model', file: ctx.file, line: ctx.line(node), library: ref.root.module, driver: 'drizzle', name: ctx.declaration.name, model: ctx.declaration.name, table: schemaPrefix(ctx, ref) + table, exported: ctx.declaration.exported });
        return;
      }
    }
    const chain = chainOf(node);
    const last = chain.calls[chain.calls.length - 1];
    if (!last) return;
    if (last.name === 'transaction' && chain.calls.length === 1) {
      const ref = ctx.resolve(chain.root);
      const known = ref?.root.kind === 'module' && ref.root.module.startsWith('drizzle-orm');
      if (known || isLocalHandle(ctx, chain.root)) rememberTransaction(ctx, last.call.arguments[0], 'drizzle', viaOf(ctx, chain.root), known);
      return;
    }
    const relational = relationalModel(ctx, chain);
    if (relational) {
      ctx.emit(accessFact(ctx, node, { library: 'drizzle-orm', driver: 'drizzle', engine: null, method: last.name, operation: 'read', models: [relational.model], via: relational.via, confirmed: relational.known }));
      return;
    }
    const root = isChainValue(ctx, chain.root) ? null : drizzleRoot(ctx, chain);
    if (!root) return;
    const models: ModelRef[] = [];
    for (const c of chain.calls) {
      const access = WRITES.has(c.name) ? 'write' : READS.has(c.name) ? 'read' : null;
      const model = access ? tableModel(ctx, c.call.arguments[0], access) : null;
      if (model) models.push(model);
    }
    if (!models.length) return;
    consumeChain(chain);
    const names = chain.calls.map((c) => c.name);
    const conflict = names.includes('onConflictDoUpdate') || names.includes('onDuplicateKeyUpdate') ? 'update' : names.includes('onConflictDoNothing') ? 'ignore' : null;
    const tx = transactionOf(ctx, chain.root, 'drizzle');
    ctx.emit(
      accessFact(ctx, node, {
        library: 'drizzle-orm',
        driver: 'drizzle',
        engine: null,
        method: chain.calls.find((c) => WRITES.has(c.name) || c.name === 'select' || c.name === 'selectDistinct' || c.name === '$count')?.name ?? last.name,
        operation: operationOf(models.map((m) => m.access)),
        models,
        upsert: conflict !== null,
        conflict,
        locking: chain.calls.some((c) => c.name === 'for' && /update|share/.test(literalOf(ctx.str(c.call.arguments[0])) ?? '')),
        via: tx ? tx.via : viaOf(ctx, chain.root),
        confirmed: root === 'known',
      }),
    );
  },
};

/** A table object passed to a query: imported, or a local constant made by a table factory (not any value). */
function tableModel(ctx: VisitContext, arg: ts.Expression | undefined, access: 'read' | 'write'): ModelRef | null {
  const model = modelArg(ctx, arg, access);
  if (!model || model.module) return model;
  const binding = ctx.refs.env.lookup(model.name);
  if (binding?.kind !== 'value') return null;
  const ref = ctx.resolve(binding.init);
  return ref?.root.kind === 'module' && ref.root.module.startsWith('drizzle-orm') ? model : null;
}

/** `pgSchema('billing').table('invoices', ...)` → `billing.` */
function schemaPrefix(ctx: VisitContext, ref: NonNullable<ReturnType<VisitContext['resolve']>>): string {
  const first = ref.steps[0];
  if (ref.root.kind === 'module' && ref.root.name === 'pgSchema' && first && 'call' in first) {
    const schema = literalOf(ctx.str(first.call.arguments?.[0]));
    return schema ? `${schema}.` : '';
  }
  return '';
}

/** `db.query.users.findMany()`: the relational query API names the table object by its schema key. */
function relationalModel(ctx: VisitContext, chain: Chain): { model: ModelRef; via: ReturnType<typeof viaOf>; known: boolean } | null {
  const last = chain.calls[chain.calls.length - 1];
  if (chain.calls.length !== 1 || !last || !RELATIONAL.has(last.name)) return null;
  const root = unwrap(chain.root);
  if (!tsv.isPropertyAccessExpression(root)) return null;
  const query = unwrap(root.expression);
  if (!tsv.isPropertyAccessExpression(query) || query.name.text !== 'query') return null;
  const ref = ctx.resolve(query.expression);
  const tx = transactionOf(ctx, query.expression, 'drizzle');
  const known = (ref?.root.kind === 'module' && ref.root.module.startsWith('drizzle-orm')) || !!tx?.confirmed;
  if (!known && !tx && !isLocalHandle(ctx, query.expression)) return null;
  return { model: { name: root.name.text, access: 'read' }, via: tx ? tx.via : viaOf(ctx, query.expression), known };
}
