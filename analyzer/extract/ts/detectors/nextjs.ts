import type { CallTarget } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';
import { emitEndpoints, isFunctionNode } from './routes-shared.js';

const LIBRARY = 'next';
const APP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);
const PAGES_API = /(?:^|\/)(?:src\/)?pages\/api\/(.+)\.(?:[cm]?[jt]sx?)$/;
const APP_ROUTE = /(?:^|\/)(?:src\/)?app\/((?:.+\/)?)route\.(?:[cm]?[jt]sx?)$/;

/** `[id]` → `:id`, `[...slug]` and `[[...slug]]` → `:slug*`. */
function segment(name: string): string {
  const catchAll = /^\[\[?\.\.\.(.+?)\]\]?$/.exec(name);
  if (catchAll) return `:${catchAll[1]}*`;
  const dynamic = /^\[(.+)\]$/.exec(name);
  return dynamic ? `:${dynamic[1]}` : name;
}

/** The route path a file-system route stands for; null for folders Next.js does not route (`_private`). */
function routePath(file: string): { kind: 'pages' | 'app'; path: string } | null {
  const pick = (pattern: RegExp, preferred: string): RegExpExecArray | null => {
    // Prefer the `src/` convention when a path holds the folder name twice.
    const at = file.indexOf(preferred);
    return pattern.exec(at > 0 ? file.slice(at) : file);
  };
  const pages = pick(PAGES_API, 'src/pages/api/');
  if (pages) {
    const parts = pages[1]!.split('/');
    if (parts[parts.length - 1] === 'index') parts.pop();
    return { kind: 'pages', path: ['/api', ...parts.map(segment)].join('/') };
  }
  const app = pick(APP_ROUTE, 'src/app/');
  if (!app) return null;
  const folders = app[1]!.split('/').filter(Boolean);
  if (folders.some((f) => f.startsWith('_') || /^\(\.+\)/.test(f))) return null;
  const routed = folders.filter((f) => !/^\(.*\)$/.test(f) && !f.startsWith('@')).map(segment);
  return { kind: 'app', path: `/${routed.join('/')}` };
}

/** Literal methods a pages handler compares `req.method` with: `===`, `switch`, `['GET', 'POST'].includes(req.method)`. */
function branchedMethods(fn: ts.FunctionLikeDeclaration): string[] {
  const req = fn.parameters[0];
  if (!req || !tsv.isIdentifier(req.name) || !fn.body) return [];
  const name = req.name.text;
  const isMethod = (e: ts.Node): boolean => {
    const u = tsv.isExpression(e) ? unwrap(e) : e;
    return tsv.isPropertyAccessExpression(u) && u.name.text === 'method' && tsv.isIdentifier(u.expression) && u.expression.text === name;
  };
  const literal = (e: ts.Node): string | null => (tsv.isStringLiteralLike(e) && /^[a-z]+$/i.test(e.text) ? e.text.toUpperCase() : null);
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (tsv.isBinaryExpression(node) && [tsv.SyntaxKind.EqualsEqualsEqualsToken, tsv.SyntaxKind.EqualsEqualsToken, tsv.SyntaxKind.ExclamationEqualsEqualsToken, tsv.SyntaxKind.ExclamationEqualsToken].includes(node.operatorToken.kind)) {
      const value = isMethod(node.left) ? literal(node.right) : isMethod(node.right) ? literal(node.left) : null;
      if (value) out.add(value);
    } else if (tsv.isSwitchStatement(node) && isMethod(node.expression)) {
      for (const clause of node.caseBlock.clauses) if (tsv.isCaseClause(clause) && literal(clause.expression)) out.add(literal(clause.expression)!);
    } else if (tsv.isCallExpression(node) && tsv.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'includes' && node.arguments[0] && isMethod(node.arguments[0])) {
      const list = unwrap(node.expression.expression);
      if (tsv.isArrayLiteralExpression(list)) for (const el of list.elements) if (literal(el)) out.add(literal(el)!);
    }
    tsv.forEachChild(node, visit);
  };
  visit(fn.body);
  return [...out].sort();
}

/** The function an exported value runs: a function, a local or imported function's name, or the function a wrapper (`withAuth(handler)`) is given. */
function handlerOf(ctx: VisitContext, expr: ts.Expression, depth = 0): { target: string | CallTarget; node: ts.FunctionLikeDeclaration | null } | null {
  const e = unwrap(expr);
  if (isFunctionNode(e)) return { target: ctx.scopeIdOf(e), node: e };
  if (tsv.isIdentifier(e)) {
    const target = ctx.targetOf(e);
    const binding = ctx.refs.env.lookup(e.text);
    return target ? { target, node: binding?.kind === 'function' ? (binding.node ?? null) : null } : null;
  }
  if (tsv.isCallExpression(e) && depth < 3) {
    for (const arg of e.arguments) {
      const inner = handlerOf(ctx, arg, depth + 1);
      if (inner) return inner;
    }
  }
  return null;
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return !!(tsv.canHaveModifiers(node) && tsv.getModifiers(node)?.some((m) => m.kind === kind));
}

function pagesRoute(ctx: VisitContext, path: string): void {
  for (const stmt of ctx.sf.statements) {
    let handler: ReturnType<typeof handlerOf> = null;
    if (tsv.isFunctionDeclaration(stmt) && hasModifier(stmt, tsv.SyntaxKind.DefaultKeyword)) handler = { target: ctx.scopeIdOf(stmt), node: stmt };
    else if (tsv.isExportAssignment(stmt) && !stmt.isExportEquals) handler = handlerOf(ctx, stmt.expression);
    else continue;
    if (!handler) return;
    const methods = handler.node ? branchedMethods(handler.node) : [];
    emitEndpoints(ctx, stmt, LIBRARY, methods.length ? methods : ['ALL'], [[{ lit: path }]], [handler.target], undefined);
    return;
  }
}

function appRoute(ctx: VisitContext, path: string): void {
  const emit = (at: ts.Node, method: string, handler: string | CallTarget | null): void => emitEndpoints(ctx, at, LIBRARY, [method], [[{ lit: path }]], handler ? [handler] : [], undefined);
  for (const stmt of ctx.sf.statements) {
    if (tsv.isFunctionDeclaration(stmt) && stmt.name && APP_METHODS.has(stmt.name.text) && hasModifier(stmt, tsv.SyntaxKind.ExportKeyword)) {
      emit(stmt, stmt.name.text, ctx.scopeIdOf(stmt));
    } else if (tsv.isVariableStatement(stmt) && hasModifier(stmt, tsv.SyntaxKind.ExportKeyword)) {
      for (const decl of stmt.declarationList.declarations) {
        if (tsv.isIdentifier(decl.name) && APP_METHODS.has(decl.name.text) && decl.initializer) {
          const init = unwrap(decl.initializer);
          // `export const GET = async () => ...` is the scope `file#GET`; wrappers and names lead to the function they run.
          emit(stmt, decl.name.text, isFunctionNode(init) ? `${ctx.file}#${decl.name.text}` : (handlerOf(ctx, init)?.target ?? null));
        } else if (tsv.isObjectBindingPattern(decl.name)) {
          // export const { GET, POST } = handlers (an auth library's route handlers)
          for (const el of decl.name.elements) if (tsv.isIdentifier(el.name) && APP_METHODS.has(el.name.text)) emit(stmt, el.name.text, null);
        }
      }
    } else if (tsv.isExportDeclaration(stmt) && stmt.exportClause && tsv.isNamedExports(stmt.exportClause) && !stmt.isTypeOnly) {
      const from = stmt.moduleSpecifier && tsv.isStringLiteral(stmt.moduleSpecifier) ? stmt.moduleSpecifier.text : null;
      for (const el of stmt.exportClause.elements) {
        if (!APP_METHODS.has(el.name.text)) continue;
        const local = el.propertyName ?? el.name;
        const target = from ? (ctx.isLocalModule(from) ? { module: from, name: local.text } : null) : tsv.isIdentifier(local) ? ctx.targetOf(local) : null;
        emit(stmt, el.name.text, target);
      }
    }
  }
}

/**
 * Next.js file-system routes: API routes (`pages/api/**`: the default export, method ALL unless
 * it branches on `req.method` literals) and App Router route handlers (`app/**\/route.ts`: one
 * endpoint per exported method; `[id]` → `:id`, route groups and parallel-route slots dropped).
 */
export const nextjsDetector: Detector = {
  id: 'nextjs',
  modules: ['next'],
  always: true,
  visitFile(ctx) {
    const route = routePath(ctx.file);
    if (route?.kind === 'pages') pagesRoute(ctx, route.path);
    else if (route?.kind === 'app') appRoute(ctx, route.path);
  },
  visitCall() {},
};
