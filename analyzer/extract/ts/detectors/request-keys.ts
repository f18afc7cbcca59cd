import type { IdempotencyFact } from '../../../types/quality-facts.js';
import { ts } from '../parse-source.js';
import { unwrap } from '../references.js';

/** A client-supplied key read in a function: `req.get('Idempotency-Key')`, `req.headers['x-request-id']`, `req.body.idempotencyKey`. */
export interface KeyRead {
  line: number;
  key: string;
  role: IdempotencyFact['role'];
  source: IdempotencyFact['source'];
}

/** A function of the file with the key reads directly in its body (not in nested functions). */
export interface KeyFunction {
  node: ts.FunctionLikeDeclaration;
  line: number;
  column: number;
  /** Names the walker may give it: its own, the variable or property it is assigned to, `default`. */
  names: Set<string>;
  topLevel: boolean;
  reads: KeyRead[];
}

const IDEMPOTENCY_HEADER = /idempot|^(x-)?dedup(e|lication)?[-_]?(key|id)$/i;
const REQUEST_ID_HEADER = /^(x-)?(client-)?request[-_]?id$/i;
const IDEMPOTENCY_FIELD = /^idempotency[-_]?(key|token|id)$/i;
const HEADER_GETTERS = new Set(['get', 'header']);
/** Quick check on the file text before walking it. */
export const MAY_READ_KEYS = /idempot|dedup|request[-_]?id/i;

function headerRole(name: string): KeyRead['role'] | null {
  if (IDEMPOTENCY_HEADER.test(name)) return 'idempotency-key';
  if (REQUEST_ID_HEADER.test(name)) return 'request-id';
  return null;
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) || ts.isSetAccessorDeclaration(node);
}

function bindingNames(name: ts.BindingName, out: Set<string>): void {
  if (ts.isIdentifier(name)) out.add(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
}

/** Root identifier of a member chain (`req.headers.get` → `req`), through calls (`headers().get` → `headers`). */
function rootOf(expr: ts.Expression): ts.Identifier | null {
  let e = unwrap(expr);
  for (;;) {
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e) || ts.isCallExpression(e)) e = unwrap(e.expression);
    else return ts.isIdentifier(e) ? e : null;
  }
}

function literal(expr: ts.Expression | undefined, constants: Map<string, string>): string | null {
  if (!expr) return null;
  const e = unwrap(expr);
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isIdentifier(e)) return constants.get(e.text) ?? null;
  return null;
}

function isHeaders(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return (ts.isPropertyAccessExpression(e) && e.name.text === 'headers') || (ts.isIdentifier(e) && e.text === 'headers');
}

/** `body`/`query` when the expression is `<request>.body` or `<request>.query`. */
function payloadPart(expr: ts.Expression): 'body' | 'query' | null {
  const e = unwrap(expr);
  if (ts.isPropertyAccessExpression(e) && (e.name.text === 'body' || e.name.text === 'query')) return e.name.text;
  return null;
}

/**
 * Finds the functions of a file that read a client-supplied key from the request they are
 * given: the reading expression must start at a parameter of an enclosing function (or a
 * constant derived from one, or Next.js `headers()`), so outgoing headers, response headers
 * and object literals are never reads. Assignments to a header are writes, not reads.
 */
export function findKeyReads(sf: ts.SourceFile, isRequestFunction: (name: string) => boolean): KeyFunction[] {
  const out: KeyFunction[] = [];
  const constants = new Map<string, string>();
  for (const stmt of sf.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer && ts.isStringLiteralLike(unwrap(d.initializer))) constants.set(d.name.text, (unwrap(d.initializer) as ts.StringLiteral).text);
  }
  const pos = (node: ts.Node): { line: number; column: number } => {
    const p = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return { line: p.line + 1, column: p.character + 1 };
  };
  const walkFunction = (fn: ts.FunctionLikeDeclaration, names: Set<string>, outer: Set<string>, topLevel: boolean): void => {
    const derived = new Set(outer);
    for (const p of fn.parameters) bindingNames(p.name, derived);
    const reads: KeyRead[] = [];
    const fromRequest = (expr: ts.Expression): boolean => {
      const root = rootOf(expr);
      return !!root && (derived.has(root.text) || isRequestFunction(root.text));
    };
    const add = (node: ts.Node, key: string, source: KeyRead['source']): void => {
      const role = source === 'header' ? headerRole(key) : IDEMPOTENCY_FIELD.test(key) ? 'idempotency-key' : null;
      if (role) reads.push({ line: pos(node).line, key: source === 'header' ? key.toLowerCase() : key, role, source });
    };
    const visit = (node: ts.Node, objectName?: string): void => {
      if (isFunctionLike(node)) {
        walkFunction(node, new Set([...(objectName ? [objectName] : []), ...(node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) ? [node.name.text] : [])]), derived, false);
        return;
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        visit(node.right);
        return;
      }
      if (ts.isVariableDeclaration(node) && node.initializer) {
        const init = unwrap(node.initializer);
        if (ts.isObjectBindingPattern(node.name)) {
          const part = isHeaders(init) ? 'header' : payloadPart(init);
          if (part && fromRequest(init)) {
            for (const el of node.name.elements) {
              const key = el.propertyName ? literal(el.propertyName as ts.Expression, constants) ?? (ts.isIdentifier(el.propertyName) ? el.propertyName.text : null) : ts.isIdentifier(el.name) ? el.name.text : null;
              if (key) add(el, key, part);
            }
          }
        } else if (ts.isIdentifier(node.name) && !isFunctionLike(init) && fromRequest(init)) derived.add(node.name.text);
        if (isFunctionLike(init) && ts.isIdentifier(node.name)) {
          walkFunction(init, new Set([node.name.text]), derived, false);
          return;
        }
        visit(node.initializer);
        return;
      }
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(unwrap(node.expression))) {
        const callee = unwrap(node.expression) as ts.PropertyAccessExpression;
        // client.interceptors.request.use((config) => ...): an outgoing request's headers.
        if (callee.name.text === 'use' && /\binterceptors\.(request|response)$/.test(callee.expression.getText(sf))) return;
        const key = literal(node.arguments[0], constants);
        if (key && HEADER_GETTERS.has(callee.name.text) && fromRequest(callee.expression)) add(node, key, 'header');
      }
      if (ts.isElementAccessExpression(node) && fromRequest(node.expression)) {
        const key = literal(node.argumentExpression, constants);
        const part = isHeaders(node.expression) ? 'header' : payloadPart(node.expression);
        if (key && part) add(node, key, part);
      }
      if (ts.isPropertyAccessExpression(node) && payloadPart(node.expression) && fromRequest(node.expression)) add(node, node.name.text, payloadPart(node.expression)!);
      if (ts.isPropertyAssignment(node) && isFunctionLike(unwrap(node.initializer)) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
        const inner = unwrap(node.initializer) as ts.FunctionLikeDeclaration;
        walkFunction(inner, new Set([node.name.text]), derived, false);
        return;
      }
      ts.forEachChild(node, (child) => visit(child));
    };
    if (fn.body) visit(fn.body);
    if (reads.length) out.push({ node: fn, ...pos(fn), names, topLevel, reads });
  };
  const top = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node)) {
      walkFunction(node, new Set(node.name ? [node.name.text] : ['default']), new Set(), !!node.name);
      return;
    }
    if (ts.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) {
        const init = d.initializer ? unwrap(d.initializer) : undefined;
        if (init && isFunctionLike(init) && ts.isIdentifier(d.name)) walkFunction(init, new Set([d.name.text]), new Set(), true);
        else if (init) scanOther(init);
      }
      return;
    }
    if (ts.isExportAssignment(node) && isFunctionLike(unwrap(node.expression))) {
      walkFunction(unwrap(node.expression) as ts.FunctionLikeDeclaration, new Set(['default']), new Set(), false);
      return;
    }
    scanOther(node);
  };
  // Functions anywhere else (class methods, callbacks at the top level): named by their method or property.
  const scanOther = (node: ts.Node): void => {
    if (isFunctionLike(node)) {
      const name = node.name && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) ? node.name.text : undefined;
      walkFunction(node, new Set(name ? [name] : []), new Set(), false);
      return;
    }
    if (ts.isPropertyAssignment(node) && isFunctionLike(unwrap(node.initializer)) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
      walkFunction(unwrap(node.initializer) as ts.FunctionLikeDeclaration, new Set([node.name.text]), new Set(), false);
      return;
    }
    ts.forEachChild(node, scanOther);
  };
  for (const stmt of sf.statements) top(stmt);
  return out;
}
