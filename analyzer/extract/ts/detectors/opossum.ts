import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { asCallTarget, callAt, propsAt } from './shared.js';

const DEFAULT_TIMEOUT_MS = 10_000;

/** The breaker's timeout: opossum's default is 10 s; `timeout: false` (or 0) turns it off. */
function breakerTimeout(ctx: VisitContext, created: ts.CallExpression | ts.NewExpression): number | null {
  const option = ctx.props(created.arguments?.[1]).get('timeout');
  if (!option) return DEFAULT_TIMEOUT_MS;
  if (unwrap(option).kind === tsv.SyntaxKind.FalseKeyword) return null;
  const ms = ctx.num(option);
  return ms === 0 ? null : (ms ?? DEFAULT_TIMEOUT_MS);
}

/** The function a breaker wraps: a function, an imported one, or `this.method.bind(this)`. */
function wrappedTarget(ctx: VisitContext, created: ts.CallExpression | ts.NewExpression) {
  let wrapped = created.arguments?.[0];
  if (!wrapped) return null;
  const inner = unwrap(wrapped);
  if (tsv.isCallExpression(inner) && tsv.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'bind') wrapped = inner.expression.expression;
  return asCallTarget(ctx, ctx.targetOf(wrapped));
}

/**
 * opossum: `new CircuitBreaker(fn, { timeout })` wraps `fn`; `breaker.fire(...)` calls it with
 * the breaker's timeout. A breaker assigned to a name becomes a `resilience-policy` fact, so
 * `.fire` on a breaker imported from another module is linked too.
 */
export const opossumDetector: Detector = {
  id: 'opossum',
  modules: ['opossum'],
  visitCall(node, ctx) {
    const ref = ctx.resolve(tsv.isNewExpression(node) ? node : node.expression);
    if (!ref || ref.root.kind !== 'module' || ref.root.module !== 'opossum') return;
    const names = propsAt(ref);
    const created = callAt(ref, 0);
    if (!created || names[0] !== '()') return;
    const target = wrappedTarget(ctx, created);
    if (tsv.isNewExpression(node) && names.length === 1 && node === created) {
      // The breaker calls the function it wraps: record that call (with the breaker) instead of a plain callback.
      if (!target) return;
      const timeoutMs = breakerTimeout(ctx, created);
      ctx.addCall({ target, line: ctx.line(node), inLoop: ctx.inLoop, args: [], breaker: { timeoutMs, library: 'opossum' } });
      if (ctx.declaration) {
        ctx.emit({
          kind: 'resilience-policy',
          file: ctx.file,
          line: ctx.line(node),
          library: 'opossum',
          scope: ctx.scope.id,
          name: ctx.declaration.name,
          exported: ctx.declaration.exported,
          breaker: { timeoutMs },
          retry: null,
          timeoutMs: null,
          wraps: target,
        });
      }
      return;
    }
    if (!tsv.isCallExpression(node) || names.length !== 2 || names[1] !== 'fire' || !target) return;
    ctx.addCall({
      target,
      line: ctx.line(node),
      inLoop: ctx.inLoop,
      args: node.arguments.slice(0, 4).map((a) => ctx.str(a)),
      breaker: { timeoutMs: breakerTimeout(ctx, created), library: 'opossum' },
      ...(ctx.retry ? { retry: ctx.retry } : {}),
    });
  },
};
