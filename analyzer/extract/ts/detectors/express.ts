import type { CallTarget, SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { asCallTarget } from './shared.js';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all']);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `express()`, `express.Router()`, `Router()`: an app or router object. */
function isRouterRef(ref: Ref | null): boolean {
  if (!ref || ref.root.kind !== 'module' || ref.root.module !== 'express') return false;
  const names = ref.steps.map((s) => ('prop' in s ? s.prop : 'call' in s ? '()' : '#'));
  if (ref.root.name === 'Router') return names[0] === '()' && names.length === 1;
  return (names.length === 1 && names[0] === '()') || (names.length === 2 && names[0] === 'Router' && names[1] === '()');
}

/** Identity of a router object: where its variable is declared, and its name. */
function routerId(ctx: VisitContext, expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  if (!tsv.isIdentifier(e)) return undefined;
  const binding = ctx.refs.env.lookup(e.text);
  if (binding?.kind === 'value') return `${binding.declaredIn}:${e.text}`;
  return undefined;
}

function flattenArgs(args: readonly ts.Expression[]): ts.Expression[] {
  return args.flatMap((a) => {
    const e = unwrap(a);
    return tsv.isArrayLiteralExpression(e) ? flattenArgs(e.elements) : [a];
  });
}

/** Express apps and routers: routes with their handlers, router mounts with prefixes, router factories. */
export const expressDetector: Detector = {
  id: 'express',
  modules: ['express'],
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const self = ctx.resolve(node);
    if (isRouterRef(self) && ctx.declaration && !ctx.declaration.topLevel) {
      ctx.emit({ kind: 'router-factory', file: ctx.file, line: ctx.line(node), library: 'express', scope: ctx.scope.id, router: `${ctx.declaration.declaredIn}:${ctx.declaration.name}` });
    }
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (!ROUTE_METHODS.has(method) && method !== 'use') return;
    let receiver = unwrap(callee.expression);
    let routePath: SymString | null = null;
    // router.route('/x').get(...).post(...)
    while (tsv.isCallExpression(receiver) && tsv.isPropertyAccessExpression(unwrap(receiver.expression))) {
      const inner = unwrap(receiver.expression) as ts.PropertyAccessExpression;
      if (inner.name.text === 'route') {
        routePath = ctx.str(receiver.arguments[0]);
        receiver = unwrap(inner.expression);
        break;
      }
      if (!ROUTE_METHODS.has(inner.name.text)) return;
      receiver = unwrap(inner.expression);
    }
    if (!isRouterRef(ctx.resolve(receiver))) return;
    const router = routerId(ctx, receiver);
    const args = flattenArgs(node.arguments);
    if (method === 'use') {
      const first = args[0];
      const evaluated = first ? ctx.str(first) : null;
      // A path prefix is text; an imported router (`routes.router`) evaluates to a reference.
      const prefix = evaluated && evaluated[0] && !('ref' in evaluated[0]) && !('unknown' in evaluated[0]) ? evaluated : null;
      const rest = prefix ? args.slice(1) : args;
      for (const arg of rest) {
        const a = unwrap(arg);
        const childRouter = tsv.isIdentifier(a) && isRouterRef(ctx.resolve(a)) ? routerId(ctx, a) : undefined;
        let child: { router: string } | { target: CallTarget } | null = childRouter ? { router: childRouter } : null;
        if (!child && tsv.isCallExpression(a)) {
          const target = asCallTarget(ctx, ctx.targetOf(a.expression));
          if (target) child = { target };
        }
        if (!child && tsv.isIdentifier(a)) {
          const binding = ctx.refs.env.lookup(a.text);
          if (binding?.kind === 'import' && ctx.isLocalModule(binding.module)) child = { target: { module: binding.module, name: binding.name } };
        }
        if (!child && tsv.isPropertyAccessExpression(a)) {
          // routes.router, with `import * as routes from './routes.js'`
          const ref = ctx.resolve(a);
          const step = ref?.steps[0];
          if (ref?.root.kind === 'module' && ref.root.name === '*' && ref.steps.length === 1 && step && 'prop' in step && ctx.isLocalModule(ref.root.module)) {
            child = { target: { module: ref.root.module, name: step.prop } };
          }
        }
        if (child && router) {
          ctx.emit({ kind: 'router-mount', file: ctx.file, line: ctx.line(node), library: 'express', scope: ctx.scope.id, parent: router, prefix: prefix ?? [], child });
        }
      }
      return;
    }
    const path = routePath ?? ctx.str(args[0]);
    if (!path) return;
    const handlerArgs = routePath ? args : args.slice(1);
    // `app.get('trust proxy')` reads a setting; a route always has a handler.
    if (!handlerArgs.length) return;
    const handlers = handlerArgs.map((a) => ctx.targetOf(a)).filter((t): t is NonNullable<typeof t> => t !== null);
    const verb = method.toUpperCase();
    ctx.emit({
      kind: 'endpoint',
      file: ctx.file,
      line: ctx.line(node),
      library: 'express',
      scope: ctx.scope.id,
      method: verb,
      path,
      ...(router ? { router } : {}),
      handlers,
      mutating: !SAFE.has(verb),
    });
  },
};
