import type { DataVia, SqlTextFact } from '../../../types/data-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { literalOf } from '../evaluate.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { DATA_MODULES, recordClass, viaOf } from './data-connections.js';
import { analyzeSymbolicSql } from './data-shared.js';
import { SQL_METHODS } from './sql-clients.js';

const DATA = new Set<string>(DATA_MODULES);
/** SQL texts already recorded per file. */
const texts = new WeakMap<ts.SourceFile, Set<string>>();
function seenIn(ctx: VisitContext): Set<string> {
  let seen = texts.get(ctx.sf);
  if (!seen) texts.set(ctx.sf, (seen = new Set()));
  return seen;
}
const MAX_TEXT = 20_000;

/**
 * How connections and SQL travel between functions, for the data linker:
 * - classes: which constructor parameter or created client each member holds;
 * - `new Repository(pool)`, `new Cache(env.REDIS_URL)`: a connection or configuration handed to a
 *   class of this repository (`db-handoff`);
 * - SQL text held in module constants or passed to helpers (`sql-text`), so a query whose text
 *   arrives through a parameter or an import can be read once the link stage knows the text.
 */
export const dataFlowDetector: Detector = {
  id: 'data-flow',
  modules: [],
  always: true,
  visitFile(ctx) {
    const seen = seenIn(ctx);
    const consider = (expr: ts.Expression, depth: number): void => {
      const e = unwrap(expr);
      if (tsv.isObjectLiteralExpression(e)) {
        if (depth < 2) for (const value of ctx.props(e).values()) consider(value, depth + 1);
        return;
      }
      if (tsv.isStringLiteralLike(e) || tsv.isTemplateExpression(e)) emitSqlText(ctx, e, seen);
    };
    for (const stmt of ctx.sf.statements) {
      if (!tsv.isVariableStatement(stmt)) continue;
      for (const decl of stmt.declarationList.declarations) if (decl.initializer) consider(decl.initializer, 0);
    }
  },
  visitClass(node, ctx) {
    recordClass(ctx, node);
  },
  visitCall(node, ctx) {
    if (tsv.isNewExpression(node)) {
      handoff(node, ctx);
      return;
    }
    const callee = unwrap(node.expression);
    if (tsv.isPropertyAccessExpression(callee) && SQL_METHODS.has(callee.name.text)) return;
    if (!ctx.targetOf(node.expression)) return;
    for (const arg of node.arguments.slice(0, 4)) emitSqlText(ctx, unwrap(arg), seenIn(ctx));
  },
};

/** `new OrdersRepository(pool)` with a class of this repository: which arguments are connections. */
function handoff(node: ts.NewExpression, ctx: VisitContext): void {
  const ref = ctx.resolve(node.expression);
  if (!ref || ref.steps.length) return;
  const target =
    ref.root.kind === 'class'
      ? { name: ref.root.name, member: 'constructor' }
      : ref.root.kind === 'module' && ctx.isLocalModule(ref.root.module) && ref.root.name !== '*'
        ? { module: ref.root.module, name: ref.root.name, member: 'constructor' }
        : null;
  if (!target || !node.arguments?.length) return;
  const given = node.arguments.slice(0, 6);
  const args = given.map((a) => connectionArg(ctx, a));
  const values = given.map((a) => {
    const value = ctx.str(a);
    return value?.some((p) => 'env' in p) ? value : null;
  });
  if (!args.some((a) => a !== null) && !values.some((v) => v !== null)) return;
  ctx.emit({ kind: 'db-handoff', file: ctx.file, line: ctx.line(node), library: 'code', scope: ctx.scope.id, target, args, values });
}

/** A call argument that may be a connection: a created client, an imported value, or a parameter typed as a client. */
function connectionArg(ctx: VisitContext, arg: ts.Expression): DataVia | null {
  const via = viaOf(ctx, arg);
  if (!via || 'created' in via) return via;
  const part = via.handle[0];
  // An imported connection (`import { pool } from './db'`, `db.pool`); not a configuration value (`env.DATABASE_URL`).
  if (part && 'ref' in part) return part.ref.path.length === 0 || (part.ref.name === '*' && part.ref.path.length === 1) ? via : null;
  const e = unwrap(arg);
  const binding = tsv.isIdentifier(e) ? ctx.refs.env.lookup(e.text) : undefined;
  const type = binding?.kind === 'param' && binding.typeName ? ctx.refs.env.lookup(binding.typeName) : undefined;
  return type?.kind === 'import' && DATA.has(type.module) ? via : null;
}

/** A `sql-text` fact for literal text that reads as a statement touching tables. */
function emitSqlText(ctx: VisitContext, e: ts.Expression, seen: Set<string>): void {
  if (!tsv.isStringLiteralLike(e) && !tsv.isTemplateExpression(e) && !tsv.isIdentifier(e)) return;
  const text = literalOf(ctx.str(e));
  if (!text || text.length > MAX_TEXT || seen.has(text) || !/^\s*(\(|--|\/\*|with|select|insert|update|delete|merge|replace|upsert|truncate)/i.test(text)) return;
  const { analysis, tables } = analyzeSymbolicSql([{ lit: text }]);
  if (analysis.operation === 'none' || analysis.operation === 'unknown') return;
  seen.add(text);
  const fact: SqlTextFact = {
    kind: 'sql-text',
    file: ctx.file,
    line: ctx.line(e),
    library: 'sql',
    text,
    operation: analysis.operation,
    tables,
    upsert: analysis.upsert,
    conflict: analysis.conflict,
    locking: analysis.locking,
  };
  ctx.emit(fact);
}
