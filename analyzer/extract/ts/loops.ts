import type { LoopInfo } from './detector.js';
import { evalNumber } from './evaluate.js';
import { ts } from './parse-source.js';
import { unwrap, type RefContext } from './references.js';

const ATTEMPT_NAME = /attempt|retr|tries|tryCount|^try$|^n$/i;
const SLEEP_NAME = /^(setTimeout|sleep|delay|wait|pause|backoff|setTimeoutPromise|timeout)$/i;

/** Walks a loop body without entering nested functions. */
function forEachInBody(node: ts.Node, visit: (node: ts.Node) => void): void {
  const walk = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) && n !== node) {
      // Callbacks passed to sleep helpers (new Promise(r => setTimeout(r, d))) still count.
      if (!ts.isArrowFunction(n) && !ts.isFunctionExpression(n)) return;
    }
    visit(n);
    ts.forEachChild(n, walk);
  };
  ts.forEachChild(node, walk);
}

function calleeName(call: ts.CallExpression): string {
  const e = unwrap(call.expression);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return '';
}

/**
 * Tells an iteration loop (over items: for-of, for-in, index loops over `.length`) from a
 * retry loop (a counter named like attempts around a try/catch, or any while-loop with a
 * try/catch) and says whether a retry loop waits longer after each failure.
 */
export function classifyLoop(loop: ts.IterationStatement, ctx: RefContext): LoopInfo {
  let counter: string | undefined;
  let limit: ts.Expression | undefined;
  if (ts.isForStatement(loop) && loop.initializer && ts.isVariableDeclarationList(loop.initializer)) {
    const decl = loop.initializer.declarations[0];
    if (decl && ts.isIdentifier(decl.name)) counter = decl.name.text;
    if (loop.condition && ts.isBinaryExpression(loop.condition)) limit = loop.condition.right;
  }
  if ((ts.isWhileStatement(loop) || ts.isDoStatement(loop)) && ts.isBinaryExpression(loop.expression)) {
    const left = unwrap(loop.expression.left);
    if (ts.isIdentifier(left)) counter = left.text;
    limit = loop.expression.right;
  }
  let hasTry = false;
  let backoff = false;
  let sleeps = false;
  forEachInBody(loop.statement, (n) => {
    if (ts.isTryStatement(n)) hasTry = true;
    if (ts.isCallExpression(n) && SLEEP_NAME.test(calleeName(n))) {
      sleeps = true;
      const delay = n.arguments[n.arguments.length > 1 ? 1 : 0];
      if (delay && evalNumber(delay, ctx) === null && !ts.isArrowFunction(delay)) backoff = true;
    }
    if (ts.isBinaryExpression(n) && [ts.SyntaxKind.AsteriskEqualsToken, ts.SyntaxKind.AsteriskAsteriskEqualsToken, ts.SyntaxKind.LessThanLessThanEqualsToken].includes(n.operatorToken.kind)) {
      backoff = true;
    }
  });
  const limitText = limit && ts.isPropertyAccessExpression(unwrap(limit)) ? (unwrap(limit) as ts.PropertyAccessExpression).name.text : '';
  const overItems = ts.isForOfStatement(loop) || ts.isForInStatement(loop) || limitText === 'length' || limitText === 'size';
  const retry = !overItems && (hasTry || (counter !== undefined && ATTEMPT_NAME.test(counter)));
  if (retry) {
    const attempts = limit ? evalNumber(limit, ctx) : null;
    return { kind: 'retry', attempts, backoff: backoff && sleeps };
  }
  return { kind: overItems ? 'iteration' : 'other', attempts: null, backoff: false };
}
