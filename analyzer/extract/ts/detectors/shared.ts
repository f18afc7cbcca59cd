import type { CallTarget, HttpCallFact, Retry, SymString, Timeout } from '../../../types/index.js';
import type { CallRef, VisitContext } from '../detector.js';
import { concat, literalOf } from '../evaluate.js';
import { ts, tsv } from '../parse-source.js';
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

/** `new AbortController()` nodes of this file → the delay of a `setTimeout(() => controller.abort(), n)`. */
const abortTimers = new WeakMap<ts.Node, number>();
/** Timeouts of calls whose signal comes from a controller whose timer comes later in the file. */
const pendingAbort = new WeakMap<ts.Node, Timeout[]>();

/** The `new AbortController()` expression a name (or `name.signal`) stands for, or null. */
function controllerOf(ctx: VisitContext, expr: ts.Expression): ts.Node | null {
  let e = unwrap(expr);
  if (tsv.isPropertyAccessExpression(e) && e.name.text === 'signal') e = unwrap(e.expression);
  if (!tsv.isIdentifier(e)) return null;
  const binding = ctx.refs.env.lookup(e.text);
  if (binding?.kind !== 'value') return null;
  const init = unwrap(binding.init);
  return tsv.isNewExpression(init) && tsv.isIdentifier(init.expression) && init.expression.text === 'AbortController' ? init : null;
}

/**
 * `setTimeout(() => controller.abort(), n)`: the controller's signal times out after n ms. Seen by
 * the fetch detector (which runs on every file); calls made earlier with that signal get it too.
 */
export function noteAbortTimer(ctx: VisitContext, node: ts.CallExpression): void {
  const callee = unwrap(node.expression);
  if (!tsv.isIdentifier(callee) || callee.text !== 'setTimeout' || node.arguments.length < 2) return;
  const ms = ctx.num(node.arguments[1]);
  if (ms === null) return;
  const look = (n: ts.Node): void => {
    if (tsv.isCallExpression(n) && tsv.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'abort') {
      const controller = controllerOf(ctx, n.expression.expression);
      if (controller) {
        abortTimers.set(controller, ms);
        for (const timeout of pendingAbort.get(controller) ?? []) timeout.ms = ms;
        pendingAbort.delete(controller);
      }
    }
    tsv.forEachChild(n, look);
  };
  look(node.arguments[0]!);
}

/**
 * The timeout a `signal` gives: `AbortSignal.timeout(n)` anywhere in it (also inside
 * `AbortSignal.any([...])` or a local constant), or an AbortController aborted by a timer.
 */
export function signalTimeout(ctx: VisitContext, signal: ts.Expression): Timeout {
  const timeout: Timeout = { ms: null, from: 'signal' };
  const seen = new Set<ts.Node>();
  const look = (node: ts.Node): void => {
    if (timeout.ms !== null || seen.has(node) || seen.size > 50) return;
    seen.add(node);
    if (tsv.isCallExpression(node) && tsv.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'timeout') {
      const owner = unwrap(node.expression.expression);
      if (tsv.isIdentifier(owner) && owner.text === 'AbortSignal') timeout.ms = ctx.num(node.arguments[0]);
    }
    if (tsv.isIdentifier(node)) {
      const binding = ctx.refs.env.lookup(node.text);
      if (binding?.kind === 'value') look(binding.init);
    }
    tsv.forEachChild(node, look);
  };
  look(signal);
  const controller = timeout.ms === null ? controllerOf(ctx, signal) : null;
  if (controller) {
    const ms = abortTimers.get(controller);
    if (ms !== undefined) timeout.ms = ms;
    else pendingAbort.set(controller, [...(pendingAbort.get(controller) ?? []), timeout]);
  }
  return timeout;
}

/** The timeout an options object sets: `timeout: n` (or `{ request: n }`), `timeout: false`, `signal: AbortSignal.timeout(n)` or another signal. */
export function optionsTimeout(ctx: VisitContext, options: Map<string, ts.Expression>, keys: readonly string[] = ['timeout']): Timeout | null {
  for (const key of keys) {
    const expr = options.get(key);
    if (!expr) continue;
    if (unwrap(expr).kind === tsv.SyntaxKind.FalseKeyword) return { ms: null, from: 'none' };
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
  if (signal) return signalTimeout(ctx, signal);
  return null;
}

/** Joins a `prefixUrl`/`baseURL` and a relative path the way got, ky, request and axios do: with one `/` between them. */
export function joinPrefix(base: SymString | null, path: SymString | null): SymString {
  const p = path ?? [{ unknown: 'url' }];
  const first = p[0];
  if (!base || base.length === 0 || (first && 'lit' in first && /^[a-z][a-z0-9+.-]*:\/\//i.test(first.lit))) return p;
  const last = base[base.length - 1];
  const baseSlash = !!last && 'lit' in last && last.lit.endsWith('/');
  const pathSlash = !!first && 'lit' in first && first.lit.startsWith('/');
  if (baseSlash && pathSlash) return concat(base, [{ lit: (first as { lit: string }).lit.slice(1) }], p.slice(1));
  return concat(base, baseSlash || pathSlash ? [] : [{ lit: '/' }], p);
}

/** Literal text of a symbolic string, upper-cased (an HTTP method), or null. */
export function methodText(sym: SymString | null): string | null {
  const text = literalOf(sym);
  return text ? text.toUpperCase() : null;
}

/** A library's retry setting: `retry: n` or `retry: { limit: n }` (got, ky); 0 turns retries off. */
export function retrySetting(ctx: VisitContext, expr: ts.Expression | undefined, from: NonNullable<Retry['from']>): Retry | null | undefined {
  if (!expr) return undefined;
  const n = ctx.num(expr) ?? ctx.num(ctx.props(expr).get('limit'));
  if (n === 0) return null;
  return { attempts: n, backoff: true, from };
}

/** Calls whose facts a later statement may still change (`req.setTimeout(n)`, `req.timeout(n)` on a request made earlier). */
const amendable = new WeakMap<ts.Node, HttpCallFact>();
const pendingAmend = new WeakMap<ts.Node, Array<(fact: HttpCallFact) => void>>();

/** Registers the fact emitted for a request call, applying changes seen before it. */
export function rememberCall(node: ts.Node, fact: HttpCallFact): void {
  amendable.set(node, fact);
  for (const change of pendingAmend.get(node) ?? []) change(fact);
  pendingAmend.delete(node);
}

/** Changes the fact of a request call: now when it was emitted, or when it is. */
export function amendCall(node: ts.Node, change: (fact: HttpCallFact) => void): void {
  const fact = amendable.get(node);
  if (fact) change(fact);
  else pendingAmend.set(node, [...(pendingAmend.get(node) ?? []), change]);
}

/** Whether a request call already has its fact. */
export function isRemembered(node: ts.Node): boolean {
  return amendable.has(node);
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

/**
 * A callback run through a breaker, retry or timeout wrapper (`pRetry(fn)`, `policy.execute(fn)`):
 * recorded as a call with that protection, in place of the walker's plain callback call.
 */
export function runsCallback(ctx: VisitContext, node: ts.CallExpression | ts.NewExpression, fn: ts.Expression | undefined, protection: Pick<CallRef, 'breaker' | 'retry' | 'timeout'>): boolean {
  const target = fn ? asCallTarget(ctx, ctx.targetOf(fn)) : null;
  if (!target) return false;
  const retry = protection.retry ?? ctx.retry;
  ctx.addCall({
    target,
    line: ctx.line(node),
    inLoop: ctx.inLoop,
    args: [],
    ...(protection.breaker ? { breaker: protection.breaker } : {}),
    ...(retry ? { retry } : {}),
    ...(protection.timeout ? { timeout: protection.timeout } : {}),
  });
  return true;
}
