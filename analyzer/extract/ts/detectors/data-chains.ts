import type { DataVia } from '../../../types/data-facts.js';
import type { VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap } from '../references.js';

/** A method chain: `db('users').where(...).update(...)` → root `db`, root call `db('users')`, calls [where, update]. */
export interface Chain {
  root: ts.Expression;
  rootCall: ts.CallExpression | null;
  calls: { name: string; call: ts.CallExpression }[];
}

/** Reads the chain that ends in `node`, innermost call first. */
export function chainOf(node: ts.CallExpression): Chain {
  const calls: Chain['calls'] = [];
  let e: ts.Expression = node;
  for (let i = 0; i < 64; i++) {
    e = unwrap(e);
    if (!tsv.isCallExpression(e)) break;
    const callee = unwrap(e.expression);
    if (!tsv.isPropertyAccessExpression(callee)) return { root: callee, rootCall: e, calls };
    calls.unshift({ name: callee.name.text, call: e });
    e = callee.expression;
  }
  return { root: e, rootCall: null, calls };
}

/** Calls inside a chain already reported at its outermost call (the walker visits outer calls first). */
const consumed = new WeakSet<ts.Node>();
export function consumeChain(chain: Chain): void {
  if (chain.rootCall) consumed.add(chain.rootCall);
  for (const c of chain.calls.slice(0, -1)) consumed.add(c.call);
}
export function isConsumed(node: ts.Node): boolean {
  return consumed.has(node);
}

/** `const x = ...` initialisers that are chains themselves: a chain built on one was reported where it was built. */
export function isChainValue(ctx: VisitContext, root: ts.Expression): boolean {
  const e = unwrap(root);
  if (!tsv.isIdentifier(e)) return false;
  const binding = ctx.refs.env.lookup(e.text);
  if (binding?.kind !== 'value') return false;
  const init = unwrap(binding.init);
  return tsv.isCallExpression(init) && tsv.isPropertyAccessExpression(unwrap(init.expression));
}

/** Callback scopes of transactions (`db.transaction(async (trx) => ...)`): their first parameter is the same connection. */
export interface Transaction {
  driver: string;
  via: DataVia | null;
  /** The object `transaction` was called on is known to be a client of the driver. */
  confirmed: boolean;
}
const transactions = new WeakMap<ts.SourceFile, Map<string, Transaction>>();
export function rememberTransaction(ctx: VisitContext, callback: ts.Expression | undefined, driver: string, via: DataVia | null, confirmed = true): void {
  const fn = callback ? unwrap(callback) : undefined;
  if (!fn || !(tsv.isArrowFunction(fn) || tsv.isFunctionExpression(fn))) return;
  const map = transactions.get(ctx.sf) ?? new Map<string, Transaction>();
  map.set(`${driver}|${ctx.scopeIdOf(fn)}`, { driver, via, confirmed });
  transactions.set(ctx.sf, map);
}
/** The `driver` transaction a parameter stands for, when `expr` is the first parameter of a transaction callback. */
export function transactionOf(ctx: VisitContext, expr: ts.Expression, driver: string): Transaction | null {
  const e = unwrap(expr);
  if (!tsv.isIdentifier(e)) return null;
  const binding = ctx.refs.env.lookup(e.text);
  if (binding?.kind !== 'param' || binding.index !== 0 || !binding.scopeId) return null;
  return transactions.get(ctx.sf)?.get(`${driver}|${binding.scopeId}`) ?? null;
}

/** An object of this repository whose type the code does not say: an import from a local module, or a parameter. */
export function isLocalHandle(ctx: VisitContext, expr: ts.Expression): boolean {
  const e = unwrap(expr);
  const binding = tsv.isIdentifier(e) ? ctx.refs.env.lookup(e.text) : undefined;
  const thisMember = tsv.isPropertyAccessExpression(e) && e.expression.kind === tsv.SyntaxKind.ThisKeyword;
  return thisMember || binding?.kind === 'param' || (binding?.kind === 'import' && ctx.isLocalModule(binding.module));
}
