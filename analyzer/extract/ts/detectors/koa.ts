import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { emitEndpoints, flattenArgs, handlerTargets, joinRoutePath, moduleRoot, mountedChild, pathsOf, routerIdOf } from './routes-shared.js';

const ROUTER_MODULES = new Set(['@koa/router', 'koa-router']);
const ROUTE_METHODS = new Map([['get', 'GET'], ['post', 'POST'], ['put', 'PUT'], ['patch', 'PATCH'], ['delete', 'DELETE'], ['del', 'DELETE'], ['head', 'HEAD'], ['options', 'OPTIONS'], ['all', 'ALL']]);
const LIBRARY = '@koa/router';

/** What an object is: a koa-router router (with the prefix it was created with, when known), a Koa app, or neither. */
function kindOf(ref: Ref | null): { kind: 'router'; created: ts.CallExpression | ts.NewExpression | null } | { kind: 'app' } | null {
  const root = moduleRoot(ref);
  if (!root) return null;
  const first = root.steps[0];
  const only = root.steps.length === 1 && first;
  if (ROUTER_MODULES.has(root.module) && (root.name === 'default' || root.name === 'Router') && only) {
    if ('call' in first) return { kind: 'router', created: first.call };
    if ('instance' in first) return { kind: 'router', created: null };
  }
  if (root.module === 'koa' && root.name === 'default' && only && ('call' in first || 'instance' in first)) return { kind: 'app' };
  return null;
}

/** The router's own prefix: `new Router({ prefix: '/orders' })`. */
function ownPrefix(ctx: VisitContext, created: ts.CallExpression | ts.NewExpression | null): SymString {
  const prefix = created?.arguments?.[0] ? ctx.props(created.arguments[0]).get('prefix') : undefined;
  return prefix ? (ctx.str(prefix) ?? []) : [];
}

/** `router.get(...).post(...)`: the router a chain of route calls starts from. */
function chainReceiver(expr: ts.Expression): ts.Expression {
  let e = unwrap(expr);
  while (tsv.isCallExpression(e) && tsv.isPropertyAccessExpression(unwrap(e.expression))) {
    const inner = unwrap(e.expression) as ts.PropertyAccessExpression;
    if (!ROUTE_METHODS.has(inner.name.text) && inner.name.text !== 'use') break;
    e = unwrap(inner.expression);
  }
  return e;
}

/** `other.routes()` / `other.middleware()`: the router whose routes a middleware serves. */
function routesOf(expr: ts.Expression): ts.Expression | null {
  const e = unwrap(expr);
  if (!tsv.isCallExpression(e)) return null;
  const callee = unwrap(e.expression);
  return tsv.isPropertyAccessExpression(callee) && (callee.name.text === 'routes' || callee.name.text === 'middleware') ? callee.expression : null;
}

function emitMount(ctx: VisitContext, node: ts.Node, parent: string, prefix: SymString, child: ts.Expression): void {
  const mounted = mountedChild(ctx, child, (e) => kindOf(ctx.resolve(e)) !== null);
  if (mounted) ctx.emit({ kind: 'router-mount', file: ctx.file, line: ctx.line(node), library: LIBRARY, scope: ctx.scope.id, parent, prefix, child: mounted });
}

/**
 * Koa with koa-router / @koa/router: routes on routers (their `prefix` included), named routes,
 * nested routers (`router.use('/x', other.routes())`), routers on apps, apps under koa-mount.
 * A bare Koa app has middleware, not routes.
 */
export const koaDetector: Detector = {
  id: 'koa',
  modules: ['koa', '@koa/router', 'koa-router', 'koa-mount'],
  visitCall(node, ctx) {
    const self = kindOf(ctx.resolve(node));
    if (self && ctx.declaration && !ctx.declaration.topLevel) {
      ctx.emit({ kind: 'router-factory', file: ctx.file, line: ctx.line(node), library: self.kind === 'app' ? 'koa' : LIBRARY, scope: ctx.scope.id, router: `${ctx.declaration.declaredIn}:${ctx.declaration.name}` });
    }
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (!ROUTE_METHODS.has(method) && method !== 'use') return;
    const receiverExpr = chainReceiver(callee.expression);
    const receiver = kindOf(ctx.resolve(receiverExpr));
    if (!receiver) return;
    const id = routerIdOf(ctx, receiverExpr);
    const prefix = receiver.kind === 'router' ? ownPrefix(ctx, receiver.created) : [];
    const args = node.arguments;

    if (method === 'use') {
      if (!id) return;
      const paths = pathsOf(ctx, args[0]);
      const middleware = flattenArgs(paths.length ? args.slice(1) : args);
      for (const mw of middleware) {
        const routes = routesOf(mw);
        if (routes) {
          for (const path of paths.length ? paths : [[]]) emitMount(ctx, node, id, joinRoutePath(prefix, path), routes);
          continue;
        }
        // koa-mount: app.use(mount('/v1', otherApp)) or mount('/v1', router.routes())
        const m = unwrap(mw);
        if (!tsv.isCallExpression(m) || moduleRoot(ctx.resolve(m.expression))?.module !== 'koa-mount') continue;
        const [first, second] = m.arguments;
        const mountPath = second ? pathsOf(ctx, first)[0] : undefined;
        const target = second ?? first;
        if (target) emitMount(ctx, node, id, mountPath ?? [], routesOf(target) ?? target);
      }
      return;
    }

    if (receiver.kind !== 'router') return;
    // router.get('name', '/path', ...) names the route first.
    const named = args.length > 2 && pathsOf(ctx, args[0]).length > 0 && pathsOf(ctx, args[1]).length > 0;
    const paths = pathsOf(ctx, named ? args[1] : args[0]);
    const handlerArgs = flattenArgs(args.slice(named ? 2 : 1));
    if (!paths.length || !handlerArgs.length) return;
    const full = paths.map((p) => joinRoutePath(prefix, p));
    emitEndpoints(ctx, callee.name, LIBRARY, [ROUTE_METHODS.get(method)!], full, handlerTargets(ctx, handlerArgs), id);
  },
};
