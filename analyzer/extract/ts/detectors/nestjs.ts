import type { SymString } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { emitEndpoints, joinRoutePath, moduleRoot, textOf, withLeadingSlash } from './routes-shared.js';

const COMMON = '@nestjs/common';
const MICROSERVICES = '@nestjs/microservices';
const HTTP_DECORATORS = new Map([['Get', 'GET'], ['Post', 'POST'], ['Put', 'PUT'], ['Patch', 'PATCH'], ['Delete', 'DELETE'], ['All', 'ALL'], ['Head', 'HEAD'], ['Options', 'OPTIONS'], ['Search', 'SEARCH']]);
const MESSAGE_DECORATORS = new Map([['MessagePattern', 'MESSAGE'], ['EventPattern', 'EVENT']]);

/** A decorator call and the name it has in the module it is imported from: `@Get(':id')` → Get of @nestjs/common. */
function decoratorsOf(node: ts.Node, ctx: VisitContext): { module: string; name: string; call: ts.CallExpression }[] {
  const decorators = tsv.canHaveDecorators(node) ? (tsv.getDecorators(node) ?? []) : [];
  const out: { module: string; name: string; call: ts.CallExpression }[] = [];
  for (const decorator of decorators) {
    const call = decorator.expression;
    if (!tsv.isCallExpression(call)) continue;
    const root = moduleRoot(ctx.resolve(call.expression));
    if (root && root.steps.length === 0) out.push({ module: root.module, name: root.name, call });
  }
  return out;
}

/** Paths a decorator argument gives: none → `''`, a string, an array of strings, or `{ path }` (controllers). */
function pathArgs(ctx: VisitContext, arg: ts.Expression | undefined): SymString[] {
  if (!arg) return [[]];
  const e = unwrap(arg);
  if (tsv.isArrayLiteralExpression(e)) return e.elements.flatMap((el) => pathArgs(ctx, el));
  if (tsv.isObjectLiteralExpression(e)) return pathArgs(ctx, ctx.props(e).get('path'));
  const path = ctx.str(e);
  return path ? [path] : [];
}

/** A message pattern as Nest routes it (`transformPatternToRoute`): a string, or an object as JSON with its keys sorted, numbers unquoted. */
function patternOf(ctx: VisitContext, arg: ts.Expression | undefined, depth = 0): SymString | null {
  if (!arg || depth > 3) return null;
  const e = unwrap(arg);
  if (!tsv.isObjectLiteralExpression(e)) return ctx.str(e);
  const value = (expr: ts.Expression): unknown => {
    const inner = unwrap(expr);
    if (tsv.isNumericLiteral(inner)) return Number(inner.text);
    if (inner.kind === tsv.SyntaxKind.TrueKeyword || inner.kind === tsv.SyntaxKind.FalseKeyword) return inner.kind === tsv.SyntaxKind.TrueKeyword;
    if (tsv.isObjectLiteralExpression(inner)) {
      const nested = patternOf(ctx, inner, depth + 1);
      const text = textOf(nested);
      return text === null ? undefined : (JSON.parse(text) as unknown);
    }
    return textOf(ctx.str(inner)) ?? undefined;
  };
  const entries = [...ctx.props(e)].map(([k, v]) => [k, value(v)] as const);
  if (entries.some(([, v]) => v === undefined)) return [{ unknown: ctx.text(e) }];
  return [{ lit: JSON.stringify(Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b, 'en')))) }];
}

/** Routes excluded from the global prefix: `'health'`, `{ path: 'metrics', method: RequestMethod.GET }`. */
function excludesOf(ctx: VisitContext, options: ts.Expression | undefined): { path: string; method: string | null }[] {
  const list = ctx.props(options).get('exclude');
  const e = list ? unwrap(list) : undefined;
  if (!e || !tsv.isArrayLiteralExpression(e)) return [];
  return e.elements.flatMap((el) => {
    const props = ctx.props(el);
    const path = textOf(ctx.str(props.get('path') ?? el));
    if (path === null) return [];
    const method = props.get('method');
    const m = method ? unwrap(method) : undefined;
    const name = m && tsv.isPropertyAccessExpression(m) ? m.name.text : m ? textOf(ctx.str(m)) : null;
    return [{ path, method: name ? name.toUpperCase() : null }];
  });
}

/**
 * NestJS: controllers (`@Controller('orders')` or `{ path }`) with `@Get(':id')`, `@Post()`, ...
 * methods, message handlers (`@MessagePattern`, `@EventPattern`), and the application's
 * `setGlobalPrefix`. A handler is the method's scope (`file#Class.method`), so calls through
 * constructor-injected services are followed.
 */
export const nestjsDetector: Detector = {
  id: 'nestjs',
  modules: [COMMON, '@nestjs/core', MICROSERVICES],
  visitClass(node, ctx) {
    const controller = decoratorsOf(node, ctx).find((d) => d.module === COMMON && d.name === 'Controller');
    if (!controller) return;
    const prefixes = pathArgs(ctx, controller.call.arguments[0]);
    const className = node.name?.text ?? `Class${ctx.line(node)}`;
    for (const member of node.members) {
      if (!tsv.isMethodDeclaration(member)) continue;
      const methodName = tsv.isIdentifier(member.name) || tsv.isStringLiteral(member.name) ? member.name.text : 'computed';
      const handler = `${ctx.file}#${className}.${methodName}`;
      for (const decorator of decoratorsOf(member, ctx)) {
        const http = decorator.module === COMMON ? HTTP_DECORATORS.get(decorator.name) : undefined;
        if (http) {
          const paths = pathArgs(ctx, decorator.call.arguments[0]).flatMap((path) => prefixes.map((prefix) => joinRoutePath(withLeadingSlash(prefix), path)));
          emitEndpoints(ctx, decorator.call, COMMON, [http], paths, [handler], undefined);
          continue;
        }
        const message = decorator.module === MICROSERVICES ? MESSAGE_DECORATORS.get(decorator.name) : undefined;
        const pattern = message ? patternOf(ctx, decorator.call.arguments[0]) : null;
        if (message && pattern) emitEndpoints(ctx, decorator.call, MICROSERVICES, [message], [pattern], [handler], undefined);
      }
    }
  },
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (!tsv.isPropertyAccessExpression(callee) || callee.name.text !== 'setGlobalPrefix') return;
    const root = moduleRoot(ctx.resolve(callee.expression));
    const names = root?.steps.map((s) => ('prop' in s ? s.prop : 'call' in s ? '()' : '#')).join(' ');
    const isApp = (root?.module === '@nestjs/core' && root.name === 'NestFactory' && /^create \(\)$/.test(names ?? '')) || (root?.module === COMMON && names === '#');
    const prefix = ctx.str(node.arguments[0]);
    if (!isApp || !prefix) return;
    ctx.emit({ kind: 'global-prefix', file: ctx.file, line: ctx.line(node), library: '@nestjs/core', prefix, exclude: excludesOf(ctx, node.arguments[1]) });
  },
};
