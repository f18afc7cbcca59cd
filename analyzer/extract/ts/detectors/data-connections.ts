import type { DataEngine, DataVia, DbConnectionFact } from '../../../types/data-facts.js';
import type { SymString } from '../../../types/index.js';
import type { VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { stepNames, unwrap, type Ref } from '../references.js';

/** A client library's connection object: which driver and database engine. */
export interface Creation {
  driver: string;
  engine: DataEngine | null;
}

const PG = new Set(['pg', 'pg-pool', '@neondatabase/serverless', '@vercel/postgres']);
const MYSQL = new Set(['mysql', 'mysql2', 'mysql2/promise']);
const REDIS = new Set(['redis', '@redis/client']);

/** Every package whose calls the data detectors look at. */
export const DATA_MODULES = [
  ...PG, ...MYSQL, ...REDIS, 'ioredis', 'mongodb', 'mongoose', '@prisma/client', 'typeorm', '@nestjs/typeorm', 'knex', 'sequelize', 'sequelize-typescript',
  'drizzle-orm', 'pg-promise', 'postgres', 'better-sqlite3', 'sqlite3', 'mssql', 'tedious', 'oracledb',
] as const;

/** Driver family and engine of a package the code imports, for queries on objects of unknown origin. */
export function driverOfModule(module: string): Creation | null {
  if (PG.has(module) || module === 'pg-promise' || module === 'postgres') return { driver: module === 'pg-pool' ? 'pg' : module, engine: 'postgres' };
  if (MYSQL.has(module)) return { driver: module.startsWith('mysql2') ? 'mysql2' : 'mysql', engine: 'mysql' };
  if (module === 'better-sqlite3' || module === 'sqlite3') return { driver: module, engine: 'sqlite' };
  if (module === 'mssql' || module === 'tedious') return { driver: module, engine: 'mssql' };
  if (module === 'oracledb') return { driver: module, engine: 'oracle' };
  if (module === 'typeorm' || module === '@nestjs/typeorm') return { driver: 'typeorm', engine: null };
  if (module === 'sequelize' || module === 'sequelize-typescript') return { driver: 'sequelize', engine: null };
  if (module === 'knex') return { driver: 'knex', engine: null };
  if (module === '@prisma/client') return { driver: 'prisma', engine: null };
  if (module.startsWith('drizzle-orm')) return { driver: 'drizzle', engine: null };
  return null;
}

/**
 * The call that creates a connection, from its ref (the last step is the call): `new pg.Pool()`,
 * `mysql.createPool()`, `new MongoClient()`, `mongoose.connect()`, `new PrismaClient()`,
 * `new DataSource()`, `knex()`, `new Sequelize()`, `drizzle()`, `new Redis()`, `createClient()`.
 */
export function creationOf(ref: Ref | null): Creation | null {
  if (!ref || ref.root.kind !== 'module') return null;
  const names = stepNames(ref);
  if (names[names.length - 1] !== '()') return null;
  const { module, name } = ref.root;
  const path = [...(name === 'default' || name === '*' ? [] : [name]), ...names.slice(0, -1)].join('.');
  if (PG.has(module) && /^(native\.)?(Pool|Client)$|^$/.test(path) && (path !== '' || module === 'pg-pool')) return { driver: 'pg', engine: 'postgres' };
  if (MYSQL.has(module) && /^(createPool|createConnection|createPoolCluster)$/.test(path)) return { driver: module.startsWith('mysql2') ? 'mysql2' : 'mysql', engine: 'mysql' };
  if (module === 'mongodb' && /^MongoClient(\.connect)?$/.test(path)) return { driver: 'mongodb', engine: 'mongodb' };
  if (module === 'mongoose' && /^(connect|createConnection)$/.test(path)) return { driver: 'mongoose', engine: 'mongodb' };
  if (path === 'PrismaClient') return { driver: 'prisma', engine: null };
  if (module === 'typeorm' && /^(DataSource|createConnection)$/.test(path)) return { driver: 'typeorm', engine: null };
  if (module === '@nestjs/typeorm' && /^TypeOrmModule\.(forRoot|forRootAsync)$/.test(path)) return { driver: 'typeorm', engine: null };
  if (module === 'knex' && /^(knex|Knex)?$/.test(path)) return { driver: 'knex', engine: null };
  if ((module === 'sequelize' || module === 'sequelize-typescript') && path === 'Sequelize') return { driver: 'sequelize', engine: null };
  if (module.startsWith('drizzle-orm/') && path === 'drizzle') return { driver: 'drizzle', engine: null };
  if (module === 'ioredis' && /^(Redis|Cluster|Redis\.Cluster)?$/.test(path)) return { driver: 'ioredis', engine: 'redis' };
  if (REDIS.has(module) && /^(createClient|createCluster)$/.test(path)) return { driver: 'redis', engine: 'redis' };
  return null;
}

/** `file:line:column` of a node: the id of a connection created there. */
export function nodeId(ctx: VisitContext, node: ts.Node): string {
  const pos = ctx.sf.getLineAndCharacterOfPosition(node.getStart(ctx.sf));
  return `${ctx.file}:${pos.line + 1}:${pos.character + 1}`;
}

/** What a class does with its members in the constructor: `this.redis = new Redis(url)`, `this.pool = pool`. */
interface MemberOrigin {
  param?: number;
  expr?: ts.Expression;
}
const classMembers = new WeakMap<ts.SourceFile, Map<string, Map<string, MemberOrigin>>>();

/** Records where each member of a class gets its value in the constructor (parameter properties, assignments). */
export function recordClass(ctx: VisitContext, node: ts.ClassLikeDeclaration): void {
  const name = node.name?.text ?? `Class${ctx.line(node)}`;
  const members = new Map<string, MemberOrigin>();
  const ctor = node.members.find(tsv.isConstructorDeclaration);
  if (ctor) {
    const params = ctor.parameters.map((p) => (tsv.isIdentifier(p.name) ? p.name.text : ''));
    ctor.parameters.forEach((p, index) => {
      if (tsv.isIdentifier(p.name) && (tsv.getModifiers(p) ?? []).length) members.set(p.name.text, { param: index });
    });
    for (const stmt of ctor.body?.statements ?? []) {
      if (!tsv.isExpressionStatement(stmt) || !tsv.isBinaryExpression(stmt.expression) || stmt.expression.operatorToken.kind !== tsv.SyntaxKind.EqualsToken) continue;
      const left = stmt.expression.left;
      if (!tsv.isPropertyAccessExpression(left) || left.expression.kind !== tsv.SyntaxKind.ThisKeyword) continue;
      const right = unwrap(stmt.expression.right);
      const index = tsv.isIdentifier(right) ? params.indexOf(right.text) : -1;
      members.set(left.name.text, index >= 0 ? { param: index } : { expr: right });
    }
  }
  const byClass = classMembers.get(ctx.sf) ?? new Map<string, Map<string, MemberOrigin>>();
  byClass.set(name, members);
  classMembers.set(ctx.sf, byClass);
}

/** The constructor assignment `this.<member> = <expr>` of the class being walked, if any. */
export function memberAssignment(ctx: VisitContext, member: string): ts.Expression | null {
  const klass = ctx.refs.klass;
  return (klass && classMembers.get(ctx.sf)?.get(klass.name)?.get(member)?.expr) ?? null;
}

const MAX_DEPTH = 8;

/**
 * Where the connection object behind an expression comes from: the call creating it (through
 * local constants, class fields and derived objects like `pool.connect()`), a parameter, or a
 * value imported from a module of this repository.
 */
export function viaOf(ctx: VisitContext, expression: ts.Expression, depth = 0): DataVia | null {
  if (depth > MAX_DEPTH) return null;
  const e = unwrap(expression);
  if (tsv.isCallExpression(e) || tsv.isNewExpression(e)) {
    if (creationOf(ctx.resolve(e))) return { created: nodeId(ctx, e) };
    const callee = unwrap(e.expression);
    // pool.connect(), pool.getConnection(), client.db('shop'), pool.promise(), knex('users').where(...)
    if (tsv.isPropertyAccessExpression(callee)) return viaOf(ctx, callee.expression, depth + 1);
    return tsv.isCallExpression(e) ? viaOf(ctx, callee, depth + 1) : null;
  }
  if (tsv.isIdentifier(e)) {
    const binding = ctx.refs.env.lookup(e.text);
    if (binding?.kind === 'value') return viaOf(ctx, binding.init, depth + 1);
    if (binding?.kind === 'param') return binding.scopeId ? { handle: [{ param: binding.index, fn: binding.scopeId }] } : null;
    if (binding?.kind === 'import' && ctx.isLocalModule(binding.module)) return { handle: [{ ref: { module: binding.module, name: binding.name, path: [], from: ctx.file } }] };
    return null;
  }
  if (tsv.isPropertyAccessExpression(e)) {
    const object = unwrap(e.expression);
    if (object.kind === tsv.SyntaxKind.ThisKeyword) return memberVia(ctx, e.name.text, depth);
    if (tsv.isIdentifier(object)) {
      const binding = ctx.refs.env.lookup(object.text);
      if (binding?.kind === 'import' && ctx.isLocalModule(binding.module)) {
        return { handle: [{ ref: { module: binding.module, name: binding.name, path: [e.name.text], from: ctx.file } }] };
      }
    }
    return viaOf(ctx, object, depth + 1);
  }
  return null;
}

function memberVia(ctx: VisitContext, member: string, depth: number): DataVia | null {
  const klass = ctx.refs.klass;
  if (!klass) return null;
  const field = klass.members.get(member);
  if (field?.init) {
    const fromInit = viaOf(ctx, field.init, depth + 1);
    if (fromInit) return fromInit;
  }
  const origin = classMembers.get(ctx.sf)?.get(klass.name)?.get(member);
  if (origin?.expr) return viaOf(ctx, origin.expr, depth + 1);
  if (origin?.param !== undefined) return { handle: [{ param: origin.param, fn: `${ctx.file}#${klass.name}.constructor` }] };
  return null;
}

/** Calls on a freshly created client that give back the same connection (`mysql.createPool().promise()`, `createClient().connect()`). */
const SAME_OBJECT = new Set(['promise', 'connect']);
const declared = new WeakMap<ts.Node, NonNullable<VisitContext['declaration']>>();

/** When `const x = <creation>.promise()` is visited, remembers `x` for the inner creating call. */
export function rememberDeclaration(ctx: VisitContext, node: ts.CallExpression | ts.NewExpression): void {
  if (!ctx.declaration || !tsv.isCallExpression(node)) return;
  const callee = unwrap(node.expression);
  if (!tsv.isPropertyAccessExpression(callee) || !SAME_OBJECT.has(callee.name.text)) return;
  const inner = unwrap(callee.expression);
  if (tsv.isCallExpression(inner) || tsv.isNewExpression(inner)) declared.set(inner, ctx.declaration);
}

/** A `db-connection` fact for a creating call, with where the object goes. */
export function connectionFact(
  ctx: VisitContext,
  node: ts.CallExpression | ts.NewExpression,
  library: string,
  creation: Creation,
  fields: { url?: SymString | null; host?: SymString | null; database?: SymString | null; wraps?: DataVia | null; engine?: DataEngine | null },
): DbConnectionFact {
  const declaration = ctx.declaration ?? declared.get(node) ?? null;
  const member = memberOf(ctx, node);
  return {
    kind: 'db-connection',
    file: ctx.file,
    line: ctx.line(node),
    library,
    scope: ctx.scope.id,
    id: nodeId(ctx, node),
    driver: creation.driver,
    engine: fields.engine !== undefined ? fields.engine : creation.engine,
    url: fields.url ?? null,
    host: fields.host ?? null,
    database: fields.database ?? null,
    wraps: fields.wraps ?? null,
    declaredAs: declaration
      ? { name: declaration.name, exported: declaration.exported, topLevel: declaration.topLevel, member: false }
      : member
        ? { name: member, exported: false, topLevel: false, member: true }
        : null,
  };
}

/** The class member a creating call is assigned to in the constructor, if any. */
function memberOf(ctx: VisitContext, node: ts.Node): string | null {
  const klass = ctx.refs.klass;
  const members = klass ? classMembers.get(ctx.sf)?.get(klass.name) : undefined;
  for (const [name, origin] of members ?? []) if (origin.expr === node) return name;
  for (const [name, field] of klass?.members ?? []) if (field.init && unwrap(field.init) === node) return name;
  return null;
}
