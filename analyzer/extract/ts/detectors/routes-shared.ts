import type { CallTarget, RouterMountFact, SymString } from '../../../types/index.js';
import type { VisitContext } from '../detector.js';
import { concat, literalOf } from '../evaluate.js';
import { requireOf } from '../environment.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { asCallTarget } from './shared.js';

/** Methods that read, as far as the method tells: a request-reply message (NestJS `MESSAGE`) is a query until its handler is seen writing. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'MESSAGE']);

/** Whether a request with this method changes state, as far as the method tells (GET/HEAD/OPTIONS and request-reply messages do not; events do). */
export function isMutating(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

export function isFunctionNode(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return tsv.isArrowFunction(node) || tsv.isFunctionExpression(node) || tsv.isFunctionDeclaration(node) || tsv.isMethodDeclaration(node);
}

/** `require('x')` roots resolve as globals; this reads them as the module they load: `require('fastify')()` → fastify's default export, called. */
export function moduleRoot(ref: Ref | null): { module: string; name: string; steps: Ref['steps'] } | null {
  if (!ref) return null;
  if (ref.root.kind === 'module') return { module: ref.root.module, name: ref.root.name, steps: ref.steps };
  const first = ref.steps[0];
  if (ref.root.kind === 'global' && ref.root.name === 'require' && first && 'call' in first) {
    const module = requireOf(first.call as ts.Expression);
    if (module) return { module, name: 'default', steps: ref.steps.slice(1) };
  }
  return null;
}

/**
 * Identity of a router, app or server object: `<scope it is declared in>:<name>` for variables
 * (the form express uses), `<function scope>:<name>` for a parameter (a plugin's instance).
 */
export function routerIdOf(ctx: VisitContext, expr: ts.Expression): string | undefined {
  const e = unwrap(expr);
  if (!tsv.isIdentifier(e)) return undefined;
  const binding = ctx.refs.env.lookup(e.text);
  if (binding?.kind === 'value') return `${binding.declaredIn}:${e.text}`;
  if (binding?.kind === 'param' && binding.scopeId) return `${binding.scopeId}:${e.text}`;
  return undefined;
}

/** The parameter a receiver expression is, with the scope it belongs to. */
export function paramOf(ctx: VisitContext, expr: ts.Expression): { scopeId: string; name: string } | null {
  const e = unwrap(expr);
  if (!tsv.isIdentifier(e)) return null;
  const binding = ctx.refs.env.lookup(e.text);
  return binding?.kind === 'param' && binding.scopeId ? { scopeId: binding.scopeId, name: e.text } : null;
}

const announced = new WeakMap<ts.SourceFile, Set<string>>();

/**
 * A function whose parameter is the router its routes go on (a fastify or hapi plugin): emits a
 * `router-factory` once, so a mount of the function (imported elsewhere) finds the router.
 */
export function announceParamRouter(ctx: VisitContext, receiver: ts.Expression, library: string, line: number): void {
  const param = paramOf(ctx, receiver);
  if (!param) return;
  const router = `${param.scopeId}:${param.name}`;
  let seen = announced.get(ctx.sf);
  if (!seen) announced.set(ctx.sf, (seen = new Set()));
  if (seen.has(router)) return;
  seen.add(router);
  ctx.emit({ kind: 'router-factory', file: ctx.file, line, library, scope: param.scopeId, router });
}

/** Arrays flattened: `router.get('/', [auth, handler])`. */
export function flattenArgs(args: readonly ts.Expression[]): ts.Expression[] {
  return args.flatMap((a) => {
    const e = unwrap(a);
    return tsv.isArrayLiteralExpression(e) ? flattenArgs(e.elements) : [a];
  });
}

/** Route paths of an argument: a string, or each string of an array (`['/a', '/b']`); none for regular expressions. */
export function pathsOf(ctx: VisitContext, expr: ts.Expression | undefined): SymString[] {
  if (!expr) return [];
  const e = unwrap(expr);
  if (tsv.isArrayLiteralExpression(e)) return e.elements.flatMap((el) => pathsOf(ctx, el));
  if (tsv.isRegularExpressionLiteral(e) || isFunctionNode(e) || tsv.isObjectLiteralExpression(e)) return [];
  const path = ctx.str(e);
  return path && path.length && !path.every((p) => 'unknown' in p) ? [path] : [];
}

/** Text when every part is literal. */
export function textOf(sym: SymString | null): string | null {
  return literalOf(sym);
}

/** Joins a prefix and a path with exactly one slash between them; `/` under a prefix is the prefix itself. */
export function joinRoutePath(prefix: SymString, path: SymString): SymString {
  if (!prefix.length) return path;
  const last = prefix[prefix.length - 1]!;
  const first = path[0];
  const prefixText = 'lit' in last ? last.lit.replace(/\/+$/, '') : null;
  const head: SymString = prefixText !== null ? [...prefix.slice(0, -1), ...(prefixText ? [{ lit: prefixText }] : [])] : prefix;
  if (!first || (path.length === 1 && 'lit' in first && /^\/*$/.test(first.lit))) return head.length ? head : [{ lit: '/' }];
  const rest: SymString = 'lit' in first ? [{ lit: `/${first.lit.replace(/^\/+/, '')}` }, ...path.slice(1)] : [{ lit: '/' }, ...path];
  return concat(head, rest);
}

/** `{id}` → `:id`, `{id?}` → `:id?`, `{path*}` → `:path*`: hapi and OpenAPI parameters written the way the other frameworks write them. */
export function normalizeBraceParams(path: SymString): SymString {
  return path.map((p) => ('lit' in p ? { lit: p.lit.replace(/\{(\w+)(\?)?(\*\d*)?\}/g, (_m, name: string, optional?: string, many?: string) => `:${name}${optional ?? ''}${many ? '*' : ''}`) } : p));
}

/** A leading slash for paths written without one (`@Controller('orders')`, hapi is strict but tolerant here). */
export function withLeadingSlash(path: SymString): SymString {
  const first = path[0];
  if (first && 'lit' in first && first.lit.startsWith('/')) return path;
  return concat([{ lit: '/' }], path);
}

/** Function references among handler arguments: local scope ids, or imported functions. */
export function handlerTargets(ctx: VisitContext, args: readonly ts.Expression[]): (string | CallTarget)[] {
  return args.map((a) => ctx.targetOf(a)).filter((t): t is NonNullable<typeof t> => t !== null);
}

type MountChild = RouterMountFact['child'];

/**
 * What a mount call mounts: a router variable of this file, the router a local or imported
 * factory creates (`ordersRouter()`), an imported router or plugin (`import orders from`,
 * `import * as routes`, `import('./routes.js')`, `require('./routes')`).
 */
export function mountedChild(ctx: VisitContext, expr: ts.Expression, isRouter: (e: ts.Expression) => boolean): MountChild | null {
  const a = unwrap(expr);
  if (tsv.isIdentifier(a)) {
    const binding = ctx.refs.env.lookup(a.text);
    if (binding?.kind === 'import') return ctx.isLocalModule(binding.module) ? { target: { module: binding.module, name: binding.name } } : null;
    if (isRouter(a)) {
      const router = routerIdOf(ctx, a);
      return router ? { router } : null;
    }
    if (binding?.kind === 'function') {
      const target = asCallTarget(ctx, ctx.targetOf(a));
      return target ? { target } : null;
    }
    if (binding?.kind === 'value') {
      const init = unwrap(binding.init);
      if (tsv.isCallExpression(init)) return mountedChild(ctx, init, isRouter);
    }
    return null;
  }
  if (tsv.isCallExpression(a)) {
    const loaded = requireOf(a);
    if (loaded) return ctx.isLocalModule(loaded) ? { target: { module: loaded, name: 'default' } } : null;
    const target = asCallTarget(ctx, ctx.targetOf(a.expression));
    return target ? { target } : null;
  }
  if (tsv.isPropertyAccessExpression(a)) {
    const ref = ctx.resolve(a);
    const step = ref?.steps[0];
    if (ref?.root.kind === 'module' && ref.root.name === '*' && ref.steps.length === 1 && step && 'prop' in step && ctx.isLocalModule(ref.root.module)) {
      return { target: { module: ref.root.module, name: step.prop } };
    }
  }
  return null;
}

/** Emits one endpoint per method and path, at the line of `at` (the method name in a chain of route calls). */
export function emitEndpoints(
  ctx: VisitContext,
  at: ts.Node,
  library: string,
  methods: readonly string[],
  paths: readonly SymString[],
  handlers: (string | CallTarget)[],
  router: string | undefined,
): void {
  const line = ctx.line(at);
  for (const path of paths) {
    for (const method of methods) {
      ctx.emit({ kind: 'endpoint', file: ctx.file, line, library, scope: ctx.scope.id, method, path, ...(router ? { router } : {}), handlers, mutating: isMutating(method) });
    }
  }
}

/** HTTP methods named by an expression: `'GET'`, `['GET', 'POST']`, `'*'` (all). */
export function methodsOf(ctx: VisitContext, expr: ts.Expression | undefined): string[] {
  if (!expr) return [];
  const e = unwrap(expr);
  const items = tsv.isArrayLiteralExpression(e) ? e.elements : [e];
  const out: string[] = [];
  for (const item of items) {
    const text = textOf(ctx.str(item));
    if (!text) continue;
    const method = text === '*' ? 'ALL' : text.toUpperCase();
    if (/^[A-Z]+$/.test(method) && !out.includes(method)) out.push(method);
  }
  return out;
}
