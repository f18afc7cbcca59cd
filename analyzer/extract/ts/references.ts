import type { Environment } from './environment.js';
import { ts, tsv } from './parse-source.js';
import { typeNameOf } from './type-names.js';

export type RefRoot =
  | { kind: 'module'; module: string; name: string }
  | { kind: 'global'; name: string }
  | { kind: 'function'; scopeId: string }
  | { kind: 'class'; name: string }
  | { kind: 'param'; index: number };

/** One step from the root: a property, a call (or `new`), or "an instance of" (a typed parameter or field). */
export type RefStep = { prop: string } | { call: ts.CallExpression | ts.NewExpression } | { instance: true };

/** What an expression refers to: an imported module member, a global, a local function, ... and the steps taken from it. */
export interface Ref {
  root: RefRoot;
  steps: RefStep[];
}

/** Members of the class being walked: constructor parameter properties and field initialisers. */
export interface ClassContext {
  name: string;
  members: Map<string, { typeName?: string; init?: ts.Expression }>;
}

export interface RefContext {
  sf: ts.SourceFile;
  env: Environment;
  klass: ClassContext | null;
}

const MAX_DEPTH = 12;

/** Parentheses, `await`, `!`, `as`, `satisfies` and `<T>` removed: the expression they wrap. */
export function unwrap(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    switch (e.kind) {
      case tsv.SyntaxKind.ParenthesizedExpression:
      case tsv.SyntaxKind.AwaitExpression:
      case tsv.SyntaxKind.NonNullExpression:
      case tsv.SyntaxKind.AsExpression:
      case tsv.SyntaxKind.SatisfiesExpression:
      case tsv.SyntaxKind.TypeAssertionExpression:
        e = (e as ts.ParenthesizedExpression | ts.AwaitExpression | ts.NonNullExpression | ts.AsExpression | ts.SatisfiesExpression | ts.TypeAssertion).expression;
        continue;
      default:
        return e;
    }
  }
}

export { typeNameOf };

/** Member path of a qualified type: `pg.Pool` → ['Pool']. */
export function typeMembersOf(type: ts.TypeNode | undefined): string[] {
  if (!type || !tsv.isTypeReferenceNode(type) || tsv.isIdentifier(type.typeName)) return [];
  const out: string[] = [];
  let name: ts.EntityName = type.typeName;
  while (tsv.isQualifiedName(name)) {
    out.unshift(name.right.text);
    name = name.left;
  }
  return out;
}

export function resolveRef(expression: ts.Expression, ctx: RefContext, depth = 0): Ref | null {
  if (depth > MAX_DEPTH) return null;
  const expr = unwrap(expression);
  if (tsv.isIdentifier(expr)) {
    const binding = ctx.env.lookup(expr.text);
    if (!binding) return { root: { kind: 'global', name: expr.text }, steps: [] };
    switch (binding.kind) {
      case 'import':
        return { root: { kind: 'module', module: binding.module, name: binding.name }, steps: [] };
      case 'value':
        return resolveRef(binding.init, ctx, depth + 1);
      case 'function':
        return { root: { kind: 'function', scopeId: binding.scopeId }, steps: [] };
      case 'class':
        return { root: { kind: 'class', name: binding.name }, steps: [] };
      case 'param': {
        if (binding.typeName) {
          const typed = ctx.env.lookup(binding.typeName);
          if (typed?.kind === 'import') return { root: { kind: 'module', module: typed.module, name: typed.name }, steps: [{ instance: true }] };
          if (typed?.kind === 'class') return { root: { kind: 'class', name: typed.name }, steps: [{ instance: true }] };
        }
        return { root: { kind: 'param', index: binding.index }, steps: [] };
      }
      default:
        return null;
    }
  }
  if (tsv.isPropertyAccessExpression(expr)) {
    if (expr.expression.kind === tsv.SyntaxKind.ThisKeyword && ctx.klass) {
      const member = ctx.klass.members.get(expr.name.text);
      // `private channel: Channel | null = null`: the initial value says nothing, the type does.
      const initial = member?.init ? resolveRef(member.init, ctx, depth + 1) : null;
      if (initial) return initial;
      if (member?.typeName) {
        const typed = ctx.env.lookup(member.typeName);
        if (typed?.kind === 'import') return { root: { kind: 'module', module: typed.module, name: typed.name }, steps: [{ instance: true }] };
        if (typed?.kind === 'class') return { root: { kind: 'class', name: typed.name }, steps: [{ instance: true }] };
      }
      return { root: { kind: 'class', name: ctx.klass.name }, steps: [{ instance: true }, { prop: expr.name.text }] };
    }
    const declared = declaredMemberType(expr, ctx);
    if (declared) return declared;
    const base = resolveRef(expr.expression, ctx, depth + 1);
    return base ? { root: base.root, steps: [...base.steps, { prop: expr.name.text }] } : null;
  }
  if (tsv.isElementAccessExpression(expr) && tsv.isStringLiteralLike(expr.argumentExpression)) {
    const base = resolveRef(expr.expression, ctx, depth + 1);
    return base ? { root: base.root, steps: [...base.steps, { prop: expr.argumentExpression.text }] } : null;
  }
  if (tsv.isCallExpression(expr) || tsv.isNewExpression(expr)) {
    const base = resolveRef(expr.expression, ctx, depth + 1);
    return base ? { root: base.root, steps: [...base.steps, { call: expr }] } : null;
  }
  return null;
}

/** `deps.broker` where `deps: Deps` and a local `interface Deps { broker: Broker }`: an instance of `Broker`. */
function declaredMemberType(expr: ts.PropertyAccessExpression, ctx: RefContext): Ref | null {
  const object = unwrap(expr.expression);
  if (!tsv.isIdentifier(object)) return null;
  const binding = ctx.env.lookup(object.text);
  if (binding?.kind !== 'param' || !binding.typeName) return null;
  const type = ctx.env.lookup(binding.typeName);
  const memberType = type?.kind === 'type' ? type.members.get(expr.name.text) : undefined;
  const typed = memberType ? ctx.env.lookup(memberType) : undefined;
  if (typed?.kind === 'import') return { root: { kind: 'module', module: typed.module, name: typed.name }, steps: [{ instance: true }] };
  if (typed?.kind === 'class') return { root: { kind: 'class', name: typed.name }, steps: [{ instance: true }] };
  return null;
}

/** The property names of a ref's steps, calls shown as `()`: `axios.create().get` → ['create', '()', 'get']. */
export function stepNames(ref: Ref): string[] {
  return ref.steps.map((s) => ('prop' in s ? s.prop : 'call' in s ? '()' : '#'));
}

/** True when the ref is `module` imported (any name) followed by exactly `steps`. */
export function isModuleRef(ref: Ref | null, modules: readonly string[]): ref is Ref & { root: { kind: 'module' } } {
  return !!ref && ref.root.kind === 'module' && modules.includes(ref.root.module);
}
