import type { Detector } from '../detector.js';
import { ts } from '../parse-source.js';
import { asCallTarget, callAt, propsAt } from './shared.js';

/** opossum: `breaker.fire(...)` calls the function the breaker wraps, with its timeout. */
export const opossumDetector: Detector = {
  id: 'opossum',
  modules: ['opossum'],
  visitCall(node, ctx) {
    if (!ts.isCallExpression(node)) return;
    const ref = ctx.resolve(node.expression);
    if (!ref || ref.root.kind !== 'module' || ref.root.module !== 'opossum') return;
    const names = propsAt(ref);
    if (names.length !== 2 || names[0] !== '()' || names[1] !== 'fire') return;
    const created = callAt(ref, 0);
    const wrapped = created?.arguments?.[0];
    if (!created || !wrapped) return;
    const target = asCallTarget(ctx, ctx.targetOf(wrapped));
    if (!target) return;
    const timeoutMs = ctx.num(ctx.props(created.arguments?.[1]).get('timeout'));
    ctx.addCall({
      target,
      line: ctx.line(node),
      inLoop: ctx.inLoop,
      args: node.arguments.slice(0, 4).map((a) => ctx.str(a)),
      breaker: { timeoutMs: timeoutMs === 0 ? null : (timeoutMs ?? 10_000), library: 'opossum' },
    });
  },
};
