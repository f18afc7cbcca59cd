import type { IdempotencyFact } from '../../../types/quality-facts.js';
import { ts, tsv } from '../parse-source.js';
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
  return tsv.isFunctionDeclaration(node) || tsv.isFunctionExpression(node) || tsv.isArrowFunction(node) || tsv.isMethodDeclaration(node) || tsv.isConstructorDeclaration(node) || tsv.isGetAccessorDeclaration(node) || tsv.isSetAccessorDeclaration(node);
}

function bindingNames(name: ts.BindingName, out: Set<string>): void {
  if (tsv.isIdentifier(name)) out.add(name.text);
  else for (const el of name.elements) if (!tsv.isOmittedExpression(el)) bindingNames(el.name, out);
}

/** Root identifier of a member chain (`req.headers.get` → `req`), through calls (`headers().get` → `headers`). */
function rootOf(expr: ts.Expression): ts.Identifier | null {
  let e = unwrap(expr);
  for (;;) {
    if (tsv.isPropertyAccessExpression(e) || tsv.isElementAccessExpression(e) || tsv.isCallExpression(e)) e = unwrap(e.expression);
    else return tsv.isIdentifier(e) ? e : null;
  }
}

function literal(expr: ts.Expression | undefined, constants: Map<string, string>): string | null {
  if (!expr) return null;
  const e = unwrap(expr);
  if (tsv.isStringLiteralLike(e)) return e.text;
  if (tsv.isIdentifier(e)) return constants.get(e.text) ?? null;
  return null;
}

function isHeaders(expr: ts.Expression): boolean {
  const e = unwrap(expr);
  return (tsv.isPropertyAccessExpression(e) && e.name.text === 'headers') || (tsv.isIdentifier(e) && e.text === 'headers');
}

/** `body`/`query` when the expression is `<request>.body` or `<request>.query`. */
function payloadPart(expr: ts.Expression): 'body' | 'query' | null {
  const e = unwrap(expr);
  if (tsv.isPropertyAccessExpression(e) && (e.name.text === 'body' || e.name.text === 'query')) return e.name.text;
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
    if (!tsv.isVariableStatement(stmt)) continue;
    for (const d of stmt.declarationList.declarations) if (tsv.isIdentifier(d.name) && d.initializer && tsv.isStringLiteralLike(unwrap(d.initializer))) constants.set(d.name.text, (unwrap(d.initializer) as ts.StringLiteral).text);
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
        walkFunction(node, new Set([...(objectName ? [objectName] : []), ...(node.name && (tsv.isIdentifier(node.name) || tsv.isStringLiteral(node.name)) ? [node.name.text] : [])]), derived, false);
        return;
      }
      if (tsv.isBinaryExpression(node) && node.operatorToken.kind === tsv.SyntaxKind.EqualsToken) {
        visit(node.right);
        return;
      }
      if (tsv.isVariableDeclaration(node) && node.initializer) {
        const init = unwrap(node.initializer);
        if (tsv.isObjectBindingPattern(node.name)) {
          const part = isHeaders(init) ? 'header' : payloadPart(init);
          if (part && fromRequest(init)) {
            for (const el of node.name.elements) {
              const key = el.propertyName ? literal(el.propertyName as ts.Expression, constants) ?? (tsv.isIdentifier(el.propertyName) ? el.propertyName.text : null) : tsv.isIdentifier(el.name) ? el.name.text : null;
              if (key) add(el, key, part);
            }
          }
        } else if (tsv.isIdentifier(node.name) && !isFunctionLike(init) && fromRequest(init)) derived.add(node.name.text);
        if (isFunctionLike(init) && tsv.isIdentifier(node.name)) {
          walkFunction(init, new Set([node.name.text]), derived, false);
          return;
        }
        visit(node.initializer);
        return;
      }
      if (tsv.isCallExpression(node) && tsv.isPropertyAccessExpression(unwrap(node.expression))) {
        const callee = unwrap(node.expression) as ts.PropertyAccessExpression;
        // client.interceptors.request.use((config) => ...): an outgoing request's headers.
        if (callee.name.text === 'use' && /\binterceptors\.(request|response)$/.test(callee.expression.getText(sf))) return;
        const key = literal(node.arguments[0], constants);
        if (key && HEADER_GETTERS.has(callee.name.text) && fromRequest(callee.expression)) add(node, key, 'header');
      }
      if (tsv.isElementAccessExpression(node) && fromRequest(node.expression)) {
        const key = literal(node.argumentExpression, constants);
        const part = isHeaders(node.expression) ? 'header' : payloadPart(node.expression);
        if (key && part) add(node, key, part);
      }
      if (tsv.isPropertyAccessExpression(node) && payloadPart(node.expression) && fromRequest(node.expression)) add(node, node.name.text, payloadPart(node.expression)!);
      if (tsv.isPropertyAssignment(node) && isFunctionLike(unwrap(node.initializer)) && (tsv.isIdentifier(node.name) || tsv.isStringLiteral(node.name))) {
        const inner = unwrap(node.initializer) as ts.FunctionLikeDeclaration;
        walkFunction(inner, new Set([node.name.text]), derived, false);
        return;
      }
      tsv.forEachChild(node, (child) => visit(child));
    };
    if (fn.body) visit(fn.body);
    if (reads.length) out.push({ node: fn, ...pos(fn), names, topLevel, reads });
  };
  const top = (node: ts.Node): void => {
    if (tsv.isFunctionDeclaration(node)) {
      walkFunction(node, new Set(node.name ? [node.name.text] : ['default']), new Set(), !!node.name);
      return;
    }
    if (tsv.isVariableStatement(node)) {
      for (const d of node.declarationList.declarations) {
        const init = d.initializer ? unwrap(d.initializer) : undefined;
        if (init && isFunctionLike(init) && tsv.isIdentifier(d.name)) walkFunction(init, new Set([d.name.text]), new Set(), true);
        else if (init) scanOther(init);
      }
      return;
    }
    if (tsv.isExportAssignment(node) && isFunctionLike(unwrap(node.expression))) {
      walkFunction(unwrap(node.expression) as ts.FunctionLikeDeclaration, new Set(['default']), new Set(), false);
      return;
    }
    scanOther(node);
  };
  // Functions anywhere else (class methods, callbacks at the top level): named by their method or property.
  const scanOther = (node: ts.Node): void => {
    if (isFunctionLike(node)) {
      const name = node.name && (tsv.isIdentifier(node.name) || tsv.isStringLiteral(node.name)) ? node.name.text : undefined;
      walkFunction(node, new Set(name ? [name] : []), new Set(), false);
      return;
    }
    if (tsv.isPropertyAssignment(node) && isFunctionLike(unwrap(node.initializer)) && (tsv.isIdentifier(node.name) || tsv.isStringLiteral(node.name))) {
      walkFunction(unwrap(node.initializer) as ts.FunctionLikeDeclaration, new Set([node.name.text]), new Set(), false);
      return;
    }
    tsv.forEachChild(node, scanOther);
  };
  for (const stmt of sf.statements) top(stmt);
  return out;
}
