import type { DataEngine, DataVia, DbAccessFact, ModelRef, TableAccess, TableRef } from '../../../types/data-facts.js';
import type { SymString } from '../../../types/index.js';
import { analyzeSql, type SqlAnalysis } from '../../sql/sql-tables.js';
import { PLACEHOLDER, placeholder } from '../../sql/sql-names.js';
import type { VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { literalOf } from '../evaluate.js';
import { unwrap } from '../references.js';

/** SQL text at a call: the statement, what it does, and the line its first word is on. */
export interface SqlRead {
  statement: SymString;
  analysis: SqlAnalysis;
  tables: TableRef[];
  /** Table names or the whole statement are computed at run time. */
  partial: boolean;
  line: number;
}

/** How a computed name is shown: `${TABLES.ledger}`, `${param1}`, `${ENV}`. */
export function displayName(sym: SymString): string {
  return sym.map((p) => ('lit' in p ? p.lit : `\${${'env' in p ? p.env : 'ref' in p ? [p.ref.name, ...p.ref.path].join('.') : 'param' in p ? `param${p.param}` : '?'}}`)).join('');
}

/** A table or collection named by a symbolic string: its parts kept when computed. */
export function tableOf(name: SymString, access: TableAccess): TableRef {
  const text = literalOf(name);
  return text !== null ? { name: text, access } : { name: displayName(name), access, parts: name };
}

/** Text with a placeholder for every part that is not literal. */
function sqlTextOf(sym: SymString): string {
  return sym.map((p, i) => ('lit' in p ? p.lit : placeholder(i))).join('');
}

/** Reads SQL from a symbolic string: tables whose names hold placeholders keep their symbolic parts. */
export function analyzeSymbolicSql(sym: SymString): { analysis: SqlAnalysis; tables: TableRef[]; partial: boolean } {
  const analysis = analyzeSql(sqlTextOf(sym));
  // A computed part where no table was found may be the FROM clause itself.
  let partial = sym.some((p) => !('lit' in p)) && (analysis.operation === 'unknown' || analysis.operation === 'none');
  const tables = analysis.tables.map((t): TableRef => {
    if (!t.name.includes('__sym')) return { name: t.name, access: t.access };
    partial = true;
    const parts: SymString = [];
    let last = 0;
    for (const m of t.name.matchAll(PLACEHOLDER)) {
      if (m.index! > last) parts.push({ lit: t.name.slice(last, m.index) });
      const part = sym[Number(m[1])];
      if (part) parts.push(part);
      last = m.index! + m[0].length;
    }
    if (last < t.name.length) parts.push({ lit: t.name.slice(last) });
    return { name: displayName(parts), access: t.access, parts };
  });
  return { analysis, tables, partial };
}

/**
 * SQL passed to a query call: a string, template or constant, or a config object with `text`
 * (pg) or `sql` (mysql). The line is the line of the statement's first word when the text is
 * written at the call, else the argument's line.
 */
export function readSql(ctx: VisitContext, arg: ts.Expression | undefined): SqlRead | null {
  if (!arg) return null;
  let e = unwrap(arg);
  if (tsv.isObjectLiteralExpression(e) || (tsv.isIdentifier(e) && ctx.props(e).size)) {
    const props = ctx.props(e);
    const text = props.get('text') ?? props.get('sql');
    if (!text) return null;
    e = unwrap(text);
  }
  const statement = ctx.str(e);
  if (!statement || statement.length === 0) return null;
  const { analysis, tables, partial } = analyzeSymbolicSql(statement);
  return { statement, analysis, tables, partial, line: firstWordLine(ctx, e) };
}

function firstWordLine(ctx: VisitContext, e: ts.Expression): number {
  if (tsv.isStringLiteralLike(e) || tsv.isTemplateExpression(e)) {
    const start = e.getStart(ctx.sf);
    const raw = ctx.sf.text.slice(start + 1, start + 1 + 2000);
    const offset = raw.length - raw.trimStart().length;
    return ctx.sf.getLineAndCharacterOfPosition(start + 1 + offset).line + 1;
  }
  return ctx.line(e);
}

/** Modules the file imports (also type-only imports), read once per file. */
const importsCache = new WeakMap<ts.SourceFile, Set<string>>();
export function fileImports(ctx: VisitContext): Set<string> {
  let imports = importsCache.get(ctx.sf);
  if (!imports) {
    imports = new Set();
    for (const stmt of ctx.sf.statements) {
      if (tsv.isImportDeclaration(stmt) && tsv.isStringLiteral(stmt.moduleSpecifier)) imports.add(stmt.moduleSpecifier.text);
    }
    importsCache.set(ctx.sf, imports);
  }
  return imports;
}

/** The literal start of a key: `users:profile:${id}` → `users:profile:`. */
export function literalPrefix(sym: SymString | null): string | null {
  const first = sym?.[0];
  return first && 'lit' in first && first.lit ? first.lit : null;
}

/** Read, write or both, from the tables or models a call touches. */
export function operationOf(accesses: readonly TableAccess[]): 'read' | 'write' | 'both' | 'unknown' {
  const reads = accesses.some((a) => a !== 'write');
  const writes = accesses.some((a) => a !== 'read');
  return reads && writes ? 'both' : writes ? 'write' : reads ? 'read' : 'unknown';
}

/** A `db-access` fact with the call's place, scope and loop context filled in. */
export function accessFact(
  ctx: VisitContext,
  node: ts.Node,
  fields: {
    library: string;
    driver: string;
    engine: DataEngine | null;
    method: string;
    operation: DbAccessFact['operation'];
    tables?: TableRef[];
    models?: ModelRef[];
    partial?: boolean;
    statement?: SymString | null;
    database?: SymString | null;
    upsert?: boolean;
    conflict?: DbAccessFact['conflict'];
    locking?: boolean;
    via: DataVia | null;
    line?: number;
    confirmed?: boolean;
  },
): DbAccessFact {
  return {
    kind: 'db-access',
    file: ctx.file,
    line: fields.line ?? ctx.line(node),
    library: fields.library,
    scope: ctx.scope.id,
    driver: fields.driver,
    engine: fields.engine,
    method: fields.method,
    operation: fields.operation,
    tables: fields.tables ?? [],
    models: fields.models ?? [],
    partial: fields.partial ?? false,
    statement: fields.statement ?? null,
    database: fields.database ?? null,
    upsert: fields.upsert ?? false,
    conflict: fields.conflict ?? null,
    locking: fields.locking ?? false,
    via: fields.via,
    inLoop: ctx.inLoop,
    confirmed: fields.confirmed ?? true,
  };
}
