import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { emitEndpoints, flattenArgs, handlerTargets, joinRoutePath, methodsOf, moduleRoot, mountedChild, normalizeBraceParams, pathsOf, routerIdOf } from './routes-shared.js';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'options', 'all']);
/** Calls that return the app itself (or, for basePath, a view of it under a prefix). */
const CHAINABLE = new Set([...ROUTE_METHODS, 'on', 'use', 'route', 'basePath', 'openapi', 'doc', 'onError', 'notFound']);
const CLASSES = new Set(['Hono', 'OpenAPIHono']);

function isHonoModule(module: string): boolean {
  return module === 'hono' || module.startsWith('hono/') || module === '@hono/zod-openapi';
}

/** A Hono app: `new Hono()` (and chains of calls returning it), or a parameter typed `Hono`; with the prefix its `basePath(...)` calls add. */
function appOf(ctx: VisitContext, ref: Ref | null): { prefix: SymString } | null {
  const root = moduleRoot(ref);
  if (!root || !isHonoModule(root.module) || !CLASSES.has(root.name)) return null;
  const [first, ...rest] = root.steps;
  if (first && 'instance' in first && rest.length === 0) return { prefix: [] };
  if (!first || !('call' in first)) return null;
  let prefix: SymString = [];
  for (let i = 0; i < rest.length; i += 2) {
    const step = rest[i]!;
    const call = rest[i + 1];
    if (!('prop' in step) || !CHAINABLE.has(step.prop) || !call || !('call' in call)) return null;
    if (step.prop === 'basePath') {
      const path = pathsOf(ctx, call.call.arguments?.[0])[0];
      if (path) prefix = joinRoutePath(prefix, path);
    }
  }
  return { prefix };
}

/** The variable a chain of app calls starts from: `app.get(...).post(...)` → `app`. */
function chainRoot(expr: ts.Expression): ts.Expression {
  let e = unwrap(expr);
  while (tsv.isCallExpression(e) && tsv.isPropertyAccessExpression(unwrap(e.expression))) {
    const inner = unwrap(e.expression) as ts.PropertyAccessExpression;
    if (!CHAINABLE.has(inner.name.text)) break;
    e = unwrap(inner.expression);
  }
  return e;
}

/** In `app.get('/x', h).post(h2)` the second route has the path of the first. */
function chainedPath(ctx: VisitContext, receiver: ts.Expression): SymString[] {
  const e = unwrap(receiver);
  if (!tsv.isCallExpression(e) || !tsv.isPropertyAccessExpression(unwrap(e.expression))) return [];
  const method = (unwrap(e.expression) as ts.PropertyAccessExpression).name.text;
  if (!ROUTE_METHODS.has(method)) return [];
  const own = e.arguments.length > 1 ? pathsOf(ctx, e.arguments[0]) : [];
  return own.length ? own : chainedPath(ctx, (unwrap(e.expression) as ts.PropertyAccessExpression).expression);
}

/** hono: `app.get/post/...`, `app.on(methods, paths)`, `app.route('/prefix', sub)`, `basePath`, and OpenAPIHono's `app.openapi(route)`. */
export const honoDetector: Detector = {
  id: 'hono',
  modules: ['hono', '@hono/zod-openapi'],
  visitCall(node, ctx) {
    if (tsv.isNewExpression(node) && ctx.declaration && !ctx.declaration.topLevel && appOf(ctx, ctx.resolve(node))) {
      ctx.emit({ kind: 'router-factory', file: ctx.file, line: ctx.line(node), library: 'hono', scope: ctx.scope.id, router: `${ctx.declaration.declaredIn}:${ctx.declaration.name}` });
    }
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (!ROUTE_METHODS.has(method) && method !== 'on' && method !== 'route' && method !== 'openapi') return;
    const app = appOf(ctx, ctx.resolve(callee.expression));
    if (!app) return;
    const router = routerIdOf(ctx, chainRoot(callee.expression));
    const args = node.arguments;

    if (method === 'route') {
      const [path, sub] = args;
      const child = sub ? mountedChild(ctx, sub, (e) => appOf(ctx, ctx.resolve(e)) !== null) : null;
      if (!router || !child) return;
      ctx.emit({ kind: 'router-mount', file: ctx.file, line: ctx.line(node), library: 'hono', scope: ctx.scope.id, parent: router, prefix: joinRoutePath(app.prefix, pathsOf(ctx, path)[0] ?? []), child });
      return;
    }

    let methods: string[];
    let paths: SymString[];
    let handlers: ts.Expression[];
    if (method === 'on') {
      methods = methodsOf(ctx, args[0]);
      paths = pathsOf(ctx, args[1]);
      handlers = flattenArgs(args.slice(2));
    } else if (method === 'openapi') {
      const route = ctx.props(args[0]);
      methods = methodsOf(ctx, route.get('method'));
      paths = pathsOf(ctx, route.get('path')).map(normalizeBraceParams);
      handlers = args.slice(1);
    } else {
      methods = [method.toUpperCase()];
      // A route needs a handler: a single argument is the handler of a path given earlier in the chain.
      const own = args.length > 1 ? pathsOf(ctx, args[0]) : [];
      paths = own.length ? own : chainedPath(ctx, callee.expression);
      handlers = flattenArgs(own.length ? args.slice(1) : args);
    }
    if (!methods.length || !paths.length || !handlers.length) return;
    emitEndpoints(ctx, callee.name, 'hono', methods, paths.map((p) => joinRoutePath(app.prefix, p)), handlerTargets(ctx, handlers), router);
  },
};
