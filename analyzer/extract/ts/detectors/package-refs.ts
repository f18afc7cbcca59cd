import type { VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import type { Ref } from '../references.js';
import { propsAt } from './shared.js';

/**
 * A call or value seen as "package + member path", whichever way the package was loaded:
 * `import { trace } from '@opentelemetry/api'` → ['trace', 'getTracer', '()'];
 * `import * as api from ...`, default imports and inline `require('dd-trace').init()` alike.
 * Null when the expression does not come from a package.
 */
export interface PackagePath {
  module: string;
  path: string[];
}

export function packagePath(ref: Ref | null): PackagePath | null {
  if (!ref) return null;
  if (ref.root.kind === 'module') {
    const names = propsAt(ref);
    const { name } = ref.root;
    return { module: ref.root.module, path: name === '*' || name === 'default' ? names : [name, ...names] };
  }
  // require('dd-trace').init(), require('pino')()
  const first = ref.steps[0];
  if (ref.root.kind === 'global' && ref.root.name === 'require' && first && 'call' in first) {
    const arg = first.call.arguments?.[0];
    if (arg && tsv.isStringLiteralLike(arg)) return { module: arg.text, path: propsAt({ root: ref.root, steps: ref.steps.slice(1) }) };
  }
  return null;
}

/** The package path of a call expression (the call itself included as the last `()`). */
export function callPath(node: ts.CallExpression | ts.NewExpression, ctx: VisitContext): PackagePath | null {
  const result = packagePath(ctx.resolve(node));
  return result && !ctx.isLocalModule(result.module) ? result : null;
}

/** `a.b.c` ends with `tail` (`['init', '()']`). */
export function endsWith(path: readonly string[], ...tail: string[]): boolean {
  if (path.length < tail.length) return false;
  return tail.every((t, i) => path[path.length - tail.length + i] === t);
}

/** Literal text of an expression when it is fully known. */
export function literalText(ctx: VisitContext, expr: ts.Expression | undefined): string | null {
  const sym = ctx.str(expr);
  return sym && sym.length > 0 && sym.every((p) => 'lit' in p) ? sym.map((p) => ('lit' in p ? p.lit : '')).join('') : null;
}
