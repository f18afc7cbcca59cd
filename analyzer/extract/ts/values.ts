import type { SymPart, SymString } from '../../types/index.js';
import { evalString } from './evaluate.js';
import { ts, tsv } from './parse-source.js';
import { unwrap, type RefContext } from './references.js';

type ListPart = Extract<SymPart, { list: unknown }>;
/** A part of text: what list elements are made of. */
export type TextPart = ListPart['list'][number][number];

const MAX_ELEMENTS = 32;
const MAX_DEPTH = 6;

function isFunctionNode(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return tsv.isArrowFunction(node) || tsv.isFunctionExpression(node);
}

/** Keeps text parts only: a nested list or function inside an element is not text. */
function asText(sym: SymString | null, fallback: string): TextPart[] {
  if (!sym) return [{ unknown: fallback }];
  return sym.map((p): TextPart => ('list' in p || 'scope' in p ? { unknown: fallback } : p));
}

/**
 * Evaluates a value that is passed along (a call argument, a module constant): an array
 * literal becomes a list of symbolic strings (`['order.created', ROUTING_KEY]`), a function
 * passed by reference or inline becomes `{ scope }` when `functions` is set (the scope id the
 * walker gives it), anything else a symbolic string as `evalString` reads it.
 */
export function evalValue(expression: ts.Expression, ctx: RefContext, options: { functions?: boolean } = {}, depth = 0): SymString | null {
  const expr = unwrap(expression);
  if (tsv.isArrayLiteralExpression(expr)) {
    if (expr.elements.length > MAX_ELEMENTS) return null;
    const elements = expr.elements.map((e) => (tsv.isSpreadElement(e) || tsv.isOmittedExpression(e) ? [{ unknown: e.getText(ctx.sf) }] : asText(evalString(e, ctx), e.getText(ctx.sf))));
    if (elements.length && elements.every((e) => e.every((p) => 'unknown' in p))) return null;
    return [{ list: elements }];
  }
  if (options.functions && isFunctionNode(expr)) {
    const pos = ctx.sf.getLineAndCharacterOfPosition(expr.getStart(ctx.sf));
    return [{ scope: `${ctx.sf.fileName}#L${pos.line + 1}:${pos.character + 1}` }];
  }
  if (tsv.isIdentifier(expr)) {
    const binding = ctx.env.lookup(expr.text);
    if (options.functions && binding?.kind === 'function') return [{ scope: binding.scopeId }];
    if (binding?.kind === 'value' && depth < MAX_DEPTH && tsv.isArrayLiteralExpression(unwrap(binding.init))) return evalValue(binding.init, ctx, options, depth + 1);
  }
  return evalString(expr, ctx);
}

/** The elements a list value holds; a value that is not a list is one element. */
export function listElements(sym: SymString): SymString[] {
  if (sym.length === 1 && 'list' in sym[0]!) return sym[0].list;
  return [sym];
}
