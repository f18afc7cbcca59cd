import type { LoopInfo } from './detector.js';
import { evalNumber } from './evaluate.js';
import { ts, tsv } from './parse-source.js';
import { unwrap, type RefContext } from './references.js';

const ATTEMPT_NAME = /attempt|retr|tries|tryCount|^try$|^n$/i;
const SLEEP_NAME = /^(setTimeout|sleep|delay|wait|pause|backoff|setTimeoutPromise|timeout)$/i;

/** Walks a loop body without entering nested functions. */
function forEachInBody(node: ts.Node, visit: (node: ts.Node) => void): void {
  const walk = (n: ts.Node): void => {
    if (tsv.isFunctionLike(n) && n !== node) {
      // Callbacks passed to sleep helpers (new Promise(r => setTimeout(r, d))) still count.
      if (!tsv.isArrowFunction(n) && !tsv.isFunctionExpression(n)) return;
    }
    visit(n);
    tsv.forEachChild(n, walk);
  };
  tsv.forEachChild(node, walk);
}

function calleeName(call: ts.CallExpression): string {
  const e = unwrap(call.expression);
  if (tsv.isIdentifier(e)) return e.text;
  if (tsv.isPropertyAccessExpression(e)) return e.name.text;
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
  if (tsv.isForStatement(loop) && loop.initializer && tsv.isVariableDeclarationList(loop.initializer)) {
    const decl = loop.initializer.declarations[0];
    if (decl && tsv.isIdentifier(decl.name)) counter = decl.name.text;
    if (loop.condition && tsv.isBinaryExpression(loop.condition)) limit = loop.condition.right;
  }
  if ((tsv.isWhileStatement(loop) || tsv.isDoStatement(loop)) && tsv.isBinaryExpression(loop.expression)) {
    const left = unwrap(loop.expression.left);
    if (tsv.isIdentifier(left)) counter = left.text;
    limit = loop.expression.right;
  }
  let hasTry = false;
  let backoff = false;
  let sleeps = false;
  forEachInBody(loop.statement, (n) => {
    if (tsv.isTryStatement(n)) hasTry = true;
    if (tsv.isCallExpression(n) && SLEEP_NAME.test(calleeName(n))) {
      sleeps = true;
      const delay = n.arguments[n.arguments.length > 1 ? 1 : 0];
      if (delay && evalNumber(delay, ctx) === null && !tsv.isArrowFunction(delay)) backoff = true;
    }
    if (tsv.isBinaryExpression(n) && [tsv.SyntaxKind.AsteriskEqualsToken, tsv.SyntaxKind.AsteriskAsteriskEqualsToken, tsv.SyntaxKind.LessThanLessThanEqualsToken].includes(n.operatorToken.kind)) {
      backoff = true;
    }
  });
  const limitText = limit && tsv.isPropertyAccessExpression(unwrap(limit)) ? (unwrap(limit) as ts.PropertyAccessExpression).name.text : '';
  const overItems = tsv.isForOfStatement(loop) || tsv.isForInStatement(loop) || limitText === 'length' || limitText === 'size';
  const retry = !overItems && (hasTry || (counter !== undefined && ATTEMPT_NAME.test(counter)));
  if (retry) {
    const attempts = limit ? evalNumber(limit, ctx) : null;
    return { kind: 'retry', attempts, backoff: backoff && sleeps };
  }
  return { kind: overItems ? 'iteration' : 'other', attempts: null, backoff: false };
}
