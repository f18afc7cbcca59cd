import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { callPath, literalText, packagePath, type PackagePath } from './package-refs.js';

export const RATE_LIMIT_PACKAGES = [
  'express-rate-limit',
  'express-slow-down',
  'rate-limiter-flexible',
  '@fastify/rate-limit',
  'fastify-rate-limit',
  '@nestjs/throttler',
  'koa-ratelimit',
  'hono-rate-limiter',
  '@upstash/ratelimit',
  'express-brute',
] as const;
const PACKAGES = new Set<string>(RATE_LIMIT_PACKAGES);
const APPLYING = new Set(['use', 'register', 'get', 'post', 'put', 'patch', 'delete', 'all']);

/** Limiters handed to `use`/`register` in this file, so their own creation is not counted twice. */
const applied = new WeakSet<ts.Node>();

/** A limiter being made: `rateLimit({...})`, `new RateLimiterRedis({...})`, `ThrottlerModule.forRoot(...)`, `new Ratelimit(...)`. */
function isCreation(p: PackagePath, node: ts.CallExpression | ts.NewExpression): boolean {
  if (!PACKAGES.has(p.module)) return false;
  const [first] = p.path;
  if (p.module === '@nestjs/throttler') return first === 'ThrottlerModule' && (p.path[1] === 'forRoot' || p.path[1] === 'forRootAsync');
  if (p.module === 'rate-limiter-flexible') return tsv.isNewExpression(node) && /^RateLimiter/.test(first ?? '');
  if (p.module === '@upstash/ratelimit') return tsv.isNewExpression(node) && first === 'Ratelimit';
  return p.path.length <= 2 && p.path[p.path.length - 1] === '()';
}

function emit(ctx: VisitContext, node: ts.Node, library: string, appliedHere: boolean, path?: string): void {
  ctx.emit({ kind: 'rate-limit', file: ctx.file, line: ctx.line(node), library, scope: ctx.scope.id, applied: appliedHere, ...(path ? { path } : {}) });
}

/**
 * Rate limiting in code: express-rate-limit, express-slow-down, rate-limiter-flexible,
 * @fastify/rate-limit, NestJS throttler (module and guards), koa-ratelimit,
 * hono-rate-limiter, @upstash/ratelimit. A limiter is recorded where it is made and again
 * where an app or router applies it (`app.use('/api', limiter)`, with the path).
 */
export const rateLimitDetector: Detector = {
  id: 'rate-limit',
  modules: RATE_LIMIT_PACKAGES,
  visitCall(node, ctx) {
    const callee = unwrap(node.expression);
    if (tsv.isCallExpression(node) && tsv.isPropertyAccessExpression(callee) && APPLYING.has(callee.name.text)) {
      const path = literalText(ctx, node.arguments[0]);
      for (const arg of node.arguments) {
        const a = unwrap(arg);
        const p = packagePath(ctx.resolve(a));
        if (!p || !PACKAGES.has(p.module)) continue;
        emit(ctx, node, p.module, true, path?.startsWith('/') ? path : undefined);
        applied.add(a);
        return;
      }
    }
    if (applied.has(node)) return;
    const p = callPath(node, ctx);
    if (p && isCreation(p, node)) emit(ctx, node, p.module, false);
  },
  visitClass(node, ctx) {
    // @UseGuards(ThrottlerGuard), @Throttle(...), @Module({ providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }] })
    const decorators = [...(tsv.getDecorators(node) ?? []), ...node.members.flatMap((m) => (tsv.canHaveDecorators(m) ? [...(tsv.getDecorators(m) ?? [])] : []))];
    for (const decorator of decorators) {
      let found: ts.Node | null = null;
      const look = (n: ts.Node): void => {
        if (found) return;
        if (tsv.isIdentifier(n)) {
          const binding = ctx.refs.env.lookup(n.text);
          if (binding?.kind === 'import' && binding.module === '@nestjs/throttler' && /^(ThrottlerGuard|Throttle)$/.test(binding.name)) found = n;
        }
        tsv.forEachChild(n, look);
      };
      look(decorator.expression);
      if (found) {
        emit(ctx, decorator, '@nestjs/throttler', true);
        return;
      }
    }
  },
};
