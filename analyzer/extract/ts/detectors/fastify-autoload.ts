import path from 'node:path';
import type { RouteAutoloadFact } from '../../../types/server-facts.js';
import type { VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { moduleRoot, textOf } from './routes-shared.js';

const AUTOLOAD_MODULES = new Set(['@fastify/autoload', 'fastify-autoload']);

function calleeName(call: ts.CallExpression): string {
  const e = unwrap(call.expression);
  return tsv.isIdentifier(e) ? e.text : tsv.isPropertyAccessExpression(e) ? e.name.text : '';
}

function isImportMetaUrl(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return tsv.isPropertyAccessExpression(e) && e.name.text === 'url' && tsv.isMetaProperty(e.expression);
}

/** This module's folder: `__dirname`, `import.meta.dirname`, `dirname(fileURLToPath(import.meta.url))` (also through a constant). */
function isHere(ctx: VisitContext, expr: ts.Expression, depth = 0): boolean {
  const e = unwrap(expr);
  if (depth > 3) return false;
  if (tsv.isIdentifier(e)) {
    const binding = ctx.refs.env.lookup(e.text);
    if (!binding) return e.text === '__dirname';
    return binding.kind === 'value' && isHere(ctx, binding.init, depth + 1);
  }
  if (tsv.isPropertyAccessExpression(e)) return e.name.text === 'dirname' && tsv.isMetaProperty(e.expression);
  if (tsv.isCallExpression(e) && calleeName(e) === 'dirname' && e.arguments[0]) {
    const inner = unwrap(e.arguments[0]);
    return tsv.isCallExpression(inner) && calleeName(inner) === 'fileURLToPath' && !!inner.arguments[0] && isImportMetaUrl(inner.arguments[0]);
  }
  return false;
}

/** The folder an autoload `dir` names, relative to the analyzed root: `join(__dirname, 'routes')`, `fileURLToPath(new URL('./routes', import.meta.url))`. */
function folderOf(ctx: VisitContext, expr: ts.Expression | undefined): string | null {
  if (!expr) return null;
  const e = unwrap(expr);
  const here = path.posix.dirname(ctx.file);
  if (tsv.isCallExpression(e) && (calleeName(e) === 'join' || calleeName(e) === 'resolve') && e.arguments[0] && isHere(ctx, e.arguments[0])) {
    const parts = e.arguments.slice(1).map((a) => textOf(ctx.str(a)));
    return parts.every((p): p is string => p !== null) ? path.posix.join(here, ...parts) : null;
  }
  if (tsv.isCallExpression(e) && calleeName(e) === 'fileURLToPath' && e.arguments[0]) {
    const url = unwrap(e.arguments[0]);
    if (tsv.isNewExpression(url) && url.arguments?.[0] && url.arguments[1] && isImportMetaUrl(url.arguments[1])) {
      const relative = textOf(ctx.str(url.arguments[0]));
      return relative === null ? null : path.posix.join(here, relative);
    }
  }
  return null;
}

/** `app.register(AutoLoad, { dir, options: { prefix }, dirNameRoutePrefix })`: the folder of plugins it loads, or null when the call is something else. */
export function autoloadOf(ctx: VisitContext, args: readonly ts.Expression[], parent: string, line: number): RouteAutoloadFact | null {
  const root = args[0] ? moduleRoot(ctx.resolve(args[0])) : null;
  if (!root || !AUTOLOAD_MODULES.has(root.module) || root.steps.length) return null;
  const options = ctx.props(args[1]);
  const dir = folderOf(ctx, options.get('dir'));
  if (dir === null || dir.startsWith('..')) return null;
  const prefix = ctx.props(options.get('options')).get('prefix');
  const folderPrefix = options.get('dirNameRoutePrefix');
  return {
    kind: 'route-autoload',
    file: ctx.file,
    line,
    library: 'fastify',
    parent,
    dir: dir === '.' ? '' : dir,
    prefix: prefix ? (ctx.str(prefix) ?? []) : [],
    folderPrefix: !folderPrefix || unwrap(folderPrefix).kind !== tsv.SyntaxKind.FalseKeyword,
  };
}
