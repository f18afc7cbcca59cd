import type { RouterMountFact } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { requireOf } from '../environment.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { announceParamRouter, emitEndpoints, handlerTargets, isFunctionNode, methodsOf, moduleRoot, normalizeBraceParams, pathsOf, routerIdOf } from './routes-shared.js';

const MODULES = new Set(['@hapi/hapi', 'hapi']);
const LIBRARY = '@hapi/hapi';
const SERVER_FACTORIES = new Set(['server', 'Server']);
/** Per file: imports hapi; imports another framework whose parameters' `route`/`register` look alike (fastify). */
const fileKinds = new WeakMap<ts.SourceFile, { hapi: boolean; other: boolean }>();

function isHapiModule(module: string): boolean {
  return MODULES.has(module) || module.startsWith('@hapi/');
}

/** Whether the file imports hapi (or a hapi plugin package): known from `visitFile`. */
function importsHapi(ctx: VisitContext): boolean {
  return fileKinds.get(ctx.sf)?.hapi ?? false;
}

/** A hapi server (`Hapi.server()`, `new Hapi.Server()`, a parameter typed `Server`), or an untyped parameter (then only exact route shapes count). */
function receiverOf(ctx: VisitContext, expr: ts.Expression): 'server' | 'param' | null {
  const ref = ctx.resolve(expr);
  if (ref?.root.kind === 'param' && ref.steps.length === 0) return 'param';
  const root = moduleRoot(ref);
  if (!root || !MODULES.has(root.module)) return null;
  const names = root.steps.map((s) => ('prop' in s ? s.prop : 'call' in s ? '()' : '#'));
  const text = names.join(' ');
  if (text === '#') return 'server';
  if (root.name === 'default' && names.length === 2 && SERVER_FACTORIES.has(names[0]!) && names[1] === '()') return 'server';
  if (SERVER_FACTORIES.has(root.name) && text === '()') return 'server';
  return null;
}

/** Route objects of `server.route(x)`: an object, an array of objects (or of names of objects). */
function routeObjects(ctx: VisitContext, expr: ts.Expression | undefined, depth = 0): ts.Expression[] {
  if (!expr || depth > 3) return [];
  const e = unwrap(expr);
  if (tsv.isArrayLiteralExpression(e)) return e.elements.flatMap((el) => routeObjects(ctx, el, depth + 1));
  if (tsv.isIdentifier(e)) {
    const binding = ctx.refs.env.lookup(e.text);
    return binding?.kind === 'value' ? routeObjects(ctx, binding.init, depth + 1) : [];
  }
  return tsv.isObjectLiteralExpression(e) ? [e] : [];
}

/** Emits the endpoints of route objects; with `strict`, only objects with a method, a path starting with `/` and a handler. */
function emitRoutes(ctx: VisitContext, objects: readonly ts.Expression[], router: string | undefined, strict: boolean): number {
  let emitted = 0;
  for (const object of objects) {
    const props = ctx.props(object);
    const methods = methodsOf(ctx, props.get('method'));
    const paths = pathsOf(ctx, props.get('path')).map(normalizeBraceParams);
    const options = ctx.props(props.get('options') ?? props.get('config'));
    const handler = props.get('handler') ?? options.get('handler');
    if (!methods.length || !paths.length) continue;
    if (strict && (!handler || !paths.every((p) => p[0] && 'lit' in p[0] && p[0].lit.startsWith('/')))) continue;
    emitEndpoints(ctx, object, LIBRARY, methods, paths, handler ? handlerTargets(ctx, [handler]) : [], router);
    emitted++;
  }
  return emitted;
}

/** A top-level array of route objects (`const routes: ServerRoute[] = [...]`, `export default [...]`): its routes, on a router named after it. */
function routeTables(ctx: VisitContext): void {
  for (const stmt of ctx.sf.statements) {
    const tables: [string, ts.Expression][] = [];
    if (tsv.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) if (tsv.isIdentifier(d.name) && d.initializer) tables.push([d.name.text, d.initializer]);
    } else if (tsv.isExportAssignment(stmt)) tables.push(['default', stmt.expression]);
    for (const [name, init] of tables) {
      const array = unwrap(init);
      if (!tsv.isArrayLiteralExpression(array) || !array.elements.length) continue;
      const objects = array.elements.map(unwrap);
      const isTable = objects.every((o) => tsv.isObjectLiteralExpression(o) && ctx.props(o).has('method') && ctx.props(o).has('path'));
      if (isTable) emitRoutes(ctx, objects, `${ctx.file}#:${name}`, false);
    }
  }
}

function isTopLevelTable(ctx: VisitContext, expr: ts.Expression): string | null {
  const e = unwrap(expr);
  if (!tsv.isIdentifier(e)) return null;
  const binding = ctx.refs.env.lookup(e.text);
  return binding?.kind === 'value' && binding.declaredIn === `${ctx.file}#` && tsv.isArrayLiteralExpression(unwrap(binding.init)) ? e.text : null;
}

/** The plugin object of a registration, as a mount child: its `register` function is the scope whose server parameter gets the routes. */
function pluginChild(ctx: VisitContext, expr: ts.Expression): RouterMountFact['child'] | null {
  const e = unwrap(expr);
  const loaded = tsv.isCallExpression(e) ? requireOf(e) : null;
  if (loaded) return ctx.isLocalModule(loaded) ? { target: { module: loaded, name: 'plugin', member: 'register' } } : null;
  if (tsv.isObjectLiteralExpression(e)) {
    for (const prop of e.properties) {
      if (!prop.name || !tsv.isIdentifier(prop.name) || prop.name.text !== 'register') continue;
      const fn = tsv.isPropertyAssignment(prop) ? unwrap(prop.initializer) : prop;
      const first = isFunctionNode(fn) ? fn.parameters[0] : undefined;
      return first && tsv.isIdentifier(first.name) ? { router: `${ctx.scopeIdOf(fn)}:${first.name.text}` } : null;
    }
    return null;
  }
  const ref = ctx.resolve(e);
  if (ref?.root.kind === 'module' && ctx.isLocalModule(ref.root.module) && ref.steps.length <= 1) {
    const step = ref.steps[0];
    const name = step && 'prop' in step ? step.prop : ref.root.name === '*' ? 'plugin' : ref.root.name;
    return ref.root.name === '*' || !step ? { target: { module: ref.root.module, name, member: 'register' } } : null;
  }
  if (tsv.isIdentifier(e) && ctx.refs.env.lookup(e.text)?.kind === 'value') return { target: { name: e.text, member: 'register' } };
  return null;
}

/** hapi: `server.route(...)` with route objects and arrays (and route tables of other modules), plugins registered with `routes.prefix`. */
export const hapiDetector: Detector = {
  id: 'hapi',
  modules: [...MODULES],
  // Plugins often live in files that never import hapi (`export const plugin = { register(server) {...} }`).
  always: true,
  visitFile(ctx) {
    const modules = ctx.sf.statements.flatMap((s) => (tsv.isImportDeclaration(s) && tsv.isStringLiteral(s.moduleSpecifier) ? [s.moduleSpecifier.text] : []));
    const kinds = { hapi: modules.some(isHapiModule), other: modules.some((m) => m === 'fastify' || m === 'fastify-plugin') };
    fileKinds.set(ctx.sf, kinds);
    if (kinds.hapi) routeTables(ctx);
  },
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee) || (callee.name.text !== 'route' && callee.name.text !== 'register')) return;
    const receiverExpr = unwrap(callee.expression);
    const receiver = receiverOf(ctx, receiverExpr);
    if (!receiver || (receiver === 'param' && fileKinds.get(ctx.sf)?.other)) return;
    const router = routerIdOf(ctx, receiverExpr);
    const arg = node.arguments[0];
    if (!arg) return;

    if (callee.name.text === 'route') {
      const table = isTopLevelTable(ctx, arg);
      const imported = ctx.resolve(arg);
      if (receiver === 'param' && !importsHapi(ctx)) {
        if (!emitRoutes(ctx, routeObjects(ctx, arg), router, true)) return;
      } else if (router && table) {
        ctx.emit({ kind: 'router-mount', file: ctx.file, line: ctx.line(node), library: LIBRARY, scope: ctx.scope.id, parent: router, prefix: [], child: { router: `${ctx.file}#:${table}` } });
      } else if (router && imported?.root.kind === 'module' && ctx.isLocalModule(imported.root.module) && imported.steps.length === 0) {
        ctx.emit({ kind: 'router-mount', file: ctx.file, line: ctx.line(node), library: LIBRARY, scope: ctx.scope.id, parent: router, prefix: [], child: { target: { module: imported.root.module, name: imported.root.name } } });
      } else if (!emitRoutes(ctx, routeObjects(ctx, arg), router, receiver === 'param')) return;
      announceParamRouter(ctx, receiverExpr, LIBRARY, ctx.line(node));
      return;
    }

    // server.register(plugin | { plugin, routes: { prefix } } | [...], { routes: { prefix } })
    if (!router) return;
    // Outside files that import hapi, a parameter's register() could be another framework's: only hapi's registration objects count.
    const strict = receiver === 'param' && !importsHapi(ctx);
    const callPrefix = ctx.props(ctx.props(node.arguments[1]).get('routes')).get('prefix');
    const items = tsv.isArrayLiteralExpression(unwrap(arg)) ? (unwrap(arg) as ts.ArrayLiteralExpression).elements : [arg];
    for (const item of items) {
      const props = ctx.props(item);
      const registration = props.get('plugin');
      if (strict && !registration) continue;
      const prefix = ctx.props(props.get('routes')).get('prefix') ?? callPrefix;
      const child = pluginChild(ctx, registration ?? item);
      if (!child) continue;
      announceParamRouter(ctx, receiverExpr, LIBRARY, ctx.line(node));
      ctx.emit({ kind: 'router-mount', file: ctx.file, line: ctx.line(node), library: LIBRARY, scope: ctx.scope.id, parent: router, prefix: prefix ? (ctx.str(prefix) ?? []) : [], child });
    }
  },
};
