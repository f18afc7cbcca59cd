import type { CallTarget } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { asCallTarget, optionsTimeout } from './shared.js';

const WITH_BODY = new Set(['post', 'put', 'patch']);
/** Methods that run a callback through a resilience policy (cockatiel `execute`). */
const RUNS_CALLBACK = new Set(['execute']);

/** `name` or `name.member` imported from a module of this repository. */
function importedValue(ctx: VisitContext, callee: ts.Expression): CallTarget | null {
  // Cheap test first: the callee's first name must be an import or a local constant.
  let root: ts.Expression = callee;
  while (tsv.isPropertyAccessExpression(root)) root = unwrap(root.expression);
  const binding = tsv.isIdentifier(root) ? ctx.refs.env.lookup(root.text) : undefined;
  if (!binding || (binding.kind !== 'import' && binding.kind !== 'value') || (binding.kind === 'import' && !ctx.isLocalModule(binding.module))) return null;
  const ref = ctx.resolve(callee);
  if (!ref || ref.root.kind !== 'module' || !ctx.isLocalModule(ref.root.module)) return null;
  const steps = ref.steps;
  if (steps.length > 1 || (steps[0] && !('prop' in steps[0]))) return null;
  const member = steps[0] && 'prop' in steps[0] ? steps[0].prop : undefined;
  if (ref.root.name === '*') return member ? { module: ref.root.module, name: member } : null;
  return { module: ref.root.module, name: ref.root.name, ...(member ? { member } : {}) };
}

/** A `deadline: Date.now() + n` (or `new Date(Date.now() + n)`) in ms from now, when it can be read. */
export function deadlineMs(ctx: VisitContext, expr: ts.Expression): number | null {
  let e = unwrap(expr);
  if (tsv.isNewExpression(e) && tsv.isIdentifier(e.expression) && e.expression.text === 'Date' && e.arguments?.[0]) e = unwrap(e.arguments[0]);
  if (tsv.isCallExpression(e) && tsv.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'getTime') return deadlineMs(ctx, e.expression.expression);
  if (tsv.isBinaryExpression(e) && e.operatorToken.kind === tsv.SyntaxKind.PlusToken) {
    const isNow = (x: ts.Expression): boolean => {
      const u = unwrap(x);
      return tsv.isCallExpression(u) && /^Date\.now$|\.getTime$/.test(u.expression.getText(ctx.sf));
    };
    if (isNow(e.left)) return ctx.num(e.right);
    if (isNow(e.right)) return ctx.num(e.left);
  }
  return null;
}

/**
 * Calls on client instances and policies exported by other modules of the repository, whose
 * detectors do not run in this file: a timeout or deadline in the call's own options
 * (`usersApi.get(url, { timeout: 500 })`, `users.getUser(req, { deadline })`) and callbacks run
 * through a policy (`resilient.execute(() => ...)`). The link stage resolves the instance or policy.
 */
export const instanceCallsDetector: Detector = {
  id: 'instance-calls',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node) || node.arguments.length === 0) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee) && !tsv.isIdentifier(callee)) return;
    const target = importedValue(ctx, callee);
    if (!target) return;
    if (target.member && RUNS_CALLBACK.has(target.member)) {
      const callback = asCallTarget(ctx, ctx.targetOf(node.arguments[0]!));
      if (!callback) return;
      ctx.addCall({ target: callback, line: ctx.line(node), inLoop: ctx.inLoop, args: [], via: { ...(target.module ? { module: target.module } : {}), name: target.name }, ...(ctx.retry ? { retry: ctx.retry } : {}) });
      return;
    }
    // Only methods of an imported object (a client): a function's own options mean nothing here.
    if (!target.member) return;
    const from = WITH_BODY.has(target.member) ? 2 : 1;
    for (const arg of node.arguments.slice(from)) {
      const options = ctx.props(arg);
      if (!options.size) continue;
      const deadline = options.get('deadline');
      const ms = deadline ? deadlineMs(ctx, deadline) : null;
      const timeout = deadline ? { ms, from: ms === null ? ('unknown' as const) : ('call' as const) } : optionsTimeout(ctx, options);
      if (!timeout) continue;
      ctx.addCall({ target, line: ctx.line(node), inLoop: ctx.inLoop, args: node.arguments.slice(0, 4).map((a) => ctx.str(a)), callTimeout: timeout, ...(ctx.retry ? { retry: ctx.retry } : {}) });
      return;
    }
  },
};
