import type { Retry } from '../../../types/index.js';
import type { Detector, VisitContext } from '../detector.js';
import { ts, tsv } from '../parse-source.js';
import { unwrap, type Ref } from '../references.js';
import { callAt, propsAt, runsCallback } from './shared.js';

/** What a cockatiel policy does to the calls it runs. */
interface Policy {
  breaker: boolean;
  retry: Retry | null;
  timeoutMs: number | null;
  /** A cooperative timeout only hands the callback a signal; it bounds nothing when the callback ignores it. */
  cooperative: boolean;
}

const NONE: Policy = { breaker: false, retry: null, timeoutMs: null, cooperative: false };
const MAX_DEPTH = 6;

function merge(a: Policy, b: Policy): Policy {
  const timeoutMs = a.timeoutMs === null ? b.timeoutMs : b.timeoutMs === null ? a.timeoutMs : Math.min(a.timeoutMs, b.timeoutMs);
  return { breaker: a.breaker || b.breaker, retry: a.retry ?? b.retry, timeoutMs, cooperative: timeoutMs === a.timeoutMs ? a.cooperative : b.cooperative };
}

/** Whether a backoff waits longer after each failure: exponential, a delegate, or a growing list of delays. */
function growing(ctx: VisitContext, expr: ts.Expression | undefined): boolean {
  if (!expr) return false;
  const e = unwrap(expr);
  const ref = ctx.resolve(e);
  const name = ref?.root.kind === 'module' ? ref.root.name : '';
  if (name === 'ExponentialBackoff' || name === 'DelegateBackoff') return true;
  if (name === 'IterableBackoff' && tsv.isNewExpression(e)) return increasing(ctx, e.arguments?.[0]);
  return false;
}

function increasing(ctx: VisitContext, list: ts.Expression | undefined): boolean {
  const e = list ? unwrap(list) : undefined;
  if (!e || !tsv.isArrayLiteralExpression(e)) return false;
  const values = e.elements.map((x) => ctx.num(x));
  return values.length > 1 && values.every((v, i) => v !== null && (i === 0 || v > values[i - 1]!));
}

function isCooperative(ctx: VisitContext, strategy: ts.Expression | undefined): boolean {
  return !!strategy && /Cooperative$/.test(ctx.text(strategy));
}

/** cockatiel 3: `retry(handleAll, {...})`, `circuitBreaker(...)`, `timeout(n, strategy)`, `wrap(...)`. */
function functional(ctx: VisitContext, name: string, call: ts.CallExpression | ts.NewExpression, depth: number): Policy | null {
  const args = call.arguments ?? [];
  switch (name) {
    case 'retry': {
      const options = ctx.props(args[1]);
      const attempts = options.has('maxAttempts') ? ctx.num(options.get('maxAttempts')) : null;
      return attempts === 0 ? NONE : { ...NONE, retry: { attempts, backoff: growing(ctx, options.get('backoff')), from: 'policy' } };
    }
    case 'circuitBreaker':
      return { ...NONE, breaker: true };
    case 'timeout':
      return { ...NONE, timeoutMs: ctx.num(args[0]), cooperative: isCooperative(ctx, args[1]) };
    case 'wrap':
      return args.reduce<Policy>((acc, a) => merge(acc, policyOf(ctx, a, depth + 1) ?? NONE), NONE);
    default:
      return null;
  }
}

/** cockatiel 1–2: `Policy.handleAll().retry().attempts(3).exponential()`, `Policy.timeout(n, s)`, `Policy.wrap(...)`. */
function fluent(ctx: VisitContext, ref: Ref, depth: number): Policy | null {
  const names = propsAt(ref);
  const at = (i: number) => callAt(ref, i + 1);
  const wrap = names.indexOf('wrap');
  if (wrap >= 0 && at(wrap)) return functional(ctx, 'wrap', at(wrap)!, depth);
  const timeout = names.indexOf('timeout');
  if (timeout >= 0 && at(timeout)) return functional(ctx, 'timeout', at(timeout)!, depth);
  if (names.includes('circuitBreaker')) return { ...NONE, breaker: true };
  if (!names.includes('retry')) return null;
  const attemptsAt = names.indexOf('attempts');
  const attempts = attemptsAt >= 0 ? ctx.num(at(attemptsAt)?.arguments?.[0]) : null;
  const delayAt = names.indexOf('delay');
  const backoff = names.includes('exponential') || names.includes('delegate') || (names.includes('backoff') && growing(ctx, at(names.indexOf('backoff'))?.arguments?.[0])) || (delayAt >= 0 && increasing(ctx, at(delayAt)?.arguments?.[0]));
  return { ...NONE, retry: { attempts, backoff, from: 'policy' } };
}

/** The policy an expression builds or names, or null when it is not a cockatiel policy. */
function policyOf(ctx: VisitContext, expr: ts.Expression, depth = 0): Policy | null {
  if (depth > MAX_DEPTH) return null;
  const ref = ctx.resolve(expr);
  if (!ref || ref.root.kind !== 'module' || ref.root.module !== 'cockatiel') return null;
  const names = propsAt(ref);
  if (ref.root.name === 'Policy') return fluent(ctx, ref, depth);
  if (names.length === 0 && /^handle/.test(ref.root.name)) return NONE;
  const call = callAt(ref, 0);
  return call && names.length === 1 ? functional(ctx, ref.root.name, call, depth) : null;
}

function protection(policy: Policy, callbackTakesSignal: boolean) {
  const timeoutMs = policy.timeoutMs !== null && (!policy.cooperative || callbackTakesSignal) ? policy.timeoutMs : null;
  return {
    ...(policy.breaker ? { breaker: { timeoutMs: null, library: 'cockatiel' } } : {}),
    ...(policy.retry ? { retry: policy.retry } : {}),
    ...(timeoutMs !== null ? { timeout: { ms: timeoutMs, library: 'cockatiel' } } : {}),
  };
}

/**
 * cockatiel policies: `policy.execute(() => client.get(...))` runs the callback with the
 * policy's breaker, retries (and whether they back off) and timeout. A policy assigned to a
 * name becomes a `resilience-policy` fact for modules that import it.
 */
export const cockatielDetector: Detector = {
  id: 'cockatiel',
  modules: ['cockatiel'],
  visitCall(node, ctx) {
    if (!tsv.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    if (tsv.isPropertyAccessExpression(callee) && callee.name.text === 'execute') {
      const policy = policyOf(ctx, callee.expression);
      if (!policy) return;
      const fn = node.arguments[0] ? unwrap(node.arguments[0]) : undefined;
      const takesSignal = !!fn && (tsv.isArrowFunction(fn) || tsv.isFunctionExpression(fn)) && fn.parameters.length > 0;
      runsCallback(ctx, node, fn, protection(policy, takesSignal));
      return;
    }
    if (!ctx.declaration) return;
    const policy = policyOf(ctx, node);
    const timeoutMs = policy && !policy.cooperative ? policy.timeoutMs : null;
    if (!policy || (!policy.breaker && !policy.retry && timeoutMs === null)) return;
    ctx.emit({
      kind: 'resilience-policy',
      file: ctx.file,
      line: ctx.line(node),
      library: 'cockatiel',
      scope: ctx.scope.id,
      name: ctx.declaration.name,
      exported: ctx.declaration.exported,
      breaker: policy.breaker ? { timeoutMs: null } : null,
      retry: policy.retry,
      timeoutMs,
    });
  },
};
