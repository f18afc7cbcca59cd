import type { ModelRef, TableAccess, TableRef } from '../../../types/data-facts.js';
import type { VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { tableOf } from './data-shared.js';

/** A table named by text at the call (`knex('users as u')`): the name without its alias. */
export function tableArg(ctx: VisitContext, arg: ts.Expression | undefined, access: TableAccess): TableRef | null {
  if (!arg) return null;
  const sym = ctx.str(arg);
  if (!sym?.length) return null;
  const first = sym[0]!;
  if (sym.length === 1 && 'lit' in first) {
    const name = first.lit.split(/\s+as\s+/i)[0]!.trim();
    return name ? { name, access } : null;
  }
  return tableOf(sym, access);
}

/** A model object passed to a call (`from(users)`, `getRepository(User)`): its name and module, or null for anything else. */
export function modelArg(ctx: VisitContext, arg: ts.Expression | undefined, access: TableAccess): ModelRef | null {
  const e = arg ? unwrap(arg) : undefined;
  if (!e) return null;
  if (tsv.isIdentifier(e)) {
    const binding = ctx.refs.env.lookup(e.text);
    if (binding?.kind === 'import') return ctx.isLocalModule(binding.module) ? { name: binding.name, module: binding.module, access } : null;
    if (binding?.kind === 'value' || binding?.kind === 'class') return { name: e.text, access };
    return null;
  }
  if (tsv.isPropertyAccessExpression(e) && tsv.isIdentifier(unwrap(e.expression))) {
    const binding = ctx.refs.env.lookup((unwrap(e.expression) as ts.Identifier).text);
    if (binding?.kind === 'import' && binding.name === '*' && ctx.isLocalModule(binding.module)) return { name: e.name.text, module: binding.module, access };
  }
  return null;
}

/** Whether a call is what the module exports as default (`export default mongoose.model('User', schema)`). */
export function isDefaultExported(ctx: VisitContext, node: ts.Node): boolean {
  return ctx.sf.statements.some((s) => tsv.isExportAssignment(s) && !s.isExportEquals && unwrap(s.expression) === node);
}

/** Whether a class declaration carries `export`. */
export function isExportedClass(node: ts.ClassLikeDeclaration): boolean {
  return (tsv.canHaveModifiers(node) ? (tsv.getModifiers(node) ?? []) : []).some((m) => m.kind === tsv.SyntaxKind.ExportKeyword);
}

/** A decorator call on a node, by name and module: `@Entity('users')` → the call. */
export function decoratorCall(ctx: VisitContext, node: ts.Node, names: readonly string[], modules: readonly string[]): ts.CallExpression | ts.Identifier | null {
  for (const d of (tsv.canHaveDecorators(node) ? tsv.getDecorators(node) : undefined) ?? []) {
    const e = unwrap(d.expression);
    const callee = tsv.isCallExpression(e) ? unwrap(e.expression) : e;
    const ref = ctx.resolve(callee);
    if (ref?.root.kind !== 'module' || !modules.includes(ref.root.module)) continue;
    const name = ref.steps.length ? ('prop' in ref.steps[ref.steps.length - 1]! ? (ref.steps[ref.steps.length - 1] as { prop: string }).prop : '') : ref.root.name;
    if (names.includes(name)) return tsv.isCallExpression(e) ? e : tsv.isIdentifier(e) ? e : null;
  }
  return null;
}

/** A model referred to by name where a type or decorator names it (`Repository<User>`, `@InjectRepository(User)`). */
export function modelByName(ctx: VisitContext, name: string, access: TableAccess): ModelRef | null {
  const binding = ctx.refs.env.lookup(name);
  if (binding?.kind === 'import') return ctx.isLocalModule(binding.module) ? { name: binding.name, module: binding.module, access } : null;
  return binding?.kind === 'class' || binding?.kind === 'value' ? { name, access } : null;
}
