import type { LoggingFact } from '../../../types/quality-facts.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { callPath, endsWith } from './package-refs.js';

const CONSOLE_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace']);
const HTTP_LOGGERS = new Set(['pino-http', 'express-pino-logger', 'koa-pino-logger', 'express-winston', 'morgan']);
const FACTORY_NAMES = new Set(['createLogger', 'getLogger', 'forRoot', 'forRootAsync', 'logger', 'default', 'pino', 'pinoHttp', 'Logger', 'ConsoleLogger']);

interface Creation {
  what: LoggingFact['what'];
  structured: boolean | null;
}

/** Text of an options object (formats and transports are decided by what they name). */
function optionsText(ctx: VisitContext, expr: ts.Expression | undefined): string {
  if (!expr) return '';
  const e = unwrap(expr);
  if (tsv.isIdentifier(e)) {
    const binding = ctx.refs.env.lookup(e.text);
    if (binding?.kind === 'value') return ctx.text(binding.init);
  }
  return ctx.text(e);
}

/** winston logs JSON unless its format is only text (`simple`, `printf`, `cli`). */
function winstonStructured(text: string): boolean {
  if (/\bjson\s*\(|\blogstash\s*\(/.test(text)) return true;
  return !/\b(simple|printf|cli|prettyPrint)\s*\(/.test(text);
}

/** A logger made by a call: pino, winston, bunyan, log4js, NestJS, HTTP request loggers. */
function creation(module: string, path: string[], node: ts.CallExpression | ts.NewExpression, ctx: VisitContext): Creation | null {
  const first = node.arguments?.[0];
  if (HTTP_LOGGERS.has(module)) {
    if (module === 'express-winston' && !endsWith(path, 'logger', '()')) return null;
    if (module === 'morgan') {
      if (path.length !== 1) return null;
      // morgan('combined') writes text lines; a format function may write anything.
      const format = first ? unwrap(first) : undefined;
      return { what: 'http-logger', structured: format && (tsv.isArrowFunction(format) || tsv.isFunctionExpression(format)) ? null : false };
    }
    return path.length === 1 || (path.length === 2 && path[0] === 'pinoHttp') ? { what: 'http-logger', structured: true } : null;
  }
  switch (module) {
    case 'pino': {
      const made = (path.length === 1 && path[0] === '()') || (path.length === 2 && (path[0] === 'pino' || path[0] === 'default') && path[1] === '()');
      // pino-pretty in production prints text for people, not JSON.
      return made ? { what: 'logger', structured: !/pino-pretty|prettyPrint/.test(optionsText(ctx, first)) } : null;
    }
    case 'winston':
      return endsWith(path, 'createLogger', '()') && path.length <= 2 ? { what: 'logger', structured: winstonStructured(optionsText(ctx, first)) } : null;
    case 'bunyan':
      return endsWith(path, 'createLogger', '()') && path.length <= 2 ? { what: 'logger', structured: true } : null;
    case 'log4js':
      return endsWith(path, 'getLogger', '()') && path.length <= 2 ? { what: 'logger', structured: /"?type"?\s*:\s*['"]json/.test(ctx.sf.text) } : null;
    case 'nestjs-pino':
      return path[0] === 'LoggerModule' && (endsWith(path, 'forRoot', '()') || endsWith(path, 'forRootAsync', '()')) ? { what: 'logger', structured: true } : null;
    case '@nestjs/common':
      // The NestJS Logger prints text unless the application replaces it (nestjs-pino) or asks for JSON.
      return tsv.isNewExpression(node) && path.length === 2 && (path[0] === 'Logger' || path[0] === 'ConsoleLogger') ? { what: 'logger', structured: /\bjson\s*:\s*true/.test(optionsText(ctx, node.arguments?.[1] ?? first)) ? true : null } : null;
    default:
      return null;
  }
}

/**
 * Loggers created in code and `console.*` calls. pino, bunyan and winston (JSON by default)
 * are structured; `console`, morgan's text formats, log4js' default layout and pino-pretty are
 * not. A logger is recorded where it is made; other modules import it, so the link stage
 * judges a service by the files that run in it.
 */
export const loggingDetector: Detector = {
  id: 'logging',
  modules: [],
  always: true,
  visitCall(node, ctx) {
    const callee = unwrap(node.expression);
    // This runs on every call: look further only at console methods, logger factories and imported functions.
    if (tsv.isPropertyAccessExpression(callee)) {
      const name = callee.name.text;
      const owner = unwrap(callee.expression);
      if (CONSOLE_METHODS.has(name) && tsv.isIdentifier(owner) && owner.text === 'console' && !ctx.refs.env.lookup('console')) {
        ctx.emit({ kind: 'logging', file: ctx.file, line: ctx.line(node), library: 'console', scope: ctx.scope.id, what: 'console', structured: false, name });
        return;
      }
      if (!FACTORY_NAMES.has(name)) return;
    } else if (tsv.isIdentifier(callee)) {
      if (ctx.refs.env.lookup(callee.text)?.kind !== 'import') return;
    } else if (!tsv.isCallExpression(callee)) return;
    const p = callPath(node, ctx);
    if (!p) return;
    const made = creation(p.module, p.path, node, ctx);
    if (!made) return;
    const assigned = ctx.declaration?.name;
    ctx.emit({ kind: 'logging', file: ctx.file, line: ctx.line(node), library: p.module, scope: ctx.scope.id, what: made.what, structured: made.structured, ...(assigned ? { name: assigned } : {}) });
  },
  visitClass(node, ctx) {
    // @Module({ imports: [LoggerModule.forRoot()] }): decorators are not walked as calls.
    for (const decorator of tsv.getDecorators(node) ?? []) {
      const look = (n: ts.Node): void => {
        if (tsv.isCallExpression(n)) {
          const p = callPath(n, ctx);
          const made = p?.module === 'nestjs-pino' ? creation(p.module, p.path, n, ctx) : null;
          if (made) ctx.emit({ kind: 'logging', file: ctx.file, line: ctx.line(n), library: 'nestjs-pino', scope: ctx.scope.id, what: made.what, structured: made.structured });
        }
        tsv.forEachChild(n, look);
      };
      look(decorator.expression);
    }
  },
};
