import type { CallTarget } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { asCallTarget, propsAt } from './shared.js';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);

/** `express()`, `express.Router()`, `Router()` (the same test the express detector makes). */
function isRouter(ref: Ref | null): boolean {
  if (!ref || ref.root.kind !== 'module' || ref.root.module !== 'express') return false;
  const names = propsAt(ref);
  if (ref.root.name === 'Router') return names.length === 1 && names[0] === '()';
  return (names.length === 1 && names[0] === '()') || (names.length === 2 && names[0] === 'Router' && names[1] === '()');
}

function routerId(ctx: VisitContext, expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  if (!tsv.isIdentifier(e)) return undefined;
  const binding = ctx.refs.env.lookup(e.text);
  return binding?.kind === 'value' ? `${binding.declaredIn}:${e.text}` : undefined;
}

function flatten(args: readonly ts.Expression[]): ts.Expression[] {
  return args.flatMap((a) => {
    const e = unwrap(a);
    return tsv.isArrayLiteralExpression(e) ? flatten(e.elements) : [a];
  });
}

/** The package a middleware argument comes from (`rateLimit({...})`, `celebrate({...})`, `body('email').isEmail()`, a limiter constant). */
function packageOf(ctx: VisitContext, arg: ts.Expression): string | null {
  const ref = ctx.resolve(arg);
  if (!ref || ref.root.kind !== 'module' || ctx.isLocalModule(ref.root.module)) return null;
  return ref.root.module === 'express' ? null : ref.root.module;
}

/**
 * Middleware the express detector does not list as handlers: factory calls in a route's
 * arguments (`router.post('/payments', idempotent(pool, 'charge'), handler)`), package
 * middleware on a route (`celebrate(...)`, express-validator chains, a rate limiter), and
 * middleware applied to a whole router with `router.use(fn)`.
 */
export const routeMiddlewareDetector: Detector = {
  id: 'route-middleware',
  modules: ['express'],
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (!ROUTE_METHODS.has(method) && method !== 'use') return;
    let receiver = unwrap(callee.expression);
    let routed = false;
    while (tsv.isCallExpression(receiver) && tsv.isPropertyAccessExpression(unwrap(receiver.expression))) {
      const inner = unwrap(receiver.expression) as ts.PropertyAccessExpression;
      if (inner.name.text === 'route') {
        routed = true;
        receiver = unwrap(inner.expression);
        break;
      }
      if (!ROUTE_METHODS.has(inner.name.text)) return;
      receiver = unwrap(inner.expression);
    }
    if (!isRouter(ctx.resolve(receiver))) return;
    const args = flatten(node.arguments);
    const first = args[0] ? unwrap(args[0]) : undefined;
    const hasPath = !!first && (tsv.isStringLiteralLike(first) || tsv.isTemplateExpression(first) || tsv.isRegularExpressionLiteral(first) || (tsv.isIdentifier(first) && ctx.refs.env.lookup(first.text)?.kind === 'value' && !!ctx.str(first)?.every((p) => 'lit' in p)));
    const rest = routed || (method === 'use' && !hasPath) ? args : args.slice(1);
    const middleware: (string | CallTarget)[] = [];
    const packages: string[] = [];
    for (const arg of rest) {
      const a = unwrap(arg);
      const pkg = packageOf(ctx, a);
      if (pkg) {
        if (!packages.includes(pkg)) packages.push(pkg);
        continue;
      }
      if (tsv.isCallExpression(a)) {
        const target = asCallTarget(ctx, ctx.targetOf(a.expression));
        if (target) middleware.push(target);
      } else if (method === 'use') {
        // router.use(requireKey): route handlers are the express detector's, router-wide ones are ours.
        const target = ctx.targetOf(a);
        if (target && !isRouter(ctx.resolve(a))) middleware.push(target);
      }
    }
    if (!middleware.length && !packages.length) return;
    const router = routerId(ctx, receiver);
    ctx.emit({
      kind: 'route-middleware',
      file: ctx.file,
      line: ctx.line(node),
      library: 'express',
      method: method === 'use' ? 'USE' : method.toUpperCase(),
      ...(router ? { router } : {}),
      middleware,
      packages,
    });
  },
};
