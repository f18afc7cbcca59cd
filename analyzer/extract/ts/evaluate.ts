import type { SymPart, SymString } from '../../types/index.js';
import { ts, tsv } from './parse-source.js';
import { resolveRef, unwrap, type RefContext } from './references.js';

const MAX_DEPTH = 10;
const UPPER_SNAKE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$|^[A-Z]{3,}[0-9]*$/;

/** Joins parts, merging neighbouring literals. */
export function concat(...pieces: SymString[]): SymString {
  const out: SymPart[] = [];
  for (const part of pieces.flat()) {
    const last = out[out.length - 1];
    if ('lit' in part && last && 'lit' in last) out[out.length - 1] = { lit: last.lit + part.lit };
    else if (!('lit' in part && part.lit === '')) out.push(part);
  }
  return out;
}

/** The literal text when the whole value is known. */
export function literalOf(sym: SymString | null): string | null {
  if (!sym) return null;
  if (sym.length === 0) return '';
  return sym.length === 1 && 'lit' in sym[0]! ? sym[0].lit : null;
}

function envName(expr: ts.Expression): string | null {
  // process.env.X, process.env['X'], import.meta.env.X
  const e = unwrap(expr);
  let object: ts.Expression | undefined;
  let name: string | undefined;
  if (tsv.isPropertyAccessExpression(e)) {
    object = e.expression;
    name = e.name.text;
  } else if (tsv.isElementAccessExpression(e) && tsv.isStringLiteralLike(e.argumentExpression)) {
    object = e.expression;
    name = e.argumentExpression.text;
  }
  if (!object || !name) return null;
  const o = unwrap(object);
  if (tsv.isPropertyAccessExpression(o) && o.name.text === 'env') {
    const root = unwrap(o.expression);
    if (tsv.isIdentifier(root) && root.text === 'process') return name;
    if (tsv.isMetaProperty(root)) return name;
  }
  return null;
}

/** `process.env.X` when `expr` reads one, else null. */
export function envVariableOf(expr: ts.Expression): string | null {
  return envName(expr);
}

/**
 * Evaluates an expression to a symbolic string: literals, template strings, concatenation,
 * `process.env.X` (with `||`/`??` fallbacks), constants, object properties, parameters,
 * imported values, `new URL(path, base)`, `config.get('KEY')`, and `anything.UPPER_SNAKE`
 * read as a guessed environment variable (config objects built from process.env).
 */
export function evalString(expression: ts.Expression, ctx: RefContext, depth = 0): SymString | null {
  if (depth > MAX_DEPTH) return null;
  const expr = unwrap(expression);
  if (tsv.isStringLiteralLike(expr)) return [{ lit: expr.text }];
  if (tsv.isNumericLiteral(expr)) return [{ lit: expr.text.replace(/_/g, '') }];
  if (tsv.isTemplateExpression(expr)) {
    const pieces: SymString[] = [[{ lit: expr.head.text }]];
    for (const span of expr.templateSpans) {
      pieces.push(evalString(span.expression, ctx, depth + 1) ?? [{ unknown: span.expression.getText(ctx.sf) }]);
      pieces.push([{ lit: span.literal.text }]);
    }
    return concat(...pieces);
  }
  const env = envName(expr);
  if (env) return [{ env }];
  if (tsv.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    if (op === tsv.SyntaxKind.PlusToken) {
      const left = evalString(expr.left, ctx, depth + 1);
      const right = evalString(expr.right, ctx, depth + 1);
      if (!left && !right) return null;
      return concat(left ?? [{ unknown: '?' }], right ?? [{ unknown: '?' }]);
    }
    if (op === tsv.SyntaxKind.BarBarToken || op === tsv.SyntaxKind.QuestionQuestionToken) {
      const left = evalString(expr.left, ctx, depth + 1);
      const right = evalString(expr.right, ctx, depth + 1);
      const fallback = literalOf(right);
      if (left && left.length === 1 && 'env' in left[0]! && fallback !== null) return [{ ...left[0], fallback }];
      return left ?? right;
    }
    return null;
  }
  if (tsv.isConditionalExpression(expr)) return evalString(expr.whenTrue, ctx, depth + 1) ?? evalString(expr.whenFalse, ctx, depth + 1);
  if (tsv.isIdentifier(expr)) {
    const binding = ctx.env.lookup(expr.text);
    if (!binding) return null;
    if (binding.kind === 'value') return evalString(binding.init, ctx, depth + 1);
    if (binding.kind === 'param') return [{ param: binding.index, ...(binding.scopeId ? { fn: binding.scopeId } : {}) }];
    if (binding.kind === 'import') return [{ ref: { module: binding.module, name: binding.name, path: [], from: ctx.sf.fileName } }];
    return null;
  }
  if (tsv.isPropertyAccessExpression(expr) || (tsv.isElementAccessExpression(expr) && tsv.isStringLiteralLike(expr.argumentExpression))) {
    const name = tsv.isPropertyAccessExpression(expr) ? expr.name.text : (expr.argumentExpression as ts.StringLiteralLike).text;
    if (name === 'href' || name === 'origin' || name === 'toString') {
      const inner = evalString(expr.expression, ctx, depth + 1);
      if (inner) return inner;
    }
    const fromObject = propertyValue(expr.expression, name, ctx, depth + 1);
    if (fromObject) return evalString(fromObject, ctx, depth + 1);
    const path = memberPath(expr);
    if (path) {
      const binding = ctx.env.lookup(path.root);
      if (binding?.kind === 'import') {
        if (UPPER_SNAKE.test(name)) return [{ env: name, guessed: true }];
        return [{ ref: { module: binding.module, name: binding.name, path: path.members, from: ctx.sf.fileName } }];
      }
    }
    if (UPPER_SNAKE.test(name)) return [{ env: name, guessed: true }];
    return null;
  }
  if (tsv.isNewExpression(expr) && tsv.isIdentifier(expr.expression) && expr.expression.text === 'URL' && expr.arguments?.length) {
    const [path, base] = expr.arguments;
    const p = evalString(path!, ctx, depth + 1);
    if (!base) return p;
    const b = evalString(base, ctx, depth + 1);
    const pathText = literalOf(p);
    if (pathText !== null && /^[a-z]+:\/\//i.test(pathText)) return p;
    return concat(b ?? [{ unknown: 'base' }], p ?? [{ unknown: 'path' }]);
  }
  if (tsv.isCallExpression(expr)) {
    const callee = unwrap(expr.expression);
    const first = expr.arguments[0];
    // config.get('USERS_URL'), configService.get<string>('USERS_URL'), env('USERS_URL')
    if (first && tsv.isStringLiteralLike(first) && UPPER_SNAKE.test(first.text)) {
      const calleeName = tsv.isPropertyAccessExpression(callee) ? callee.name.text : tsv.isIdentifier(callee) ? callee.text : '';
      if (/^(get|getOrThrow|env|getEnv|required|str|requireEnv)$/.test(calleeName)) return [{ env: first.text, guessed: true }];
    }
    if (tsv.isIdentifier(callee) && (callee.text === 'String' || callee.text === 'encodeURI') && first) return evalString(first, ctx, depth + 1);
    const ref = resolveRef(callee, ctx);
    if (ref && ref.root.kind === 'global' && ref.root.name === 'String' && first) return evalString(first, ctx, depth + 1);
    return null;
  }
  return null;
}

/** `a.b.c` → { root: 'a', members: ['b', 'c'] } for plain member chains. */
export function memberPath(expr: ts.Expression): { root: string; members: string[] } | null {
  const members: string[] = [];
  let e = unwrap(expr);
  for (;;) {
    if (tsv.isPropertyAccessExpression(e)) {
      members.unshift(e.name.text);
      e = unwrap(e.expression);
    } else if (tsv.isElementAccessExpression(e) && tsv.isStringLiteralLike(e.argumentExpression)) {
      members.unshift(e.argumentExpression.text);
      e = unwrap(e.expression);
    } else if (tsv.isIdentifier(e)) return { root: e.text, members };
    else return null;
  }
}

/** Properties of an object literal, following identifiers to their initialisers and spreads. */
export function objectProperties(expression: ts.Expression | undefined, ctx: RefContext, depth = 0): Map<string, ts.Expression> {
  const props = new Map<string, ts.Expression>();
  if (!expression || depth > MAX_DEPTH) return props;
  const expr = unwrap(expression);
  if (tsv.isIdentifier(expr)) {
    const binding = ctx.env.lookup(expr.text);
    return binding?.kind === 'value' ? objectProperties(binding.init, ctx, depth + 1) : props;
  }
  if (tsv.isCallExpression(expr)) {
    const returned = returnedExpression(unwrap(expr.expression), ctx);
    if (returned) return objectProperties(returned, ctx, depth + 1);
  }
  if (tsv.isCallExpression(expr) && expr.arguments.length === 1) {
    const callee = unwrap(expr.expression);
    // Object.freeze({...}), defineConfig({...}), as const wrappers
    if (tsv.isPropertyAccessExpression(callee) || tsv.isIdentifier(callee)) return objectProperties(expr.arguments[0], ctx, depth + 1);
  }
  if (!tsv.isObjectLiteralExpression(expr)) return props;
  for (const prop of expr.properties) {
    if (tsv.isSpreadAssignment(prop)) {
      for (const [k, v] of objectProperties(prop.expression, ctx, depth + 1)) props.set(k, v);
    } else if (tsv.isPropertyAssignment(prop)) {
      const key = tsv.isIdentifier(prop.name) || tsv.isStringLiteralLike(prop.name) || tsv.isNumericLiteral(prop.name) ? prop.name.text : null;
      if (key !== null) props.set(key, prop.initializer);
    } else if (tsv.isShorthandPropertyAssignment(prop)) {
      props.set(prop.name.text, prop.name);
    }
  }
  return props;
}

function propertyValue(object: ts.Expression, name: string, ctx: RefContext, depth: number): ts.Expression | null {
  if (depth > MAX_DEPTH) return null;
  const props = objectProperties(object, ctx, depth);
  return props.get(name) ?? null;
}

/** Evaluates a number: literals (with separators), arithmetic, constants, `Number(x ?? 2000)`-style fallbacks. */
export function evalNumber(expression: ts.Expression | undefined, ctx: RefContext, depth = 0): number | null {
  if (!expression || depth > MAX_DEPTH) return null;
  const expr = unwrap(expression);
  if (tsv.isNumericLiteral(expr)) return Number(expr.text.replace(/_/g, ''));
  if (tsv.isPrefixUnaryExpression(expr) && expr.operator === tsv.SyntaxKind.MinusToken) {
    const v = evalNumber(expr.operand, ctx, depth + 1);
    return v === null ? null : -v;
  }
  if (tsv.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    if (op === tsv.SyntaxKind.BarBarToken || op === tsv.SyntaxKind.QuestionQuestionToken) return evalNumber(expr.left, ctx, depth + 1) ?? evalNumber(expr.right, ctx, depth + 1);
    const a = evalNumber(expr.left, ctx, depth + 1);
    const b = evalNumber(expr.right, ctx, depth + 1);
    if (a === null || b === null) return null;
    if (op === tsv.SyntaxKind.AsteriskToken) return a * b;
    if (op === tsv.SyntaxKind.PlusToken) return a + b;
    if (op === tsv.SyntaxKind.MinusToken) return a - b;
    if (op === tsv.SyntaxKind.SlashToken) return b === 0 ? null : a / b;
    if (op === tsv.SyntaxKind.AsteriskAsteriskToken) return a ** b;
    return null;
  }
  if (tsv.isIdentifier(expr)) {
    const binding = ctx.env.lookup(expr.text);
    return binding?.kind === 'value' ? evalNumber(binding.init, ctx, depth + 1) : null;
  }
  if (tsv.isCallExpression(expr) && tsv.isIdentifier(expr.expression) && /^(Number|parseInt|parseFloat)$/.test(expr.expression.text)) {
    return evalNumber(expr.arguments[0], ctx, depth + 1);
  }
  if (tsv.isStringLiteralLike(expr) && /^\d+(\.\d+)?$/.test(expr.text)) return Number(expr.text);
  if (tsv.isPropertyAccessExpression(expr)) {
    const value = propertyValue(expr.expression, expr.name.text, ctx, depth + 1);
    return value ? evalNumber(value, ctx, depth + 1) : null;
  }
  return null;
}

/** The expression a local function returns, when it has one obvious return (`() => ({...})`, `return {...}`). */
function returnedExpression(callee: ts.Expression, ctx: RefContext): ts.Expression | null {
  if (!tsv.isIdentifier(callee)) return null;
  const binding = ctx.env.lookup(callee.text);
  const fn = binding?.kind === 'function' ? binding.node : undefined;
  if (!fn?.body) return null;
  if (!tsv.isBlock(fn.body)) return fn.body;
  const returns = fn.body.statements.filter(tsv.isReturnStatement);
  return returns.length === 1 && returns[0]!.expression ? returns[0]!.expression : null;
}
