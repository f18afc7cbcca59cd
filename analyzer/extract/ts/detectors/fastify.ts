import type { RouterMountFact, SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { autoloadOf } from './fastify-autoload.js';
import { announceParamRouter, emitEndpoints, handlerTargets, isFunctionNode, methodsOf, moduleRoot, mountedChild, pathsOf, routerIdOf } from './routes-shared.js';

const ROUTE_METHODS = new Set(['get', 'head', 'post', 'put', 'delete', 'options', 'patch', 'all']);
const FACTORY_NAMES = new Set(['default', 'fastify', 'Fastify']);
/** Calls that return the same instance. */
const SAME_INSTANCE = new Set(['withTypeProvider', 'setValidatorCompiler', 'setSerializerCompiler']);
/** Hooks that run before the handler: listed before it among the handlers. */
const HOOKS = ['onRequest', 'preParsing', 'preValidation', 'preHandler'];

type Receiver = { kind: 'instance' } | { kind: 'param' } | null;

/**
 * What a route call is made on: a fastify instance (`Fastify()`, `require('fastify')()`, a
 * parameter typed `FastifyInstance`), or an untyped parameter of a plugin function — then only
 * calls shaped exactly like routes count.
 */
function receiverOf(ctx: VisitContext, expr: ts.Expression): Receiver {
  const ref = ctx.resolve(expr);
  if (ref?.root.kind === 'param' && ref.steps.length === 0) return { kind: 'param' };
  const root = moduleRoot(ref);
  if (!root || root.module !== 'fastify') return null;
  const steps = root.steps;
  if (steps.length === 1 && 'instance' in steps[0]!) return { kind: 'instance' };
  if (!FACTORY_NAMES.has(root.name) || !steps[0] || !('call' in steps[0])) return null;
  for (let i = 1; i < steps.length; i += 2) {
    const step = steps[i]!;
    if (!('prop' in step) || !SAME_INSTANCE.has(step.prop) || !steps[i + 1] || !('call' in steps[i + 1]!)) return null;
  }
  return { kind: 'instance' };
}

function startsWithSlash(path: SymString): boolean {
  const first = path[0];
  return !!first && 'lit' in first && first.lit.startsWith('/');
}

/** Per file: whether it imports fastify, and the router id of its default-exported plugin's instance (`async function (fastify, opts)`). */
const pluginFiles = new WeakMap<ts.SourceFile, { imports: boolean; plugin: string | null }>();

function pluginFileOf(ctx: VisitContext): { imports: boolean; plugin: string | null } {
  let imports = false;
  let plugin: ts.FunctionLikeDeclaration | null = null;
  for (const stmt of ctx.sf.statements) {
    if (tsv.isImportDeclaration(stmt) && tsv.isStringLiteral(stmt.moduleSpecifier) && /^(fastify|fastify-plugin)$/.test(stmt.moduleSpecifier.text)) imports = true;
    if (tsv.isVariableStatement(stmt) && /require\(\s*['"](fastify|fastify-plugin)['"]\s*\)/.test(stmt.getText(ctx.sf))) imports = true;
    const exported = tsv.isExportAssignment(stmt) ? stmt.expression : tsv.isExpressionStatement(stmt) && tsv.isBinaryExpression(stmt.expression) && stmt.expression.left.getText(ctx.sf) === 'module.exports' ? stmt.expression.right : null;
    let fn: ts.Node | null | undefined = exported ? unwrap(exported) : tsv.isFunctionDeclaration(stmt) && tsv.getModifiers(stmt)?.some((m) => m.kind === tsv.SyntaxKind.DefaultKeyword) ? stmt : null;
    if (fn && tsv.isIdentifier(fn)) {
      const binding = ctx.refs.env.lookup(fn.text);
      fn = binding?.kind === 'function' ? binding.node : null;
    }
    if (fn && isFunctionNode(fn)) plugin = fn;
  }
  // A plugin is async, or takes (instance, options, done).
  const first = plugin?.parameters[0];
  const third = plugin?.parameters[2];
  const async = !!plugin && !!tsv.getModifiers(plugin)?.some((m) => m.kind === tsv.SyntaxKind.AsyncKeyword);
  const isPlugin = !!plugin && !!first && tsv.isIdentifier(first.name) && (async || (!!third && tsv.isIdentifier(third.name) && /^(done|next|cb)$/.test(third.name.text)));
  return { imports, plugin: isPlugin ? `${ctx.scopeIdOf(plugin!)}:${(first!.name as ts.Identifier).text}` : null };
}

/** The plugin a `register` call mounts; fastify-plugin (`fp(plugin)`) shares its parent's context, so no prefix applies. */
function pluginOf(ctx: VisitContext, expr: ts.Expression): { child: RouterMountFact['child']; encapsulated: boolean } | null {
  let e = unwrap(expr);
  let encapsulated = true;
  if (tsv.isCallExpression(e)) {
    const root = moduleRoot(ctx.resolve(e.expression));
    if (root?.module === 'fastify-plugin' && e.arguments[0]) {
      e = unwrap(e.arguments[0]);
      encapsulated = false;
    }
  }
  if (isFunctionNode(e)) {
    const first = e.parameters[0];
    return first && tsv.isIdentifier(first.name) ? { child: { router: `${ctx.scopeIdOf(e)}:${first.name.text}` }, encapsulated } : null;
  }
  if (tsv.isIdentifier(e)) {
    const binding = ctx.refs.env.lookup(e.text);
    const first = binding?.kind === 'function' ? binding.node?.parameters[0] : undefined;
    if (binding?.kind === 'function' && first && tsv.isIdentifier(first.name)) return { child: { router: `${binding.scopeId}:${first.name.text}` }, encapsulated };
  }
  const child = mountedChild(ctx, e, () => false);
  return child ? { child, encapsulated } : null;
}

/** fastify: shorthand routes, `route({ method, url, handler })`, plugins registered with a prefix. */
export const fastifyDetector: Detector = {
  id: 'fastify',
  modules: ['fastify', 'fastify-plugin'],
  // Plugin files often import nothing: `module.exports = async function (fastify, opts) { fastify.get(...) }`.
  always: true,
  visitFile(ctx) {
    pluginFiles.set(ctx.sf, pluginFileOf(ctx));
  },
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (!ROUTE_METHODS.has(method) && method !== 'route' && method !== 'register') return;
    const receiverExpr = unwrap(callee.expression);
    const receiver = receiverOf(ctx, receiverExpr);
    if (!receiver) return;
    const strict = receiver.kind === 'param';
    const router = routerIdOf(ctx, receiverExpr);
    const file = pluginFiles.get(ctx.sf);
    // Without fastify among the imports, only the instance of a file's default-exported plugin counts.
    if (!file?.imports && (receiver.kind !== 'param' || !router || router !== file?.plugin)) return;
    const args = node.arguments;

    if (method === 'register') {
      const autoload = router ? autoloadOf(ctx, args, router, ctx.line(node)) : null;
      if (autoload) {
        announceParamRouter(ctx, receiverExpr, 'fastify', ctx.line(node));
        ctx.emit(autoload);
        return;
      }
      const plugin = args[0] ? pluginOf(ctx, args[0]) : null;
      if (!plugin || !router) return;
      const options = ctx.props(args[1]);
      const prefix = plugin.encapsulated && options.get('prefix') ? (ctx.str(options.get('prefix')) ?? []) : [];
      announceParamRouter(ctx, receiverExpr, 'fastify', ctx.line(node));
      ctx.emit({ kind: 'router-mount', file: ctx.file, line: ctx.line(node), library: 'fastify', scope: ctx.scope.id, parent: router, prefix, child: plugin.child });
      return;
    }

    let methods: string[];
    let paths: SymString[];
    let options: Map<string, ts.Expression>;
    let handler: ts.Expression | undefined;
    if (method === 'route') {
      options = ctx.props(args[0]);
      methods = methodsOf(ctx, options.get('method'));
      paths = pathsOf(ctx, options.get('url') ?? options.get('path'));
      handler = options.get('handler');
    } else {
      // (path, handler), (path, options, handler) or (path, { ...options, handler })
      methods = [method.toUpperCase()];
      paths = pathsOf(ctx, args[0]);
      const last = args.length > 1 ? args[args.length - 1] : undefined;
      const lastIsOptions = !!last && (tsv.isObjectLiteralExpression(unwrap(last)) || ctx.props(last).size > 0);
      options = lastIsOptions ? ctx.props(last) : args.length > 2 ? ctx.props(args[1]) : new Map();
      handler = lastIsOptions ? options.get('handler') : last;
    }
    if (!methods.length || !paths.length || !handler) return;
    if (strict && (!paths.every(startsWithSlash) || !isFunctionNode(unwrap(handler)) && !ctx.targetOf(handler))) return;
    const hooks = HOOKS.flatMap((hook) => {
      const value = options.get(hook);
      if (!value) return [];
      const e = unwrap(value);
      return tsv.isArrayLiteralExpression(e) ? [...e.elements] : [value];
    });
    announceParamRouter(ctx, receiverExpr, 'fastify', ctx.line(node));
    emitEndpoints(ctx, callee.name, 'fastify', methods, paths, handlerTargets(ctx, [...hooks, handler]), router);
  },
};
