import type { CallTarget, SymString, Timeout } from '../../../types/index.js';
import type { VisitContext } from '../detector.js';
import { concat, literalOf } from '../evaluate.js';
import { ts } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';

export const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** A call target from `ctx.targetOf`, turned into the CallTarget shape of call refs. */
export function asCallTarget(ctx: VisitContext, target: string | CallTarget | null): CallTarget | null {
  if (target === null) return null;
  if (typeof target === 'string') return target.startsWith(`${ctx.file}#`) ? { name: target.slice(ctx.file.length + 1) } : null;
  return target;
}

/** Joins a client's base URL and a request path the way URL resolution would. */
export function joinUrl(base: SymString | null, path: SymString | null): SymString {
  const p = path ?? [{ unknown: 'url' }];
  const first = p[0];
  if (first && 'lit' in first && /^[a-z][a-z0-9+.-]*:\/\//i.test(first.lit)) return p;
  if (!base || base.length === 0) return p;
  return concat(base, p);
}

/** Milliseconds of `AbortSignal.timeout(n)` anywhere in the signal expression, or null. */
export function signalTimeout(ctx: VisitContext, signal: ts.Expression): number | null {
  let found: number | null = null;
  const look = (node: ts.Node): void => {
    if (found !== null) return;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'timeout') {
      const owner = unwrap(node.expression.expression);
      if (ts.isIdentifier(owner) && owner.text === 'AbortSignal') found = ctx.num(node.arguments[0]);
    }
    ts.forEachChild(node, look);
  };
  look(signal);
  return found;
}

/** The timeout an options object sets: `timeout: n`, `signal: AbortSignal.timeout(n)` or another signal. */
export function optionsTimeout(ctx: VisitContext, options: Map<string, ts.Expression>, keys: readonly string[] = ['timeout']): Timeout | null {
  for (const key of keys) {
    const expr = options.get(key);
    if (!expr) continue;
    const ms = ctx.num(expr);
    if (ms !== null) return { ms: ms > 0 ? ms : null, from: ms > 0 ? 'call' : 'none' };
    const nested = ctx.props(expr);
    for (const inner of ['request', 'response', 'connect', 'socket']) {
      const v = ctx.num(nested.get(inner));
      if (v !== null) return { ms: v, from: 'call' };
    }
    return { ms: null, from: 'unknown' };
  }
  const signal = options.get('signal');
  if (signal) return { ms: signalTimeout(ctx, signal), from: 'signal' };
  return null;
}

/** The `new`/call expression a ref's step `index` points at. */
export function callAt(ref: Ref, index: number): ts.CallExpression | ts.NewExpression | null {
  const step = ref.steps[index];
  return step && 'call' in step ? step.call : null;
}

export function propsAt(ref: Ref): string[] {
  return ref.steps.map((s) => ('prop' in s ? s.prop : 'call' in s ? '()' : '#'));
}

export { concat, literalOf };
