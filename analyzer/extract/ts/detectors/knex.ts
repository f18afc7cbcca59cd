import type { DataEngine, TableRef } from '../../../types/data-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { literalOf } from '../evaluate.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { connectionFact, creationOf, viaOf } from './data-connections.js';
import { accessFact, operationOf } from './data-shared.js';
import { chainOf, consumeChain, isChainValue, isConsumed, isLocalHandle, rememberTransaction, transactionOf, type Chain } from './data-chains.js';
import { tableArg } from './data-models.js';

const WRITES = new Set(['insert', 'update', 'del', 'delete', 'truncate', 'increment', 'decrement', 'upsert']);
const TARGETS = new Set(['from', 'into', 'table']);
const JOINS = new Set(['join', 'innerJoin', 'leftJoin', 'leftOuterJoin', 'rightJoin', 'rightOuterJoin', 'fullOuterJoin', 'crossJoin']);
/** Query builder methods: a chain on an object of unknown origin counts when it uses one of them. */
const BUILDER = new Set([...WRITES, ...TARGETS, ...JOINS, 'select', 'where', 'whereIn', 'whereNot', 'andWhere', 'orWhere', 'first', 'pluck', 'returning', 'onConflict', 'orderBy', 'groupBy', 'count', 'forUpdate']);

const CLIENTS: Record<string, DataEngine> = {
  pg: 'postgres', postgres: 'postgres', postgresql: 'postgres', 'pg-native': 'postgres', cockroachdb: 'postgres', mysql: 'mysql', mysql2: 'mysql',
  sqlite3: 'sqlite', 'better-sqlite3': 'sqlite', mssql: 'mssql', tedious: 'mssql', oracledb: 'oracle',
};

/** `knex({ client: 'pg', connection: process.env.DATABASE_URL })`, or `connection: { host, database }`. */
function knexConnection(ctx: VisitContext, node: ts.CallExpression | ts.NewExpression) {
  const options = ctx.props(node.arguments?.[0]);
  const client = literalOf(ctx.str(options.get('client')));
  const connection = options.get('connection');
  const settings = ctx.props(connection);
  const url = settings.size ? (settings.get('connectionString') ?? settings.get('url')) : connection;
  return {
    engine: client ? (CLIENTS[client] ?? null) : null,
    url: url ? ctx.str(url) : null,
    host: ctx.str(settings.get('host')),
    database: ctx.str(settings.get('database') ?? settings.get('filename')),
  };
}

/** Whether a chain runs on a knex instance (created or typed in this file, a transaction), or only looks like it (an import or parameter used like one). */
function knexRoot(ctx: VisitContext, chain: Chain): 'known' | 'shaped' | null {
  if (chain.rootCall && creationOf(ctx.resolve(chain.rootCall))) return null;
  const ref = ctx.resolve(chain.root);
  if (ref?.root.kind === 'module' && ref.root.module === 'knex') return ref.steps.some((s) => 'prop' in s && s.prop === 'schema') ? null : 'known';
  const tx = transactionOf(ctx, chain.root, 'knex');
  if (tx) return tx.confirmed ? 'known' : 'shaped';
  // db('users').where(...), db.select(...).from('users'): a builder chain with a table named by text
  const named = chain.calls.some((c) => TARGETS.has(c.name) && c.call.arguments[0] && tsv.isStringLiteralLike(unwrap(c.call.arguments[0])));
  const shaped = (!!chain.rootCall && chain.calls.some((c) => BUILDER.has(c.name))) || (named && chain.calls.some((c) => BUILDER.has(c.name) && !TARGETS.has(c.name)));
  return shaped && isLocalHandle(ctx, chain.root) ? 'shaped' : null;
}

/**
 * knex: connections, and query builder chains reported once at their outermost call, with the
 * table each reads or writes: `db('users').where(...).update(...)`, `db.insert(row).into('t')`,
 * joins, `onConflict().ignore()/merge()`; `trx` of `db.transaction(async (trx) => ...)` too.
 */
export const knexDetector: Detector = {
  id: 'knex',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    const creation = creationOf(ctx.resolve(node));
    if (creation?.driver === 'knex') {
      const { engine, ...fields } = knexConnection(ctx, node);
      ctx.emit(connectionFact(ctx, node, 'knex', creation, { ...fields, engine }));
      return;
    }
    if (!tsv.isCallExpression(node) || isConsumed(node)) return;
    const chain = chainOf(node);
    if (!chain.calls.length && !chain.rootCall) return;
    const last = chain.calls[chain.calls.length - 1];
    if (last?.name === 'transaction' && chain.calls.length === 1) {
      const ref = ctx.resolve(chain.root);
      const known = ref?.root.kind === 'module' && ref.root.module === 'knex';
      if (known || isLocalHandle(ctx, chain.root)) rememberTransaction(ctx, last.call.arguments[0], 'knex', viaOf(ctx, chain.root), known);
      return;
    }
    const root = last?.name === 'raw' || isChainValue(ctx, chain.root) ? null : knexRoot(ctx, chain);
    if (!root) return;
    const writes = chain.calls.find((c) => WRITES.has(c.name));
    const tables: TableRef[] = [];
    const target = chain.rootCall ? tableArg(ctx, chain.rootCall.arguments[0], writes ? 'write' : 'read') : null;
    if (target) tables.push(target);
    for (const c of chain.calls) {
      if (TARGETS.has(c.name)) {
        const t = tableArg(ctx, c.call.arguments[0], writes ? 'write' : 'read');
        if (t) tables.push(t);
      } else if (JOINS.has(c.name)) {
        const t = tableArg(ctx, c.call.arguments[0], 'read');
        if (t) tables.push(t);
      }
    }
    if (!tables.length) return;
    consumeChain(chain);
    const names = chain.calls.map((c) => c.name);
    const conflict = names.includes('onConflict') ? (names.includes('merge') ? 'update' : names.includes('ignore') ? 'ignore' : null) : names.includes('upsert') ? 'update' : null;
    const tx = transactionOf(ctx, chain.root, 'knex');
    ctx.emit(
      accessFact(ctx, node, {
        library: 'knex',
        driver: 'knex',
        engine: null,
        method: writes?.name ?? chain.calls.find((c) => !TARGETS.has(c.name) && !JOINS.has(c.name))?.name ?? 'select',
        operation: operationOf(tables.map((t) => t.access)),
        tables,
        partial: tables.some((t) => t.parts),
        upsert: conflict !== null,
        conflict,
        locking: names.includes('forUpdate') || names.includes('forShare'),
        via: tx ? tx.via : viaOf(ctx, chain.root),
        confirmed: root === 'known',
      }),
    );
  },
};
