import { createHash } from 'node:crypto';
import type { ClientInstanceFact, CodeScopeFact, Fact, HttpCallFact, SymPart, SymString } from '../../types/index.js';
import type { ResiliencePolicyFact } from '../../types/resilience-facts.js';
import { appliedRetry, instanceCall, pathBound, registrationFor, withRegistration, type PathBound } from './call-context.js';
import type { ModuleResolver } from './module-resolver.js';

const MAX_DEPTH = 14;
const MAX_STATES = 4000;
/**
 * A value filled in along a call path stops growing here: `f(a + a)` fourteen calls deep
 * doubles the text fourteen times, enough to exhaust memory. Beyond these bounds the
 * value is unknown.
 */
const MAX_PARTS = 64;
const MAX_CHARS = 4096;

/** Facts that happen when their scope runs: outbound calls, publishes, queries, ... */
export type EffectFact = Extract<Fact, { scope: string }>;

/** Fact kinds that describe a function's structure, not something it does. */
const STRUCTURAL = new Set<Fact['kind']>(['code-scope', 'endpoint', 'router-mount', 'router-factory', 'client-instance', 'env-read', 'resilience-policy']);

export function isEffect(fact: Fact): fact is EffectFact {
  return 'scope' in fact && !STRUCTURAL.has(fact.kind);
}

export interface CallGraph {
  scopes: Map<string, CodeScopeFact>;
  /** Effect facts by the scope they sit in. */
  effects: Map<string, EffectFact[]>;
  instances: Map<string, ClientInstanceFact>;
  /** Breakers and resilience policies other modules use, by `file#name`. */
  policies?: Map<string, ResiliencePolicyFact>;
  /** Clients registered under a dependency-injection token (NestJS), by token. */
  tokens?: Map<string, ClientInstanceFact[]>;
  resolver: ModuleResolver;
}

/** An effect reached from an entry point, with the path's context. */
export interface Reached<F extends EffectFact = EffectFact> {
  fact: F;
  inLoop: boolean;
  breaker: { library: string; timeoutMs: number | null } | null;
  /** A retry loop around the call, in its own scope or on the path to it. */
  retry: HttpCallFact['retry'];
  /** The calls taken from the entry to the effect's scope, outermost first (where a parameter got its value). */
  path?: readonly PathStep[];
  /** The fact as written, before parameters were filled in. */
  raw?: EffectFact;
  /** The tightest timeout policy on the path to the effect (cockatiel `timeout(...)`). */
  timeout?: PathBound;
}

/** One call on the way from an entry scope to an effect: the scope it entered, from which file, with which arguments. */
export interface PathStep {
  scope: string;
  file: string;
  call: CodeScopeFact['calls'][number];
}

/** @deprecated name kept for readers: an outbound call reached from an entry point. */
export type ReachedCall = Reached<HttpCallFact>;

function isSymString(value: unknown): value is SymString {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((p) => typeof p === 'object' && p !== null && ('lit' in p || 'env' in p || 'param' in p || 'ref' in p || 'unknown' in p || 'list' in p || 'scope' in p))
  );
}

/** Fills parameters into every symbolic string of a fact (URLs, channel names, SQL, ...). */
export function substituteFact<F>(fact: F, bindings: Bindings): F {
  if (!bindings) return fact;
  const walk = (value: unknown): unknown => {
    if (isSymString(value)) return substitute(value, bindings);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(fact) as F;
}

/** Argument values per function on the path: scope id → values of its parameters. */
type Bindings = Map<string, (SymString | null)[]> | null;

export function substitute(sym: SymString, bindings: Bindings): SymString {
  if (!bindings) return sym;
  const out: SymPart[] = [];
  for (const part of sym) {
    if ('param' in part) {
      const value = part.fn ? bindings.get(part.fn)?.[part.param] : undefined;
      if (value) out.push(...value);
      else out.push(part);
    } else if ('list' in part) {
      // Parameters inside the elements of a list are filled in too; an element stays text.
      out.push({ list: part.list.map((e) => substitute(e, bindings).map((p) => ('list' in p || 'scope' in p ? { unknown: 'value' } : p))) });
    } else out.push(part);
  }
  if (out.length > MAX_PARTS * 4) return [{ unknown: 'value too large' }];
  const merged: SymPart[] = [];
  let chars = 0;
  for (const part of out) {
    const last = merged[merged.length - 1];
    if ('lit' in part) chars += part.lit.length;
    if (chars > MAX_CHARS) return [{ unknown: 'value too large' }];
    if ('lit' in part && last && 'lit' in last) merged[merged.length - 1] = { lit: last.lit + part.lit };
    else merged.push(part);
  }
  return merged.length > MAX_PARTS ? [{ unknown: 'value too large' }] : merged;
}

/** What a call target names: a scope of this code base (maybe through a breaker), or a client instance (an outbound call). */
export function resolveTarget(
  graph: CallGraph,
  fromFile: string,
  target: CodeScopeFact['calls'][number]['target'],
  depth = 0,
): { scope: string; policy?: ResiliencePolicyFact } | { instance: ClientInstanceFact } | null {
  let file = fromFile;
  if (target.module) {
    const resolved = graph.resolver.resolve(fromFile, target.module);
    if (!resolved) return null;
    file = resolved;
  }
  const instance = target.module ? graph.instances.get(`${file}#${target.name}`) : undefined;
  if (target.member) {
    if (instance) return { instance };
    const policy = graph.policies?.get(`${file}#${target.name}`);
    if (policy?.wraps && target.member === 'fire' && depth < 3) {
      const wrapped = resolveTarget(graph, policy.file, policy.wraps, depth + 1);
      return wrapped && 'scope' in wrapped ? { scope: wrapped.scope, policy } : null;
    }
    return { scope: `${file}#${target.name}.${target.member}` };
  }
  // A callable client instance of another module: `api(url)` with `api = got.extend(...)`.
  if (instance && instance.protocol === 'http') return { instance };
  return { scope: `${file}#${target.name}` };
}

/** The policy a call runs through (`via`), exported by another module. */
function policyOf(graph: CallGraph, fromFile: string, via: CodeScopeFact['calls'][number]['via']): ResiliencePolicyFact | undefined {
  if (!via || !graph.policies) return undefined;
  const file = via.module ? graph.resolver.resolve(fromFile, via.module) : fromFile;
  return file ? graph.policies.get(`${file}#${via.name}`) : undefined;
}

/**
 * Every outbound call reachable from an entry scope through the code's own calls: helpers in
 * the same file, imported functions, class methods, breakers. Parameters are filled in from
 * the arguments along the path (so `broker.publish('order.created')` or a client taking a
 * base URL resolves at the call site), loops and breakers on the path are carried along.
 */
export function reachable(graph: CallGraph, entry: string): Reached[] {
  const out: Reached[] = [];
  const seen = new Set<string>();
  type State = { scope: string; bindings: Bindings; inLoop: boolean; breaker: Reached['breaker']; retry: Reached['retry']; timeout: PathBound | null; depth: number; path: readonly PathStep[] };
  const stack: State[] = [{ scope: entry, bindings: null, inLoop: false, breaker: null, retry: null, timeout: null, depth: 0, path: [] }];
  let states = 0;
  while (stack.length && states < MAX_STATES) {
    const state = stack.pop()!;
    // Hashed: the bindings of 4,000 states can hold megabytes of text.
    const key = createHash('sha1').update(`${state.scope}|${state.inLoop}|${state.breaker ? 'b' : ''}|${state.retry ? 'r' : ''}|${state.timeout?.ms ?? ''}|${state.bindings ? JSON.stringify([...state.bindings]) : ''}`).digest('base64');
    if (seen.has(key)) continue;
    seen.add(key);
    states++;
    for (const fact of graph.effects.get(state.scope) ?? []) {
      const own = fact as { inLoop?: boolean; retry?: HttpCallFact['retry'] };
      const filled = substituteFact(fact, state.bindings);
      out.push({
        fact: filled.kind === 'http-call' && filled.token ? withRegistration(filled, registrationFor(graph.tokens, filled)) : filled,
        inLoop: state.inLoop || !!own.inLoop,
        breaker: state.breaker,
        retry: own.retry ?? state.retry,
        ...(state.timeout ? { timeout: state.timeout } : {}),
        path: state.path,
        raw: fact,
      });
    }
    const scope = graph.scopes.get(state.scope);
    if (!scope || state.depth >= MAX_DEPTH) continue;
    for (const call of scope.calls) {
      const resolved = resolveTarget(graph, scope.file, call.target);
      if (!resolved) continue;
      const inLoop = state.inLoop || call.inLoop;
      // Breakers, retries and timeouts on the way: the call's own, a policy it runs through, a breaker it fires.
      const policy = policyOf(graph, scope.file, call.via) ?? ('policy' in resolved ? resolved.policy : undefined);
      const breaker = call.breaker
        ? { library: call.breaker.library, timeoutMs: call.breaker.timeoutMs }
        : policy?.breaker
          ? { library: policy.library, timeoutMs: policy.breaker.timeoutMs }
          : state.breaker;
      const retry = call.retry ?? policy?.retry ?? state.retry;
      const timeout = pathBound(pathBound(state.timeout, call.timeout ?? null), policy?.timeoutMs ? { ms: policy.timeoutMs, library: policy.library } : null);
      if ('instance' in resolved) {
        const fact = instanceCall(resolved.instance, call, scope.file, state.bindings, substitute);
        const own = fact ? (call.retry ?? appliedRetry(resolved.instance.retry ?? null, fact.method)) : null;
        if (fact) out.push({ fact: { ...fact, retry: own }, inLoop, breaker, retry: own ?? retry, ...(timeout ? { timeout } : {}) });
        continue;
      }
      // The callee sees its own arguments and, as a closure, everything bound on the way.
      const bindings = new Map(state.bindings ?? []);
      if (call.args.length) bindings.set(resolved.scope, call.args.map((a) => (a ? substitute(a, state.bindings) : null)));
      stack.push({ scope: resolved.scope, bindings, inLoop, breaker, retry, timeout, depth: state.depth + 1, path: [...state.path, { scope: resolved.scope, file: scope.file, call }] });
    }
  }
  return out;
}
