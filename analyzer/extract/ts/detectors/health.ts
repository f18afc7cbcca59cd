import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { callPath, literalText, packagePath } from './package-refs.js';

const TERMINUS_OPTIONS = new Set(['verbatim', '__unsafeExposeStackTraces']);

function emit(ctx: VisitContext, node: ts.Node, library: string, paths: string[], scope = ctx.scope.id): void {
  if (paths.length) ctx.emit({ kind: 'health-check', file: ctx.file, line: ctx.line(node), library, scope, paths: [...new Set(paths)].sort() });
}

function joinPath(...parts: (string | null | undefined)[]): string {
  const joined = parts.filter((p): p is string => !!p).map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/');
  return `/${joined}`;
}

/** The argument that is a call to `module` (or a constant holding one). */
function usesPackage(ctx: VisitContext, args: readonly ts.Expression[], module: string): ts.Expression | undefined {
  return args.find((a) => packagePath(ctx.resolve(unwrap(a)))?.module === module);
}

/** Decorator `@Name(arg)` from a package on a node: its first argument's text ('' when absent), or null. */
function decoratorArg(ctx: VisitContext, node: ts.HasDecorators, module: string, names: ReadonlySet<string>): string | null {
  for (const decorator of tsv.getDecorators(node) ?? []) {
    const call = decorator.expression;
    const ref = ctx.resolve(tsv.isCallExpression(call) ? call.expression : call);
    if (ref?.root.kind !== 'module' || ref.root.module !== module || !names.has(ref.root.name)) continue;
    return tsv.isCallExpression(call) ? (literalText(ctx, call.arguments[0]) ?? '') : '';
  }
  return null;
}

const HTTP_DECORATORS = new Set(['Get', 'Head', 'All']);

/**
 * Health endpoints served by libraries; plain routes such as `router.get('/health')` are
 * endpoints already and are judged by their path in the link stage. @godaddy/terminus
 * (`healthChecks` keys), lightship (its /health, /live and /ready), express-healthcheck and
 * express-actuator (mounted path), NestJS terminus (`@HealthCheck()` methods), and
 * @fastify/under-pressure's status route.
 */
export const healthDetector: Detector = {
  id: 'health',
  modules: ['@godaddy/terminus', 'lightship', 'express-healthcheck', 'express-actuator', '@nestjs/terminus', '@fastify/under-pressure'],
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (tsv.isPropertyAccessExpression(callee) && (callee.name.text === 'use' || callee.name.text === 'register')) {
      const args = node.arguments;
      const prefix = literalText(ctx, args[0]);
      if (usesPackage(ctx, args, 'express-healthcheck')) emit(ctx, node, 'express-healthcheck', [joinPath(prefix)]);
      const actuator = usesPackage(ctx, args, 'express-actuator');
      if (actuator) {
        const options = tsv.isCallExpression(unwrap(actuator)) ? ctx.props((unwrap(actuator) as ts.CallExpression).arguments[0]) : new Map();
        emit(ctx, node, 'express-actuator', [joinPath(prefix, literalText(ctx, options.get('basePath')), 'health')]);
      }
      if (callee.name.text === 'register' && usesPackage(ctx, args, '@fastify/under-pressure')) {
        const expose = ctx.props(args[1]).get('exposeStatusRoute');
        const value = expose ? unwrap(expose) : undefined;
        if (value && value.kind !== tsv.SyntaxKind.FalseKeyword) {
          const url = tsv.isObjectLiteralExpression(value) ? literalText(ctx, ctx.props(value).get('url')) : literalText(ctx, value);
          emit(ctx, node, '@fastify/under-pressure', [url ?? '/status']);
        }
      }
      return;
    }
    const p = callPath(node, ctx);
    if (!p) return;
    if (p.module === '@godaddy/terminus' && p.path.join('.') === 'createTerminus.()') {
      const checks = ctx.props(ctx.props(node.arguments[1]).get('healthChecks'));
      emit(ctx, node, p.module, [...checks.keys()].filter((k) => !TERMINUS_OPTIONS.has(k)));
    } else if (p.module === 'lightship' && p.path.join('.') === 'createLightship.()') {
      emit(ctx, node, p.module, ['/health', '/live', '/ready']);
    }
  },
  visitClass(node, ctx) {
    const controller = decoratorArg(ctx, node, '@nestjs/common', new Set(['Controller']));
    if (controller === null) return;
    const className = node.name?.text ?? `Class${ctx.line(node)}`;
    for (const member of node.members) {
      if (!tsv.isMethodDeclaration(member) || !(tsv.isIdentifier(member.name) || tsv.isStringLiteral(member.name))) continue;
      if (decoratorArg(ctx, member, '@nestjs/terminus', new Set(['HealthCheck'])) === null) continue;
      const route = decoratorArg(ctx, member, '@nestjs/common', HTTP_DECORATORS);
      emit(ctx, member, '@nestjs/terminus', [joinPath(controller, route)], `${ctx.file}#${className}.${member.name.text}`);
    }
  },
};
