import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { connectionFact, creationOf, driverOfModule, rememberDeclaration, viaOf, type Creation } from './data-connections.js';
import { accessFact, fileImports, readSql } from './data-shared.js';

/** Methods that run SQL text: pg, mysql2, pg-promise, postgres.js, better-sqlite3, knex.raw, sequelize/typeorm `query`, Prisma's unsafe raw queries. */
export const SQL_METHODS = new Set([
  'query', 'execute', 'raw', 'unsafe', '$queryRawUnsafe', '$executeRawUnsafe', 'one', 'none', 'any', 'many', 'oneOrNone', 'manyOrNone', 'result', 'multi', 'prepare', 'exec',
]);
/** Methods of objects whose origin is not known that count only with SQL a driver would run. */
const PLAIN_QUERY = new Set(['query', 'execute', 'raw', '$queryRawUnsafe', '$executeRawUnsafe']);

/** The SQL driver a file uses, for a query on an object whose type the code does not say (`async (client) => client.query(...)`). */
function importedDriver(ctx: VisitContext): Creation | null {
  for (const module of fileImports(ctx)) {
    const driver = driverOfModule(module);
    if (driver?.engine && driver.engine !== 'mongodb' && driver.engine !== 'redis') return driver;
  }
  return null;
}

/** Connection options of pg and mysql: a connection string, or host and database apart. */
function sqlConnection(ctx: VisitContext, node: ts.CallExpression | ts.NewExpression, creation: Creation) {
  const first = node.arguments?.[0];
  const props = ctx.props(first);
  if (!first) return creation.driver === 'pg' ? { host: [{ env: 'PGHOST' }], database: [{ env: 'PGDATABASE' }] } : {};
  if (!props.size) return { url: ctx.str(first) };
  const url = props.get('connectionString') ?? props.get('uri') ?? props.get('url');
  return { url: url ? ctx.str(url) : null, host: ctx.str(props.get('host')), database: ctx.str(props.get('database')) };
}

/**
 * SQL drivers (pg, mysql2, mysql, pg-promise, ...) and SQL run through ORMs (`knex.raw`,
 * `sequelize.query`, `dataSource.query`, `$queryRawUnsafe`): connections, and queries with the
 * tables they read and write. Runs on every file: a repository often gets its pool from a module
 * of its own, or a transaction client as an untyped callback parameter; there the SQL text
 * itself says it is a query.
 */
export const sqlClientsDetector: Detector = {
  id: 'sql-clients',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    rememberDeclaration(ctx, node);
    const creation = creationOf(ctx.resolve(node));
    if (creation && (creation.engine === 'postgres' || creation.engine === 'mysql')) {
      const ref = ctx.resolve(node);
      ctx.emit(connectionFact(ctx, node, ref?.root.kind === 'module' ? ref.root.module : creation.driver, creation, sqlConnection(ctx, node, creation)));
      return;
    }
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee) || !SQL_METHODS.has(callee.name.text)) return;
    const method = callee.name.text;
    const receiver = ctx.resolve(callee.expression);
    let driver: Creation | null = null;
    let library: string | null = null;
    if (receiver?.root.kind === 'module' && !ctx.isLocalModule(receiver.root.module)) {
      driver = driverOfModule(receiver.root.module);
      if (!driver) return;
      library = receiver.root.module;
    }
    const known = driver !== null;
    if (!driver) {
      if (!PLAIN_QUERY.has(method)) return;
      driver = importedDriver(ctx);
      library = driver ? [...fileImports(ctx)].find((m) => driverOfModule(m)?.driver === driver!.driver) ?? driver.driver : 'sql';
    }
    const sql = readSql(ctx, node.arguments[0]);
    const statement: SymString | null = sql?.statement ?? null;
    const operation = sql && sql.analysis.operation !== 'none' ? sql.analysis.operation : 'unknown';
    const solid = operation !== 'unknown';
    const computed = !sql || sql.partial;
    const via = viaOf(ctx, callee.expression);
    if (known) {
      // BEGIN, COMMIT, SELECT 1: no data; a fragment (`knex.raw('count(*)')`) is not a query.
      if (!solid && !computed && !(PLAIN_QUERY.has(method) && sql?.analysis.operation === 'unknown')) return;
    } else if (!solid) {
      // Text known only at link time on an object that may be a pool: the link stage confirms it.
      const imported = !!via && 'handle' in via && via.handle.some((p) => 'ref' in p);
      if (!sql?.partial || (!importedDriver(ctx) && !imported)) return;
    }
    ctx.emit(
      accessFact(ctx, node, {
        library: library ?? 'sql',
        driver: driver?.driver ?? 'sql',
        engine: driver?.engine ?? null,
        method,
        operation,
        tables: sql?.tables ?? [],
        partial: sql ? sql.partial : true,
        statement,
        upsert: sql?.analysis.upsert ?? false,
        conflict: sql?.analysis.conflict ?? null,
        locking: sql?.analysis.locking ?? false,
        via,
        line: sql?.line,
        confirmed: known || solid,
      }),
    );
  },
};
